// Decoding a 1200-byte packet payload full of STREAM frames (RFC 9000 §19.8), and building
// one the way the packet builder does (header, then a copy of the data).
#include <array>
#include <cstdint>
#include <cstring>

#include <benchmark/benchmark.h>

#include "bench/support/alloc_counter.h"
#include "quic/base/buffer_reader.h"
#include "quic/base/buffer_writer.h"
#include "quic/wire/frame_decoder.h"
#include "quic/wire/frame_encoder.h"

namespace quasar {
namespace {

constexpr size_t kPayloadSize = 1200;

// Fills `room` bytes with STREAM frames carrying up to `chunk` bytes each, on rotating streams
// at growing offsets, the last frame without a Length field. Returns the frame count.
size_t fill_with_stream_frames(BufferWriter& writer, size_t chunk,
                               const std::array<uint8_t, kPayloadSize>& data) {
  size_t frames = 0;
  uint64_t offset = 1 << 20;
  while (writer.remaining() > 0) {
    const uint64_t stream_id = 4 * (frames % 8);
    const size_t room = writer.remaining();
    // The last frame takes the rest of the packet, so no sliver too small for a frame is left.
    const size_t framed = stream_frame_header_size(stream_id, offset, chunk, true) + chunk;
    const bool last = room < framed + 16;
    const size_t length = last ? stream_frame_data_capacity(stream_id, offset, room, false) : chunk;
    if (length == 0 ||
        !write_stream_frame_header(writer, stream_id, offset, length, false, !last) ||
        !writer.write_bytes(std::span(data).first(length))) {
      break;
    }
    offset += length;
    ++frames;
  }
  return frames;
}

void BM_StreamFramesDecode(benchmark::State& state) {
  std::array<uint8_t, kPayloadSize> data{};
  std::array<uint8_t, kPayloadSize> payload{};
  BufferWriter writer(payload);
  const size_t frames = fill_with_stream_frames(writer, static_cast<size_t>(state.range(0)), data);
  if (writer.remaining() != 0) {
    state.SkipWithError("payload not filled");
    return;
  }
  bench::AllocationScope allocs;
  for (auto _ : state) {
    BufferReader reader(payload);
    size_t bytes = 0;
    while (!reader.empty()) {
      Result<Frame> frame = decode_frame(reader);
      if (!frame.ok()) {
        state.SkipWithError("decode failed");
        break;
      }
      bytes += std::get<StreamFrame>(*frame).data.size();
    }
    benchmark::DoNotOptimize(bytes);
  }
  allocs.report(state);
  state.counters["frames"] = static_cast<double>(frames);
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(kPayloadSize));
}
BENCHMARK(BM_StreamFramesDecode)->Arg(16)->Arg(100)->Arg(1100);

void BM_StreamFramesBuild(benchmark::State& state) {
  std::array<uint8_t, kPayloadSize> data{};
  std::array<uint8_t, kPayloadSize> payload{};
  const size_t chunk = static_cast<size_t>(state.range(0));
  bench::AllocationScope allocs;
  for (auto _ : state) {
    BufferWriter writer(payload);
    benchmark::DoNotOptimize(fill_with_stream_frames(writer, chunk, data));
    benchmark::DoNotOptimize(payload.data());
  }
  allocs.report(state);
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(kPayloadSize));
}
BENCHMARK(BM_StreamFramesBuild)->Arg(16)->Arg(100)->Arg(1100);

}  // namespace
}  // namespace quasar
