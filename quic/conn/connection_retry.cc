// Connection: a client receiving a Retry (RFC 9000 §17.2.5.2, §8.1.2; RFC 9001 §5.8; RFC 9002
// §6.3) — validated, then the handshake starts over towards the server's new CID with its
// token, packet numbers continuing.
#include "quic/conn/connection.h"
#include "quic/conn/connection_loss_visitor.h"
#include "quic/conn/retry_tag.h"
#include "quic/wire/retry_packet.h"

namespace quasar {

void Connection::on_retry(Instant now, std::span<const uint8_t> packet) {
  // RFC 9000 §17.2.5.2: only one Retry, and only before any Initial from the server.
  const PacketSpace& initial = spaces_[static_cast<size_t>(PacketNumberSpace::kInitial)];
  if (retry_source_cid_ || initial.acks.has_received() || initial.discarded) {
    stats_.packets_dropped++;
    return;
  }
  auto retry = parse_retry_packet(packet);
  ConnectionId scid;
  if (!retry.ok() || retry->version != version_ || !ConnectionId::from_bytes(retry->scid, scid) ||
      scid == original_dcid_) {
    stats_.packets_dropped++;
    return;
  }
  // RFC 9001 §5.8: the tag covers the original DCID and the packet; a bad one is dropped.
  if (!retry_tag_matches(original_dcid_, retry->without_tag, retry->integrity_tag, version_)) {
    stats_.packets_dropped++;
    return;
  }
  auto keys = key_factory_.make_initial_keys(scid, version_);
  if (!keys.ok()) {
    stats_.packets_dropped++;
    return;
  }
  stats_.retries_received++;
  retry_source_cid_ = scid;
  initial_token_.assign(retry->token.begin(), retry->token.end());
  peer_cids_.set_initial(scid);
  PacketSpace& space = spaces_[static_cast<size_t>(PacketNumberSpace::kInitial)];
  space.write_keys = std::move(keys->client);
  space.read_keys = std::move(keys->server);
  // RFC 9002 §6.3: what the Initial and 0-RTT packets carried is sent again, with new packet
  // numbers (RFC 9000 §17.2.5.3), without any congestion response.
  LossVisitor visitor(*this, now);
  loss_.on_retry_received(now, visitor);
}

}  // namespace quasar
