// Required Insert Count and Base (RFC 9204 §4.5.1).
#include "qpack/required_insert_count.h"

#include <cassert>

namespace quasar::qpack {

uint64_t encode_required_insert_count(uint64_t required_insert_count, uint64_t max_entries) {
  if (required_insert_count == 0) return 0;
  assert(max_entries > 0);
  return required_insert_count % (2 * max_entries) + 1;
}

std::optional<uint64_t> decode_required_insert_count(uint64_t encoded, uint64_t max_entries,
                                                     uint64_t total_inserts) {
  // RFC 9204 §4.5.1.1, the decoding algorithm step by step.
  if (encoded == 0) return 0;
  const uint64_t full_range = 2 * max_entries;
  if (encoded > full_range) return std::nullopt;
  const uint64_t max_value = total_inserts + max_entries;
  const uint64_t max_wrapped = max_value / full_range * full_range;
  uint64_t required = max_wrapped + encoded - 1;
  if (required > max_value) {
    if (required <= full_range) return std::nullopt;
    required -= full_range;
  }
  if (required == 0) return std::nullopt;
  return required;
}

EncodedBase encode_base(uint64_t required_insert_count, uint64_t base) {
  if (base >= required_insert_count) return {false, base - required_insert_count};
  return {true, required_insert_count - base - 1};
}

std::optional<uint64_t> decode_base(uint64_t required_insert_count, bool sign, uint64_t delta) {
  if (!sign) return required_insert_count + delta;
  // RFC 9204 §4.5.1.2: a negative Base is invalid.
  if (required_insert_count <= delta) return std::nullopt;
  return required_insert_count - delta - 1;
}

}  // namespace quasar::qpack
