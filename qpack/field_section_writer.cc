// Field section writing (RFC 9204 §4.5).
#include "qpack/field_section_writer.h"

#include "qpack/field_line_representation.h"
#include "qpack/required_insert_count.h"

namespace quasar::qpack {
namespace {

SectionPrefix prefix_for(uint64_t required_insert_count, uint64_t base, uint64_t max_entries) {
  // RFC 9204 §4.5.1: a section without dynamic references has a zero prefix.
  if (required_insert_count == 0) return {};
  const EncodedBase encoded = encode_base(required_insert_count, base);
  return {encode_required_insert_count(required_insert_count, max_entries), encoded.sign,
          encoded.delta};
}

// Bytes the prefix and the dynamic indices take for a given Base.
size_t indexing_cost(std::span<const PlannedLine> lines, uint64_t required_insert_count,
                     uint64_t base, uint64_t max_entries) {
  size_t total = section_prefix_size(prefix_for(required_insert_count, base, max_entries));
  for (const PlannedLine& line : lines) {
    if (line.kind == PlannedLine::Kind::kDynamicIndexed) {
      total += line.index < base ? indexed_size(base - 1 - line.index)
                                 : indexed_post_base_size(line.index - base);
    } else if (line.kind == PlannedLine::Kind::kDynamicNameLiteral) {
      total += line.index < base ? name_reference_size(base - 1 - line.index)
                                 : post_base_name_reference_size(line.index - base);
    }
  }
  return total;
}

}  // namespace

uint64_t choose_base(std::span<const PlannedLine> lines, uint64_t required_insert_count,
                     uint64_t preferred_base, uint64_t max_entries) {
  if (required_insert_count == 0) return 0;
  uint64_t best_base = preferred_base;
  size_t best_cost = indexing_cost(lines, required_insert_count, preferred_base, max_entries);
  for (const PlannedLine& line : lines) {
    if (!line.dynamic()) continue;
    const size_t cost = indexing_cost(lines, required_insert_count, line.index + 1, max_entries);
    if (cost < best_cost) {
      best_cost = cost;
      best_base = line.index + 1;
    }
  }
  return best_base;
}

void write_field_section(std::span<const PlannedLine> lines, uint64_t required_insert_count,
                         uint64_t base, uint64_t max_entries, std::vector<uint8_t>& out) {
  write_section_prefix(out, prefix_for(required_insert_count, base, max_entries));
  for (const PlannedLine& line : lines) {
    switch (line.kind) {
      case PlannedLine::Kind::kStaticIndexed:
        write_indexed(out, true, line.index);
        break;
      case PlannedLine::Kind::kDynamicIndexed:
        // RFC 9204 §3.2.5 relative below the Base, §3.2.6 post-base at or above it.
        if (line.index < base) {
          write_indexed(out, false, base - 1 - line.index);
        } else {
          write_indexed_post_base(out, line.index - base);
        }
        break;
      case PlannedLine::Kind::kStaticNameLiteral:
        write_literal_with_name_reference(out, line.never_index, true, line.index, line.value,
                                          line.value_encoding);
        break;
      case PlannedLine::Kind::kDynamicNameLiteral:
        if (line.index < base) {
          write_literal_with_name_reference(out, line.never_index, false, base - 1 - line.index,
                                            line.value, line.value_encoding);
        } else {
          write_literal_with_post_base_name_reference(out, line.never_index, line.index - base,
                                                      line.value, line.value_encoding);
        }
        break;
      case PlannedLine::Kind::kLiteralName:
        write_literal_with_literal_name(out, line.never_index, line.name, line.name_encoding,
                                        line.value, line.value_encoding);
        break;
    }
  }
}

}  // namespace quasar::qpack
