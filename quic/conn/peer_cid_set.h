// PeerCidSet: the connection IDs the peer issued to us (RFC 9000 §5.1.1, §5.1.2), which we use
// as Destination Connection IDs, with their stateless reset tokens.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "quic/base/connection_id.h"
#include "quic/base/result.h"
#include "quic/wire/stateless_reset.h"

namespace quasar {

struct PeerCid {
  uint64_t sequence = 0;
  ConnectionId cid;
  std::optional<StatelessResetToken> reset_token;  // none for sequence 0 until known
  bool in_use = false;  // the DCID of a path (never reused on another path, §9.5)
};

class PeerCidSet {
 public:
  // `active_limit` is our active_connection_id_limit transport parameter.
  explicit PeerCidSet(uint64_t active_limit) : active_limit_(active_limit) {}

  // The peer's first CID (sequence 0): the Source CID of its first packet, replaced if the
  // server's first Initial (or a Retry) names another one.
  void set_initial(const ConnectionId& cid);
  // The server's stateless_reset_token transport parameter applies to sequence 0 (§18.2).
  void set_initial_reset_token(const StatelessResetToken& token);

  // NEW_CONNECTION_ID (§19.15). `zero_length_in_use` when the peer's CIDs are zero-length
  // (PROTOCOL_VIOLATION). Sequences below retire_prior_to are queued for retirement;
  // more than `active_limit` active CIDs is a CONNECTION_ID_LIMIT_ERROR.
  Status on_new_connection_id(uint64_t sequence, uint64_t retire_prior_to, const ConnectionId& cid,
                              const StatelessResetToken& token);

  // The CID in use on the primary path.
  const ConnectionId& active() const;
  uint64_t active_sequence() const { return active_sequence_; }
  // Moves the primary path to an unused CID (migration, §9.5); false if none is available.
  bool rotate();
  // An unused CID for probing a new path without switching; marks it in use.
  std::optional<PeerCid> take_unused();
  // The unused CID of `sequence` (e.g. the preferred_address one), marked in use.
  std::optional<PeerCid> take(uint64_t sequence);
  // Moves the primary path to `sequence`, a CID taken for a probed path, and retires the old
  // one; false if it is not known.
  bool switch_to(uint64_t sequence);

  // RETIRE_CONNECTION_ID frames to send, and their sent / lost bookkeeping.
  std::optional<uint64_t> next_retire_to_send() const;
  void on_retire_sent(uint64_t sequence);
  void on_retire_lost(uint64_t sequence) { pending_retire_.push_back(sequence); }

  // True if `token` matches one of the peer's current CIDs' reset tokens (§10.3.1).
  bool is_reset_token(const StatelessResetToken& token) const;
  // The tokens of the peer's current CIDs, and a number that changes whenever they do (so an
  // endpoint can keep a token index up to date cheaply).
  template <typename F>
  void for_each_reset_token(F&& f) const {
    for (const PeerCid& c : cids_) {
      if (c.reset_token) f(*c.reset_token);
    }
  }
  uint64_t reset_tokens_version() const { return reset_tokens_version_; }
  size_t size() const { return cids_.size(); }

 private:
  void retire_below(uint64_t sequence);
  void retire(uint64_t sequence);

  uint64_t active_limit_;
  std::vector<PeerCid> cids_;  // by sequence
  uint64_t active_sequence_ = 0;
  uint64_t largest_retire_prior_to_ = 0;
  std::vector<uint64_t> pending_retire_;
  uint64_t reset_tokens_version_ = 0;
};

}  // namespace quasar
