// The QPACK offline interop file: a sequence of blocks, each an 8-byte big-endian stream ID,
// a 4-byte big-endian length and that many bytes. Stream 0 carries encoder stream
// instructions, any other stream one encoded field section.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace quasar::qpack::offline {

struct InteropBlock {
  uint64_t stream_id = 0;
  std::vector<uint8_t> data;
};

// Splits a file into blocks; on a truncated block, `error` names it and nullopt is returned.
std::optional<std::vector<InteropBlock>> parse_interop_file(std::span<const uint8_t> bytes,
                                                            std::string& error);

void append_interop_block(std::vector<uint8_t>& out, uint64_t stream_id,
                          std::span<const uint8_t> data);

}  // namespace quasar::qpack::offline
