// LocalCidSet: the connection IDs this endpoint issued to its peer (RFC 9000 §5.1.1), which
// the peer puts in the Destination Connection ID of packets it sends to us.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "quic/base/connection_id.h"
#include "quic/base/result.h"
#include "quic/wire/stateless_reset.h"

namespace quasar {

// Supplies fresh CIDs and their reset tokens; implemented by the endpoint, which routes them.
class CidIssuer {
 public:
  virtual ~CidIssuer() = default;
  virtual ConnectionId new_connection_id() = 0;
  virtual StatelessResetToken reset_token_for(const ConnectionId& cid) = 0;
};

struct LocalCid {
  uint64_t sequence = 0;
  ConnectionId cid;
  StatelessResetToken reset_token{};
  bool retired = false;
  // A NEW_CONNECTION_ID frame for it must be sent (first time or after loss).
  bool needs_send = false;
};

class LocalCidSet {
 public:
  // `initial` is sequence 0, the Source CID of our first long-header packets (§5.1.1).
  LocalCidSet(const ConnectionId& initial, const StatelessResetToken& initial_token);

  // Tops the set up to `limit` active CIDs (the peer's active_connection_id_limit, capped by
  // ours), asking `issuer` for new ones. New entries are queued for NEW_CONNECTION_ID. Does
  // nothing when our CIDs are zero-length (a zero-length CID cannot be changed, §5.1.1).
  void replenish(CidIssuer& issuer, uint64_t limit);
  // Issues the next CID without a NEW_CONNECTION_ID frame: the server's preferred_address
  // transport parameter carries it (sequence 1, RFC 9000 §5.1.1). Nothing for zero-length CIDs.
  std::optional<LocalCid> issue_in_transport_parameters(CidIssuer& issuer);

  // RETIRE_CONNECTION_ID (§19.16). `packet_dcid` is the Destination CID of the packet that
  // carried the frame. Returns the retired CID so the endpoint can stop routing it, or nothing
  // for a repeat; PROTOCOL_VIOLATION for a sequence never issued or one naming `packet_dcid`.
  Result<std::optional<ConnectionId>> on_retire(uint64_t sequence, const ConnectionId& packet_dcid);

  // NEW_CONNECTION_ID frames: which to send, and bookkeeping for sent / lost frames.
  std::optional<LocalCid> next_to_send() const;
  void on_sent(uint64_t sequence);
  void on_lost(uint64_t sequence);

  const std::vector<LocalCid>& all() const { return cids_; }
  size_t active_count() const;
  bool owns(const ConnectionId& cid) const;
  uint64_t next_sequence() const { return next_sequence_; }

 private:
  LocalCid* find(uint64_t sequence);
  std::vector<LocalCid> cids_;  // active and recently retired entries, by sequence
  uint64_t next_sequence_ = 1;
  bool zero_length_ = false;
};

}  // namespace quasar
