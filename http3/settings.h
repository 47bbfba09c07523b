// Settings: the SETTINGS frame (RFC 9114 §7.2.4) with the parameters HTTP/3 and QPACK define
// (RFC 9114 §7.2.4.1, RFC 9204 §5), how it is written and how a received payload is checked.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "http3/result.h"

namespace quasar::http3 {

namespace setting_id {
inline constexpr uint64_t kQpackMaxTableCapacity = 0x01;  // RFC 9204 §5
inline constexpr uint64_t kMaxFieldSectionSize = 0x06;    // RFC 9114 §7.2.4.1
inline constexpr uint64_t kQpackBlockedStreams = 0x07;    // RFC 9204 §5
}  // namespace setting_id

// RFC 9114 §7.2.4.1: identifiers 0x1f * N + 0x21 are reserved (GREASE) and mean nothing.
constexpr bool is_grease_setting(uint64_t id) { return id >= 0x21 && (id - 0x21) % 0x1f == 0; }

// RFC 9114 §7.2.4.1, §11.2.2: HTTP/2 settings with no HTTP/3 counterpart (ENABLE_PUSH,
// MAX_CONCURRENT_STREAMS, INITIAL_WINDOW_SIZE, MAX_FRAME_SIZE); receiving one is
// H3_SETTINGS_ERROR.
constexpr bool is_http2_only_setting(uint64_t id) { return id >= 0x02 && id <= 0x05; }

// One endpoint's settings. Every field starts at its default (RFC 9114 §7.2.4.2): the values
// in force until the peer's SETTINGS arrive.
struct Settings {
  uint64_t qpack_max_table_capacity = 0;
  uint64_t qpack_blocked_streams = 0;
  // Unlimited when absent.
  std::optional<uint64_t> max_field_section_size;

  friend bool operator==(const Settings&, const Settings&) = default;
};

// A parameter with no meaning to send along (a reserved identifier, RFC 9114 §7.2.4.1).
struct ExtraSetting {
  uint64_t id = 0;
  uint64_t value = 0;
};

// Appends a SETTINGS frame carrying every parameter that differs from its default, then
// `extra` (RFC 9114 §7.2.4.2: a server accepting 0-RTT must send all non-default values).
void append_settings_frame(std::vector<uint8_t>& out, const Settings& settings,
                           std::span<const ExtraSetting> extra = {});

// Decodes a SETTINGS payload. Unknown and reserved identifiers are ignored. Errors:
// H3_FRAME_ERROR for a truncated parameter, H3_SETTINGS_ERROR for an HTTP/2-only identifier
// or an identifier given twice (RFC 9114 §7.2.4).
Result<Settings> decode_settings_payload(std::span<const uint8_t> payload);

// RFC 9114 §7.2.4.2: whether a client that complied with `remembered` (the settings it used
// for 0-RTT) could violate `current`. A server that accepted 0-RTT must not lower a limit.
bool settings_compatible_with_remembered(const Settings& current, const Settings& remembered);

}  // namespace quasar::http3
