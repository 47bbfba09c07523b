// Offline interop file blocks.
#include "tools/qpack/interop_file.h"

namespace quasar::qpack::offline {

std::optional<std::vector<InteropBlock>> parse_interop_file(std::span<const uint8_t> bytes,
                                                            std::string& error) {
  std::vector<InteropBlock> blocks;
  size_t pos = 0;
  while (pos < bytes.size()) {
    const size_t number = blocks.size() + 1;
    if (bytes.size() - pos < 12) {
      error = "block " + std::to_string(number) + " at offset " + std::to_string(pos) +
              ": truncated block header";
      return std::nullopt;
    }
    uint64_t stream_id = 0;
    for (int i = 0; i < 8; ++i) stream_id = (stream_id << 8) | bytes[pos + i];
    uint32_t length = 0;
    for (int i = 8; i < 12; ++i) length = (length << 8) | bytes[pos + i];
    pos += 12;
    if (bytes.size() - pos < length) {
      error = "block " + std::to_string(number) + " (stream " + std::to_string(stream_id) +
              "): " + std::to_string(length) + " bytes announced, " +
              std::to_string(bytes.size() - pos) + " present";
      return std::nullopt;
    }
    blocks.push_back(
        {stream_id, std::vector<uint8_t>(bytes.begin() + pos, bytes.begin() + pos + length)});
    pos += length;
  }
  return blocks;
}

void append_interop_block(std::vector<uint8_t>& out, uint64_t stream_id,
                          std::span<const uint8_t> data) {
  for (int shift = 56; shift >= 0; shift -= 8) {
    out.push_back(static_cast<uint8_t>(stream_id >> shift));
  }
  const auto length = static_cast<uint32_t>(data.size());
  for (int shift = 24; shift >= 0; shift -= 8) {
    out.push_back(static_cast<uint8_t>(length >> shift));
  }
  out.insert(out.end(), data.begin(), data.end());
}

}  // namespace quasar::qpack::offline
