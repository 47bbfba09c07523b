// retry_tag_for() and retry_tag_matches(): the pseudo-packet, then the tag.
#include "quic/conn/retry_tag.h"

#include <vector>

#include "quic/wire/retry_packet.h"

namespace quasar {

namespace {

// RFC 9001 §5.8: ODCID Length, Original Destination Connection ID, the Retry without its tag.
std::vector<uint8_t> pseudo_packet(const ConnectionId& original_dcid,
                                   std::span<const uint8_t> retry_without_tag) {
  std::vector<uint8_t> pseudo(
      retry_pseudo_packet_size(original_dcid.size(), retry_without_tag.size()));
  const auto size = write_retry_pseudo_packet(pseudo, original_dcid, retry_without_tag);
  pseudo.resize(size ? *size : 0);
  return pseudo;
}

}  // namespace

Result<RetryIntegrityTag, CryptoError> retry_tag_for(const ConnectionId& original_dcid,
                                                     std::span<const uint8_t> retry_without_tag,
                                                     uint32_t version) {
  return compute_retry_integrity_tag(pseudo_packet(original_dcid, retry_without_tag), version);
}

bool retry_tag_matches(const ConnectionId& original_dcid,
                       std::span<const uint8_t> retry_without_tag, std::span<const uint8_t> tag,
                       uint32_t version) {
  return verify_retry_integrity_tag(pseudo_packet(original_dcid, retry_without_tag), tag, version);
}

}  // namespace quasar
