// Writes an encoded field section (RFC 9204 §4.5) from planned field lines, choosing the
// Base that makes the prefix and the dynamic indices shortest.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "qpack/planned_line.h"

namespace quasar::qpack {

// The Base for a section referencing dynamic entries up to `required_insert_count`. Every
// candidate either is `preferred_base` (kept on ties) or puts one of the referenced entries
// at relative index 0; the one giving the fewest bytes wins.
uint64_t choose_base(std::span<const PlannedLine> lines, uint64_t required_insert_count,
                     uint64_t preferred_base, uint64_t max_entries);

// Appends the section: prefix (§4.5.1) then one representation per line, relative to `base`.
void write_field_section(std::span<const PlannedLine> lines, uint64_t required_insert_count,
                         uint64_t base, uint64_t max_entries, std::vector<uint8_t>& out);

}  // namespace quasar::qpack
