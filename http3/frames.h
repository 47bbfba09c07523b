// HTTP/3 frames (RFC 9114 §7; PRIORITY_UPDATE from RFC 9218 §7.2): the payloads of the frames
// that carry fields of their own, how each is written, and how a complete payload is decoded.
// SETTINGS has its own file (settings.h). Decoders are zero-copy: spans and views point into
// the payload they were given.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "http3/result.h"

namespace quasar::http3 {

// GOAWAY (RFC 9114 §7.2.6): a client-initiated bidirectional stream ID from a server, a push ID
// from a client.
struct GoawayFrame {
  uint64_t id = 0;
  friend bool operator==(const GoawayFrame&, const GoawayFrame&) = default;
};

// CANCEL_PUSH (§7.2.3) and MAX_PUSH_ID (§7.2.7) carry one push ID.
struct CancelPushFrame {
  uint64_t push_id = 0;
  friend bool operator==(const CancelPushFrame&, const CancelPushFrame&) = default;
};
struct MaxPushIdFrame {
  uint64_t push_id = 0;
  friend bool operator==(const MaxPushIdFrame&, const MaxPushIdFrame&) = default;
};

// PUSH_PROMISE (§7.2.5): a push ID and the promised request's encoded field section.
struct PushPromiseFrame {
  uint64_t push_id = 0;
  std::span<const uint8_t> field_section;
};

// PRIORITY_UPDATE (RFC 9218 §7.2): the request stream ID (type 0xf0700) or push ID (0xf0701)
// it targets and a Priority Field Value in ASCII.
struct PriorityUpdateFrame {
  bool for_push = false;
  uint64_t element_id = 0;
  std::string_view field_value;
};

// --- Writing: each appends one whole frame to `out` ---
// The Type and Length fields (RFC 9114 §7.1); the payload follows.
void append_frame_header(std::vector<uint8_t>& out, uint64_t type, uint64_t payload_length);
// Writes the header of a DATA frame of `payload_length` bytes into `out` (at least 16 bytes);
// returns its size. The body is written after it without copying it here.
size_t write_data_frame_header(uint64_t payload_length, uint8_t* out);
void append_data_frame(std::vector<uint8_t>& out, std::span<const uint8_t> payload);
void append_headers_frame(std::vector<uint8_t>& out, std::span<const uint8_t> field_section);
void append_goaway_frame(std::vector<uint8_t>& out, const GoawayFrame& frame);
void append_cancel_push_frame(std::vector<uint8_t>& out, const CancelPushFrame& frame);
void append_max_push_id_frame(std::vector<uint8_t>& out, const MaxPushIdFrame& frame);
void append_push_promise_frame(std::vector<uint8_t>& out, const PushPromiseFrame& frame);
void append_priority_update_frame(std::vector<uint8_t>& out, const PriorityUpdateFrame& frame);
// Any frame type with an opaque payload (reserved and extension frames, RFC 9114 §7.2.8).
void append_frame(std::vector<uint8_t>& out, uint64_t type, std::span<const uint8_t> payload);

// --- Decoding a complete payload ---
// Every error is H3_FRAME_ERROR carrying the frame type (§7.1: a payload must hold exactly the
// fields of its frame, no more and no fewer).
Result<GoawayFrame> decode_goaway_frame(std::span<const uint8_t> payload);
Result<CancelPushFrame> decode_cancel_push_frame(std::span<const uint8_t> payload);
Result<MaxPushIdFrame> decode_max_push_id_frame(std::span<const uint8_t> payload);
Result<PushPromiseFrame> decode_push_promise_frame(std::span<const uint8_t> payload);
// `type` is 0xf0700 or 0xf0701.
Result<PriorityUpdateFrame> decode_priority_update_frame(uint64_t type,
                                                         std::span<const uint8_t> payload);

}  // namespace quasar::http3
