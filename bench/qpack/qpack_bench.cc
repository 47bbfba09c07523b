// QPACK benchmarks: encoding and decoding the header lists of the offline-interop corpus
// (fb-req, fb-resp, netbsd) with a 4096-byte table, 100 blocked streams and immediate
// acknowledgement, and Huffman decoding. Each iteration handles a whole file on a connection
// that lives across iterations (after one pass to warm up); `lists/s` and `bytes/s` (name and
// value octets) measure throughput, and `allocs/list` shows that the steady state does not
// allocate per field line.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "bench/support/alloc_counter.h"
#include "qpack/decoder.h"
#include "qpack/decoder_instruction.h"
#include "qpack/encoder.h"
#include "qpack/encoder_instruction.h"
#include "qpack/huffman.h"
#include "tools/qpack/offline_codec.h"
#include "tools/qpack/qif.h"

namespace quasar::qpack {
namespace {

constexpr uint64_t kTableCapacity = 4096;
constexpr uint64_t kBlockedStreams = 100;

struct Corpus {
  std::vector<offline::HeaderList> lists;
  std::vector<std::vector<FieldLine>> fields;  // views of `lists`
  uint64_t header_bytes = 0;                   // name and value octets
};

const Corpus& corpus(const std::string& name) {
  static std::map<std::string, Corpus> loaded;
  auto it = loaded.find(name);
  if (it != loaded.end()) return it->second;
  Corpus& c = loaded[name];
  std::ifstream in(std::string(QUASAR_QPACK_INTEROP_DIR) + "/qifs/" + name + ".qif");
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  c.lists = offline::parse_qif(text);
  for (const auto& list : c.lists) {
    auto& f = c.fields.emplace_back();
    for (const auto& h : list) {
      f.push_back({h.name, h.value});
      c.header_bytes += h.name.size() + h.value.size();
    }
  }
  if (c.lists.empty()) std::fprintf(stderr, "no header lists in %s\n", name.c_str());
  return c;
}

EncoderConfig encoder_config() {
  EncoderConfig config;
  config.max_table_capacity = kTableCapacity;
  config.max_blocked_streams = kBlockedStreams;
  return config;
}

void report(benchmark::State& state, const Corpus& c, const bench::AllocationScope& allocs) {
  allocs.report(state);
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * c.lists.size()));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * c.header_bytes));
  state.counters["lists/s"] = benchmark::Counter(static_cast<double>(c.lists.size()),
                                                 benchmark::Counter::kIsIterationInvariantRate);
  // allocs/op holds the total until it is averaged over the iterations.
  state.counters["allocs/list"] =
      benchmark::Counter(state.counters["allocs/op"].value / static_cast<double>(c.lists.size()),
                         benchmark::Counter::kAvgIterations);
}

// Encodes every list of the file per iteration with one long-lived encoder (stream IDs keep
// growing), as a connection would; a decoder acknowledging at once is stood in for by
// Section Acknowledgments and Insert Count Increments written straight back.
void BM_Encode(benchmark::State& state, const std::string& name) {
  const Corpus& c = corpus(name);
  Encoder encoder(encoder_config());
  std::vector<uint8_t> section;
  std::vector<uint8_t> encoder_stream;
  std::vector<uint8_t> decoder_stream;
  uint64_t stream_id = 0;
  uint64_t encoded = 0;
  const auto encode_file = [&] {
    for (const auto& fields : c.fields) {
      section.clear();
      encoder.encode_section(stream_id, fields, section);
      encoder_stream.clear();
      encoder.flush_encoder_stream(encoder_stream);
      encoded += section.size() + encoder_stream.size();
      // The peer acknowledges the section (if it used the table) and every insertion.
      decoder_stream.clear();
      if (section[0] != 0) write_section_acknowledgment(decoder_stream, stream_id);
      if (!encoder.on_decoder_stream_data(decoder_stream).ok()) state.SkipWithError("ack");
      const uint64_t unacknowledged =
          encoder.table().insert_count() - encoder.known_received_count();
      if (unacknowledged > 0) {
        decoder_stream.clear();
        write_insert_count_increment(decoder_stream, unacknowledged);
        if (!encoder.on_decoder_stream_data(decoder_stream).ok()) state.SkipWithError("ack");
      }
      ++stream_id;
    }
  };
  encode_file();  // warm up: the buffers reach their working size
  encoded = 0;
  bench::AllocationScope allocs;
  for (auto _ : state) encode_file();
  report(state, c, allocs);
  state.counters["encoded bytes"] =
      benchmark::Counter(static_cast<double>(encoded) / static_cast<double>(state.iterations()));
}

class CountingSink : public FieldLineSink {
 public:
  void on_field_line(std::string_view name, std::string_view value, bool) override {
    bytes += name.size() + value.size();
  }
  uint64_t bytes = 0;
};

constexpr int kDecodePasses = 40;

// Decodes what our encoder makes of the file repeated kDecodePasses times on one
// connection, one pass per iteration, with one long-lived decoder.
void BM_Decode(benchmark::State& state, const std::string& name) {
  const Corpus& c = corpus(name);
  std::vector<offline::HeaderList> repeated;
  for (int i = 0; i < kDecodePasses + 1; ++i) {
    repeated.insert(repeated.end(), c.lists.begin(), c.lists.end());
  }
  const std::vector<uint8_t> file =
      offline::encode_offline(repeated, {kTableCapacity, kBlockedStreams, true});
  std::string error;
  const auto blocks = offline::parse_interop_file(file, error);
  if (!blocks) {
    state.SkipWithError(error.c_str());
    return;
  }
  std::vector<uint8_t> set_capacity;
  write_set_dynamic_table_capacity(set_capacity, kTableCapacity);
  Decoder decoder({kTableCapacity, kBlockedStreams, 1 << 16});
  (void)decoder.on_encoder_stream_data(set_capacity);
  std::vector<uint8_t> decoder_stream;
  CountingSink sink;
  size_t next_block = 0;
  const auto decode_pass = [&] {
    // One pass: blocks up to and including the section of the pass's last list.
    size_t sections = 0;
    while (next_block < blocks->size() && sections < c.lists.size()) {
      const offline::InteropBlock& block = (*blocks)[next_block++];
      bool ok;
      if (block.stream_id == 0) {
        ok = decoder.on_encoder_stream_data(block.data).ok();
      } else {
        ok = decoder.decode_section(block.stream_id, block.data, sink).ok();
        ++sections;
      }
      if (!ok) state.SkipWithError("decoding failed");
    }
    decoder_stream.clear();
    decoder.flush_decoder_stream(decoder_stream);
  };
  decode_pass();  // warm up
  sink.bytes = 0;
  bench::AllocationScope allocs;
  for (auto _ : state) decode_pass();
  report(state, c, allocs);
  if (sink.bytes != state.iterations() * c.header_bytes) state.SkipWithError("lost field lines");
}

// Huffman decoding of every value of a file, each Huffman-encoded beforehand.
void BM_HuffmanDecode(benchmark::State& state, const std::string& name) {
  const Corpus& c = corpus(name);
  std::vector<std::vector<uint8_t>> encoded;
  uint64_t encoded_bytes = 0;
  uint64_t decoded_bytes = 0;
  for (const auto& list : c.lists) {
    for (const auto& h : list) {
      append_huffman(encoded.emplace_back(), h.value);
      encoded_bytes += encoded.back().size();
      decoded_bytes += h.value.size();
    }
  }
  std::vector<char> out(1 << 16);
  bench::AllocationScope allocs;
  for (auto _ : state) {
    for (const auto& e : encoded) {
      const auto length = huffman_decode(e, out.data());
      benchmark::DoNotOptimize(length);
    }
  }
  allocs.report(state);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * decoded_bytes));
  state.counters["encoded MB/s"] = benchmark::Counter(
      static_cast<double>(encoded_bytes) / 1e6, benchmark::Counter::kIsIterationInvariantRate);
}

void BM_HuffmanEncode(benchmark::State& state, const std::string& name) {
  const Corpus& c = corpus(name);
  std::vector<uint8_t> out;
  out.reserve(1 << 16);
  uint64_t bytes = 0;
  for (const auto& list : c.lists) {
    for (const auto& h : list) bytes += h.value.size();
  }
  bench::AllocationScope allocs;
  for (auto _ : state) {
    for (const auto& list : c.lists) {
      for (const auto& h : list) {
        out.clear();
        append_huffman(out, h.value);
      }
    }
    benchmark::DoNotOptimize(out.data());
  }
  allocs.report(state);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
}

BENCHMARK_CAPTURE(BM_Encode, fb_req, std::string("fb-req"));
BENCHMARK_CAPTURE(BM_Encode, fb_resp, std::string("fb-resp"));
BENCHMARK_CAPTURE(BM_Encode, netbsd, std::string("netbsd"));
BENCHMARK_CAPTURE(BM_Decode, fb_req, std::string("fb-req"))->Iterations(kDecodePasses);
BENCHMARK_CAPTURE(BM_Decode, fb_resp, std::string("fb-resp"))->Iterations(kDecodePasses);
BENCHMARK_CAPTURE(BM_Decode, netbsd, std::string("netbsd"))->Iterations(kDecodePasses);
BENCHMARK_CAPTURE(BM_HuffmanDecode, fb_resp, std::string("fb-resp"));
BENCHMARK_CAPTURE(BM_HuffmanEncode, fb_resp, std::string("fb-resp"));

}  // namespace
}  // namespace quasar::qpack
