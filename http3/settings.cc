// Writing, decoding and comparing SETTINGS.
#include "http3/settings.h"

#include <algorithm>

#include "http3/frame_type.h"
#include "http3/frames.h"
#include "http3/payload_reader.h"
#include "http3/varint.h"

namespace quasar::http3 {

void append_settings_frame(std::vector<uint8_t>& out, const Settings& settings,
                           std::span<const ExtraSetting> extra) {
  std::vector<uint8_t> payload;
  const auto add = [&](uint64_t id, uint64_t value) {
    append_varint(payload, id);
    append_varint(payload, value);
  };
  if (settings.qpack_max_table_capacity != 0) {
    add(setting_id::kQpackMaxTableCapacity, settings.qpack_max_table_capacity);
  }
  if (settings.max_field_section_size) {
    add(setting_id::kMaxFieldSectionSize, *settings.max_field_section_size);
  }
  if (settings.qpack_blocked_streams != 0) {
    add(setting_id::kQpackBlockedStreams, settings.qpack_blocked_streams);
  }
  for (const ExtraSetting& e : extra) add(e.id, e.value);
  append_frame(out, frame_type::kSettings, payload);
}

Result<Settings> decode_settings_payload(std::span<const uint8_t> payload) {
  Settings settings;
  PayloadReader reader(payload);
  // Identifiers seen so far, to find duplicates. A payload is bounded by the frame size limit.
  std::vector<uint64_t> seen;
  while (!reader.empty()) {
    uint64_t id = 0;
    uint64_t value = 0;
    if (!reader.read_varint(id) || !reader.read_varint(value)) {
      return Http3Error::in_frame(Http3ErrorCode::kFrameError, frame_type::kSettings,
                                  "SETTINGS parameter truncated");
    }
    if (is_http2_only_setting(id)) {
      return Http3Error::in_frame(Http3ErrorCode::kSettingsError, frame_type::kSettings,
                                  "HTTP/2 setting identifier in SETTINGS");
    }
    seen.push_back(id);
    switch (id) {
      case setting_id::kQpackMaxTableCapacity:
        settings.qpack_max_table_capacity = value;
        break;
      case setting_id::kMaxFieldSectionSize:
        settings.max_field_section_size = value;
        break;
      case setting_id::kQpackBlockedStreams:
        settings.qpack_blocked_streams = value;
        break;
      default:
        break;  // RFC 9114 §7.2.4: unknown identifiers are ignored
    }
  }
  std::sort(seen.begin(), seen.end());
  if (std::adjacent_find(seen.begin(), seen.end()) != seen.end()) {
    return Http3Error::in_frame(Http3ErrorCode::kSettingsError, frame_type::kSettings,
                                "setting identifier repeated in SETTINGS");
  }
  return settings;
}

bool settings_compatible_with_remembered(const Settings& current, const Settings& remembered) {
  if (current.qpack_max_table_capacity < remembered.qpack_max_table_capacity) return false;
  if (current.qpack_blocked_streams < remembered.qpack_blocked_streams) return false;
  // Unlimited stays unlimited; a remembered limit must be restated, never lowered (omitting a
  // non-default value is itself an error).
  if (!remembered.max_field_section_size) return !current.max_field_section_size;
  return current.max_field_section_size &&
         *current.max_field_section_size >= *remembered.max_field_section_size;
}

}  // namespace quasar::http3
