// The QPACK static table (RFC 9204 Appendix A) and its lookups by field line and by name.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace quasar::qpack {

struct StaticEntry {
  std::string_view name;
  std::string_view value;
};

inline constexpr size_t kStaticTableSize = 99;

// Entry `index` (0-based, RFC 9204 §3.1); nullptr when index >= kStaticTableSize.
const StaticEntry* static_entry(uint64_t index);

// Lowest index of an entry matching both name and value.
std::optional<uint32_t> static_find_field(std::string_view name, std::string_view value);

// Lowest index of an entry with this name (lower indices encode shorter).
std::optional<uint32_t> static_find_name(std::string_view name);

// Both lookups in one pass: `name_index` is set when the name exists, `field_index` when the
// whole field line does.
struct StaticMatch {
  std::optional<uint32_t> name_index;
  std::optional<uint32_t> field_index;
};
StaticMatch static_match(std::string_view name, std::string_view value);

}  // namespace quasar::qpack
