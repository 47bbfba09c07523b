// Priority: the urgency and incremental parameters of RFC 9218 §4, parsed from and written as
// a Priority field value (a Structured Field Dictionary, RFC 8941 §3.2).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace quasar::http3 {

struct Priority {
  static constexpr uint8_t kDefaultUrgency = 3;  // RFC 9218 §4.1
  static constexpr uint8_t kLowestUrgency = 7;

  uint8_t urgency = kDefaultUrgency;  // 0 (most urgent) to 7
  bool incremental = false;           // RFC 9218 §4.2: false by default

  friend bool operator==(const Priority&, const Priority&) = default;
};

// Parses a Priority field value (or a PRIORITY_UPDATE's Priority Field Value). Parameters
// missing, unknown, out of range or of an unexpected type keep their value from `base`
// (RFC 9218 §4). nullopt when the value is not a valid Dictionary (RFC 8941 §4.2.2).
std::optional<Priority> parse_priority(std::string_view field_value, Priority base = {});

// "u=0, i", "i", "u=5"; empty for the defaults (RFC 9218 §4: omitted parameters mean them).
std::string format_priority(const Priority& priority);

}  // namespace quasar::http3
