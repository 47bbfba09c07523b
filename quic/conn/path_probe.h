// PathProbe: a path a connection probes, or answers probes on, without moving to it (RFC 9000
// §8.2, §9.1, §9.6): a client's way to the server's preferred address, or a path the peer
// probes from.
#pragma once

#include <cstdint>
#include <optional>

#include "quic/base/connection_id.h"
#include "quic/base/time.h"
#include "quic/conn/path.h"

namespace quasar {

struct PathProbe {
  Path path;  // its addresses, the challenge we sent and the response we owe
  // The peer CID packets on this path carry (RFC 9000 §9.5: never the one of another path
  // when the peer's address differs), and its sequence if it was taken for the probe.
  ConnectionId dcid;
  std::optional<uint64_t> dcid_sequence;
  bool challenge_pending = false;
  // RFC 9000 §8.2.4: validation is abandoned after this.
  Instant deadline = Instant::infinite_future();
  bool to_preferred_address = false;  // client: move here once validated (§9.6.1)
  bool validated = false;             // our challenge on it was answered

  bool has_frames_to_send() const {
    return (challenge_pending && path.challenge) || !path.responses_to_send.empty();
  }
};

}  // namespace quasar
