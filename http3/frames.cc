// Writing and decoding the HTTP/3 frames of frames.h.
#include "http3/frames.h"

#include "http3/frame_type.h"
#include "http3/payload_reader.h"
#include "http3/varint.h"

namespace quasar::http3 {

namespace {

// A payload made of exactly one varint (GOAWAY, CANCEL_PUSH, MAX_PUSH_ID).
Result<uint64_t> decode_single_varint(uint64_t type, std::span<const uint8_t> payload) {
  PayloadReader reader(payload);
  uint64_t value = 0;
  if (!reader.read_varint(value)) {
    return Http3Error::in_frame(Http3ErrorCode::kFrameError, type, "frame payload truncated");
  }
  if (!reader.empty()) {
    return Http3Error::in_frame(Http3ErrorCode::kFrameError, type,
                                "frame payload longer than its fields");
  }
  return value;
}

void append_single_varint_frame(std::vector<uint8_t>& out, uint64_t type, uint64_t value) {
  append_frame_header(out, type, varint_size(value));
  append_varint(out, value);
}

}  // namespace

std::string_view frame_type_name(uint64_t type) {
  switch (type) {
    case frame_type::kData:
      return "DATA";
    case frame_type::kHeaders:
      return "HEADERS";
    case frame_type::kCancelPush:
      return "CANCEL_PUSH";
    case frame_type::kSettings:
      return "SETTINGS";
    case frame_type::kPushPromise:
      return "PUSH_PROMISE";
    case frame_type::kGoaway:
      return "GOAWAY";
    case frame_type::kMaxPushId:
      return "MAX_PUSH_ID";
    case frame_type::kPriorityUpdateRequest:
    case frame_type::kPriorityUpdatePush:
      return "PRIORITY_UPDATE";
    default:
      return is_grease_frame_type(type) ? "RESERVED" : "UNKNOWN";
  }
}

void append_frame_header(std::vector<uint8_t>& out, uint64_t type, uint64_t payload_length) {
  append_varint(out, type);
  append_varint(out, payload_length);
}

size_t write_data_frame_header(uint64_t payload_length, uint8_t* out) {
  const size_t n = encode_varint(frame_type::kData, out);
  return n + encode_varint(payload_length, out + n);
}

void append_data_frame(std::vector<uint8_t>& out, std::span<const uint8_t> payload) {
  append_frame(out, frame_type::kData, payload);
}

void append_headers_frame(std::vector<uint8_t>& out, std::span<const uint8_t> field_section) {
  append_frame(out, frame_type::kHeaders, field_section);
}

void append_goaway_frame(std::vector<uint8_t>& out, const GoawayFrame& frame) {
  append_single_varint_frame(out, frame_type::kGoaway, frame.id);
}

void append_cancel_push_frame(std::vector<uint8_t>& out, const CancelPushFrame& frame) {
  append_single_varint_frame(out, frame_type::kCancelPush, frame.push_id);
}

void append_max_push_id_frame(std::vector<uint8_t>& out, const MaxPushIdFrame& frame) {
  append_single_varint_frame(out, frame_type::kMaxPushId, frame.push_id);
}

void append_push_promise_frame(std::vector<uint8_t>& out, const PushPromiseFrame& frame) {
  append_frame_header(out, frame_type::kPushPromise,
                      varint_size(frame.push_id) + frame.field_section.size());
  append_varint(out, frame.push_id);
  out.insert(out.end(), frame.field_section.begin(), frame.field_section.end());
}

void append_priority_update_frame(std::vector<uint8_t>& out, const PriorityUpdateFrame& frame) {
  const uint64_t type =
      frame.for_push ? frame_type::kPriorityUpdatePush : frame_type::kPriorityUpdateRequest;
  append_frame_header(out, type, varint_size(frame.element_id) + frame.field_value.size());
  append_varint(out, frame.element_id);
  out.insert(out.end(), frame.field_value.begin(), frame.field_value.end());
}

void append_frame(std::vector<uint8_t>& out, uint64_t type, std::span<const uint8_t> payload) {
  append_frame_header(out, type, payload.size());
  out.insert(out.end(), payload.begin(), payload.end());
}

Result<GoawayFrame> decode_goaway_frame(std::span<const uint8_t> payload) {
  HTTP3_ASSIGN_OR_RETURN(const uint64_t id, decode_single_varint(frame_type::kGoaway, payload));
  return GoawayFrame{id};
}

Result<CancelPushFrame> decode_cancel_push_frame(std::span<const uint8_t> payload) {
  HTTP3_ASSIGN_OR_RETURN(const uint64_t id, decode_single_varint(frame_type::kCancelPush, payload));
  return CancelPushFrame{id};
}

Result<MaxPushIdFrame> decode_max_push_id_frame(std::span<const uint8_t> payload) {
  HTTP3_ASSIGN_OR_RETURN(const uint64_t id, decode_single_varint(frame_type::kMaxPushId, payload));
  return MaxPushIdFrame{id};
}

Result<PushPromiseFrame> decode_push_promise_frame(std::span<const uint8_t> payload) {
  PayloadReader reader(payload);
  PushPromiseFrame frame;
  if (!reader.read_varint(frame.push_id)) {
    return Http3Error::in_frame(Http3ErrorCode::kFrameError, frame_type::kPushPromise,
                                "PUSH_PROMISE without a complete push ID");
  }
  frame.field_section = reader.read_rest();
  return frame;
}

Result<PriorityUpdateFrame> decode_priority_update_frame(uint64_t type,
                                                         std::span<const uint8_t> payload) {
  PayloadReader reader(payload);
  PriorityUpdateFrame frame;
  frame.for_push = type == frame_type::kPriorityUpdatePush;
  if (!reader.read_varint(frame.element_id)) {
    return Http3Error::in_frame(Http3ErrorCode::kFrameError, type,
                                "PRIORITY_UPDATE without a complete element ID");
  }
  frame.field_value = reader.read_rest_as_text();
  return frame;
}

}  // namespace quasar::http3
