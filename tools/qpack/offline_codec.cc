// Offline interop encoding and decoding.
#include "tools/qpack/offline_codec.h"

#include <cstdlib>
#include <map>
#include <memory>

#include "qpack/decoder.h"
#include "qpack/encoder_instruction.h"

namespace quasar::qpack::offline {
namespace {

// Large enough for any field section of the corpus; the limit guards live connections.
constexpr uint64_t kMaxFieldSectionSize = uint64_t{1} << 24;

class CollectingSink : public FieldLineSink {
 public:
  explicit CollectingSink(HeaderList& fields) : fields_(fields) {}
  void on_field_line(std::string_view name, std::string_view value, bool) override {
    fields_.push_back({std::string(name), std::string(value)});
  }

 private:
  HeaderList& fields_;
};

class DiscardingSink : public FieldLineSink {
 public:
  void on_field_line(std::string_view, std::string_view, bool) override {}
};

// A decoder for these settings. The offline interop format predates RFC 9204 §3.2.3's
// initial capacity of zero: most encoders of the corpus insert without Set Dynamic Table
// Capacity, assuming the table starts at T. It starts there, as if that instruction had been
// received.
std::unique_ptr<Decoder> make_decoder(const OfflineSettings& settings) {
  auto decoder = std::make_unique<Decoder>(
      DecoderConfig{settings.table_capacity, settings.blocked_streams, kMaxFieldSectionSize});
  if (settings.table_capacity > 0) {
    std::vector<uint8_t> set_capacity;
    write_set_dynamic_table_capacity(set_capacity, settings.table_capacity);
    if (!decoder->on_encoder_stream_data(set_capacity).ok()) std::abort();
  }
  return decoder;
}

std::string describe(size_t block_number, uint64_t stream_id, const QpackError& error) {
  std::string where = "block " + std::to_string(block_number);
  where += stream_id == 0 ? " (encoder stream)" : " (stream " + std::to_string(stream_id) + ")";
  return where + ": " + std::string(error.name()) + ": " + error.reason;
}

}  // namespace

EncoderConfig offline_encoder_config(const OfflineSettings& settings) {
  EncoderConfig config;
  config.max_table_capacity = settings.table_capacity;
  config.max_blocked_streams = settings.blocked_streams;
  config.decoder_feedback = settings.immediate_ack;
  // The format's decoders start with a table of capacity T (see decode_offline).
  config.capacity_preset = true;
  return config;
}

std::vector<uint8_t> encode_offline(std::span<const HeaderList> lists,
                                    const OfflineSettings& settings) {
  return encode_offline(lists, settings, offline_encoder_config(settings));
}

std::vector<uint8_t> encode_offline(std::span<const HeaderList> lists,
                                    const OfflineSettings& settings, const EncoderConfig& config) {
  Encoder encoder(config);
  const std::unique_ptr<Decoder> decoder = make_decoder(settings);
  DiscardingSink discard;
  std::vector<uint8_t> file;
  std::vector<FieldLine> fields;
  std::vector<uint8_t> section;
  std::vector<uint8_t> encoder_stream;
  std::vector<uint8_t> decoder_stream;
  for (size_t i = 0; i < lists.size(); ++i) {
    const uint64_t stream_id = i + 1;
    fields.clear();
    for (const HeaderField& f : lists[i]) fields.push_back({f.name, f.value});
    section.clear();
    encoder.encode_section(stream_id, fields, section);
    encoder_stream.clear();
    encoder.flush_encoder_stream(encoder_stream);
    if (!encoder_stream.empty()) append_interop_block(file, 0, encoder_stream);
    append_interop_block(file, stream_id, section);
    if (settings.immediate_ack) {
      // Our own decoder plays the peer; its acknowledgements go straight back.
      const bool decoded = decoder->on_encoder_stream_data(encoder_stream).ok() &&
                           decoder->decode_section(stream_id, section, discard).ok();
      if (!decoded) std::abort();  // our encoder produced something our decoder refuses
      decoder_stream.clear();
      decoder->flush_decoder_stream(decoder_stream);
      if (!encoder.on_decoder_stream_data(decoder_stream).ok()) std::abort();
    }
  }
  return file;
}

std::optional<std::vector<DecodedSection>> decode_offline(std::span<const InteropBlock> blocks,
                                                          const OfflineSettings& settings,
                                                          std::string& error) {
  const std::unique_ptr<Decoder> owned_decoder = make_decoder(settings);
  Decoder& decoder = *owned_decoder;
  std::map<uint64_t, HeaderList> decoded;
  std::map<uint64_t, size_t> block_of_stream;
  for (size_t i = 0; i < blocks.size(); ++i) {
    const InteropBlock& block = blocks[i];
    if (block.stream_id == 0) {
      const Status status = decoder.on_encoder_stream_data(block.data);
      if (!status.ok()) {
        error = describe(i + 1, 0, status.error());
        return std::nullopt;
      }
      while (const auto stream_id = decoder.next_unblocked_stream()) {
        CollectingSink sink(decoded[*stream_id]);
        const Status resumed = decoder.decode_next_unblocked(sink);
        if (!resumed.ok()) {
          error = describe(block_of_stream[*stream_id], *stream_id, resumed.error());
          return std::nullopt;
        }
      }
      continue;
    }
    if (block_of_stream.contains(block.stream_id)) {
      error = "block " + std::to_string(i + 1) + " (stream " + std::to_string(block.stream_id) +
              "): a second field section for the stream";
      return std::nullopt;
    }
    block_of_stream[block.stream_id] = i + 1;
    CollectingSink sink(decoded[block.stream_id]);
    const auto state = decoder.decode_section(block.stream_id, block.data, sink);
    if (!state.ok()) {
      error = describe(i + 1, block.stream_id, state.error());
      return std::nullopt;
    }
  }
  if (const auto blocked = decoder.oldest_blocked_stream()) {
    error = "block " + std::to_string(block_of_stream[*blocked]) + " (stream " +
            std::to_string(*blocked) +
            "): still blocked at the end of the input, its Required Insert Count never reached";
    return std::nullopt;
  }
  std::vector<DecodedSection> sections;
  for (auto& [stream_id, fields] : decoded) sections.push_back({stream_id, std::move(fields)});
  return sections;
}

}  // namespace quasar::qpack::offline
