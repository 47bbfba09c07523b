// Compression comparison against the offline-interop corpus.
#include "tools/qpack/compression_comparison.h"

#include <cstdio>
#include <fstream>
#include <iterator>
#include <limits>
#include <tuple>

#include "qpack/byte_reader.h"
#include "qpack/prefix_integer.h"
#include "tools/qpack/offline_codec.h"
#include "tools/qpack/qif.h"

namespace quasar::qpack::offline {
namespace {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::vector<InteropBlock> read_blocks(const std::filesystem::path& path) {
  const std::string bytes = read_file(path);
  std::string error;
  auto blocks = parse_interop_file(
      std::span(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()), error);
  return blocks ? std::move(*blocks) : std::vector<InteropBlock>{};
}

}  // namespace

uint64_t encoded_size(std::span<const InteropBlock> blocks) {
  uint64_t size = 0;
  for (const InteropBlock& block : blocks) size += block.data.size();
  return size;
}

uint64_t sections_with_references(std::span<const InteropBlock> blocks) {
  uint64_t count = 0;
  for (const InteropBlock& block : blocks) {
    if (block.stream_id == 0) continue;
    ByteReader in(block.data);
    uint64_t encoded_required_insert_count = 0;
    if (read_prefix_integer(in, 8, encoded_required_insert_count) == ParseStatus::kOk &&
        encoded_required_insert_count != 0) {
      ++count;
    }
  }
  return count;
}

uint64_t ComparisonCell::best_other(bool only_within_limit) const {
  uint64_t best = std::numeric_limits<uint64_t>::max();
  for (const auto& [name, other] : others) {
    if (only_within_limit && !other.within_blocked_limit) continue;
    best = std::min(best, other.size);
  }
  return best;
}

std::string ComparisonCell::best_other_name(bool only_within_limit) const {
  const uint64_t best = best_other(only_within_limit);
  std::string names;
  for (const auto& [name, other] : others) {
    if (only_within_limit && !other.within_blocked_limit) continue;
    if (other.size == best) names += (names.empty() ? "" : ", ") + name;
  }
  return names;
}

std::vector<ComparisonCell> compare_compression(const std::filesystem::path& interop_dir) {
  using Key = std::tuple<std::string, uint64_t, uint64_t, bool>;
  std::map<Key, ComparisonCell> cells;
  for (const auto& impl : std::filesystem::directory_iterator(interop_dir / "encoded/qpack-05")) {
    if (!impl.is_directory() || impl.path().filename() == "examples") continue;
    const std::string implementation = impl.path().filename().string();
    for (const auto& file : std::filesystem::directory_iterator(impl.path())) {
      // <qif>.out.<T>.<B>.<A>
      const std::string name = file.path().filename().string();
      const size_t out = name.find(".out.");
      if (out == std::string::npos) continue;
      unsigned long long t = 0, b = 0, a = 0;
      if (std::sscanf(name.c_str() + out + 5, "%llu.%llu.%llu", &t, &b, &a) != 3) continue;
      ComparisonCell& cell = cells[{name.substr(0, out), t, b, a != 0}];
      cell.qif = name.substr(0, out);
      cell.table_capacity = t;
      cell.blocked_streams = b;
      cell.immediate_ack = a != 0;
      const auto blocks = read_blocks(file.path());
      cell.others[implementation] = {encoded_size(blocks),
                                     a != 0 || sections_with_references(blocks) <= b};
    }
  }
  std::map<std::string, std::vector<HeaderList>> qifs;
  std::vector<ComparisonCell> result;
  for (auto& [key, cell] : cells) {
    auto it = qifs.find(cell.qif);
    if (it == qifs.end()) {
      it = qifs.emplace(cell.qif, parse_qif(read_file(interop_dir / "qifs" / (cell.qif + ".qif"))))
               .first;
    }
    const std::vector<uint8_t> file =
        encode_offline(it->second, {cell.table_capacity, cell.blocked_streams, cell.immediate_ack});
    std::string error;
    const auto blocks = parse_interop_file(file, error);
    cell.ours = blocks ? encoded_size(*blocks) : 0;
    const auto decoded =
        blocks ? decode_offline(*blocks, {cell.table_capacity, cell.blocked_streams, false}, error)
               : std::nullopt;
    cell.ours_decodes = decoded && decoded->size() == it->second.size();
    for (size_t i = 0; cell.ours_decodes && i < decoded->size(); ++i) {
      cell.ours_decodes = (*decoded)[i].stream_id == i + 1 && (*decoded)[i].fields == it->second[i];
    }
    result.push_back(std::move(cell));
  }
  return result;
}

}  // namespace quasar::qpack::offline
