// Compares the compression of our encoder with the six encoders of the offline-interop
// corpus, for every QIF and every setting they used.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "tools/qpack/interop_file.h"

namespace quasar::qpack::offline {

// Bytes that carry QPACK data: header blocks plus encoder stream (the block framing of the
// file format is not counted).
uint64_t encoded_size(std::span<const InteropBlock> blocks);

// Field sections that reference the dynamic table (non-zero Required Insert Count).
uint64_t sections_with_references(std::span<const InteropBlock> blocks);

struct OtherEncoding {
  uint64_t size = 0;
  // Without acknowledgements (A = 0) every section that references the dynamic table could
  // block; an encoding with more such sections than B exceeds the blocked-streams limit.
  bool within_blocked_limit = true;
};

struct ComparisonCell {
  std::string qif;
  uint64_t table_capacity = 0;
  uint64_t blocked_streams = 0;
  bool immediate_ack = false;
  uint64_t ours = 0;
  // Our encoding decodes back to the QIF with the same settings (its size only counts then).
  bool ours_decodes = false;
  std::map<std::string, OtherEncoding> others;  // by implementation

  // Smallest size among the others, optionally only those within the blocked limit.
  uint64_t best_other(bool only_within_limit) const;
  std::string best_other_name(bool only_within_limit) const;
};

// Encodes every QIF of `interop_dir`/qifs at every (T, B, A) found under
// `interop_dir`/encoded/qpack-05 and collects the sizes, sorted by QIF and setting.
std::vector<ComparisonCell> compare_compression(const std::filesystem::path& interop_dir);

}  // namespace quasar::qpack::offline
