// Offline interop encoding and decoding: whole QIF header lists to and from interop files,
// the way the QPACK offline interop compares implementations.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "qpack/encoder.h"
#include "tools/qpack/interop_file.h"
#include "tools/qpack/qif.h"

namespace quasar::qpack::offline {

struct OfflineSettings {
  uint64_t table_capacity = 0;   // SETTINGS_QPACK_MAX_TABLE_CAPACITY of the decoder
  uint64_t blocked_streams = 0;  // SETTINGS_QPACK_BLOCKED_STREAMS of the decoder
  // The decoder acknowledges each section as soon as it is encoded. Without it no decoder
  // stream exists at all.
  bool immediate_ack = false;
};

// The encoder configuration the offline encoder uses for these settings.
EncoderConfig offline_encoder_config(const OfflineSettings& settings);

// Encodes list i on stream i + 1. Each section's encoder instructions come first, in a
// stream 0 block, so the file decodes without blocking when fed in order. With
// immediate_ack, a decoder is run alongside and its decoder stream fed back to the encoder.
std::vector<uint8_t> encode_offline(std::span<const HeaderList> lists,
                                    const OfflineSettings& settings);
std::vector<uint8_t> encode_offline(std::span<const HeaderList> lists,
                                    const OfflineSettings& settings, const EncoderConfig& config);

struct DecodedSection {
  uint64_t stream_id = 0;
  HeaderList fields;
};

// Feeds the blocks to a decoder in file order (its table starting at capacity
// `table_capacity`, the convention of the interop format) and returns the decoded sections sorted
// by stream ID. On a QPACK error, or a section still blocked at the end, `error` names the block
// and the error and nullopt is returned.
std::optional<std::vector<DecodedSection>> decode_offline(std::span<const InteropBlock> blocks,
                                                          const OfflineSettings& settings,
                                                          std::string& error);

}  // namespace quasar::qpack::offline
