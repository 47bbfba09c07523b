// Range resolution (RFC 9110 §14.1.2).
#include "http3/byte_range.h"

#include <charconv>

namespace quasar::http3 {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// 1*DIGIT; nullopt when empty, not digits, or too large.
std::optional<uint64_t> parse_digits(std::string_view s) {
  if (s.empty()) return std::nullopt;
  uint64_t value = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return value;
}

}  // namespace

RangeOutcome resolve_range(std::optional<std::string_view> range_field, uint64_t size) {
  if (!range_field) return WholeRepresentation{};
  std::string_view value = trim(*range_field);
  // ranges-specifier = range-unit "=" range-set; the unit is case-insensitive.
  constexpr std::string_view kUnit = "bytes=";
  if (value.size() < kUnit.size()) return WholeRepresentation{};
  for (size_t i = 0; i < kUnit.size(); ++i) {
    char c = value[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != kUnit[i]) return WholeRepresentation{};
  }
  const std::string_view spec = trim(value.substr(kUnit.size()));
  if (spec.find(',') != std::string_view::npos) return WholeRepresentation{};
  const size_t dash = spec.find('-');
  if (dash == std::string_view::npos) return WholeRepresentation{};
  const std::string_view first_text = trim(spec.substr(0, dash));
  const std::string_view last_text = trim(spec.substr(dash + 1));

  if (first_text.empty()) {
    // suffix-range: the last N bytes.
    const auto suffix = parse_digits(last_text);
    if (!suffix) return WholeRepresentation{};
    if (*suffix == 0 || size == 0) return RangeNotSatisfiable{};
    const uint64_t n = *suffix < size ? *suffix : size;
    return ByteRange{size - n, size - 1};
  }
  const auto first = parse_digits(first_text);
  if (!first) return WholeRepresentation{};
  uint64_t last = size == 0 ? 0 : size - 1;
  if (!last_text.empty()) {
    const auto parsed = parse_digits(last_text);
    if (!parsed || *parsed < *first) return WholeRepresentation{};  // invalid: ignored
    if (*parsed < last) last = *parsed;
  }
  if (*first >= size) return RangeNotSatisfiable{};
  return ByteRange{*first, last};
}

}  // namespace quasar::http3
