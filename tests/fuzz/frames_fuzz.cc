// Fuzz target for the frame codec: decodes frames from arbitrary bytes until an error or the end,
// and checks that every decoded frame re-encodes (no larger than it came, failing cleanly
// without room) and decodes back to an equal frame.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "quic/base/buffer_reader.h"
#include "quic/base/buffer_writer.h"
#include "quic/wire/frame_decoder.h"
#include "quic/wire/frame_encoder.h"
#include "quic/wire/frame_permissions.h"

namespace {

#define FRAMES_FUZZ_CHECK(condition)                                                     \
  do {                                                                                   \
    if (!(condition)) {                                                                  \
      std::fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #condition); \
      std::abort();                                                                      \
    }                                                                                    \
  } while (0)

using namespace quasar;

void check_frame(const Frame& frame, size_t decoded_size) {
  const FrameType type = frame_type_of(frame);
  // The predicates answer for every decoded frame without tripping over anything.
  for (PacketType packet :
       {PacketType::kInitial, PacketType::kZeroRtt, PacketType::kHandshake, PacketType::kOneRtt}) {
    (void)frame_allowed_in(type, packet);
  }
  FRAMES_FUZZ_CHECK(frame_allowed_in(type, PacketType::kOneRtt));
  FRAMES_FUZZ_CHECK(counts_toward_bytes_in_flight(type) || !is_ack_eliciting(type));

  // Whatever decodes can be encoded, in its shortest form: never larger than it came.
  const size_t size = encoded_size(frame);
  FRAMES_FUZZ_CHECK(size > 0);
  FRAMES_FUZZ_CHECK(size <= decoded_size);

  std::vector<uint8_t> buffer(size + 1, 0xa5);
  BufferWriter too_small{std::span(buffer).first(size - 1)};
  FRAMES_FUZZ_CHECK(!encode_frame(too_small, frame));
  FRAMES_FUZZ_CHECK(too_small.written() == 0);
  FRAMES_FUZZ_CHECK(buffer[0] == 0xa5);

  BufferWriter writer{std::span(buffer).first(size)};
  FRAMES_FUZZ_CHECK(encode_frame(writer, frame));
  FRAMES_FUZZ_CHECK(writer.written() == size);
  FRAMES_FUZZ_CHECK(buffer[size] == 0xa5);

  BufferReader reader(writer.written_span());
  const Result<Frame> again = decode_frame(reader);
  FRAMES_FUZZ_CHECK(again.ok());
  FRAMES_FUZZ_CHECK(reader.empty());
  FRAMES_FUZZ_CHECK(*again == frame);
  FRAMES_FUZZ_CHECK(frame_type_of(*again) == type);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  quasar::BufferReader reader(std::span<const uint8_t>(data, size));
  while (!reader.empty()) {
    const size_t start = reader.offset();
    const quasar::Result<quasar::Frame> frame = quasar::decode_frame(reader);
    if (!frame.ok()) {
      // A refused frame leaves the reader in place and names an RFC 9000 §20 code.
      FRAMES_FUZZ_CHECK(reader.offset() == start);
      FRAMES_FUZZ_CHECK(frame.error().is(quasar::TransportError::kFrameEncodingError) ||
                        frame.error().is(quasar::TransportError::kProtocolViolation));
      break;
    }
    FRAMES_FUZZ_CHECK(reader.offset() > start);
    check_frame(*frame, reader.offset() - start);
  }
  return 0;
}
