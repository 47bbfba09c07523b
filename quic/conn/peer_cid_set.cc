// PeerCidSet: NEW_CONNECTION_ID processing, retirement and rotation (RFC 9000 §5.1, §19.15).
#include "quic/conn/peer_cid_set.h"

#include <algorithm>
#include <cstring>

namespace quasar {

namespace {
constexpr uint64_t kNewConnectionIdFrame = 0x18;
// Bound on RETIRE_CONNECTION_ID frames waiting to be sent, so a peer that keeps raising
// retire_prior_to cannot make us queue without limit (§5.1.2 suggests limiting this).
constexpr size_t kMaxPendingRetires = 64;
}  // namespace

void PeerCidSet::set_initial(const ConnectionId& cid) {
  if (cids_.empty()) {
    cids_.push_back({0, cid, std::nullopt, true});
  } else {
    cids_.front().cid = cid;
  }
  active_sequence_ = 0;
}

void PeerCidSet::set_initial_reset_token(const StatelessResetToken& token) {
  for (PeerCid& c : cids_) {
    if (c.sequence == 0) c.reset_token = token;
  }
  ++reset_tokens_version_;
}

Status PeerCidSet::on_new_connection_id(uint64_t sequence, uint64_t retire_prior_to,
                                        const ConnectionId& cid, const StatelessResetToken& token) {
  if (!cids_.empty() && active().empty()) {
    return QuicError::transport(TransportError::kProtocolViolation, kNewConnectionIdFrame,
                                "NEW_CONNECTION_ID while using zero-length connection IDs");
  }
  for (const PeerCid& c : cids_) {
    const bool same_sequence = c.sequence == sequence;
    const bool same_cid = c.cid == cid;
    if (same_sequence && same_cid && c.reset_token == token) return {};  // a repeat
    if (same_sequence || same_cid) {
      return QuicError::transport(TransportError::kProtocolViolation, kNewConnectionIdFrame,
                                  "NEW_CONNECTION_ID reuses a sequence number or CID");
    }
  }
  if (sequence < largest_retire_prior_to_) {
    // Already retired by an earlier retire_prior_to: retire it at once (§19.15).
    pending_retire_.push_back(sequence);
  } else {
    auto pos = std::lower_bound(cids_.begin(), cids_.end(), sequence,
                                [](const PeerCid& c, uint64_t s) { return c.sequence < s; });
    cids_.insert(pos, {sequence, cid, token, false});
    ++reset_tokens_version_;
  }
  if (retire_prior_to > largest_retire_prior_to_) {
    largest_retire_prior_to_ = retire_prior_to;
    retire_below(retire_prior_to);
  }
  if (cids_.size() > active_limit_) {
    return QuicError::transport(TransportError::kConnectionIdLimitError, kNewConnectionIdFrame,
                                "peer exceeded active_connection_id_limit");
  }
  if (pending_retire_.size() > kMaxPendingRetires) {
    return QuicError::transport(TransportError::kConnectionIdLimitError, kNewConnectionIdFrame,
                                "too many connection IDs retired at once");
  }
  return {};
}

void PeerCidSet::retire_below(uint64_t sequence) {
  const bool active_retired = active_sequence_ < sequence;
  for (const PeerCid& c : cids_) {
    if (c.sequence < sequence) pending_retire_.push_back(c.sequence);
  }
  std::erase_if(cids_, [&](const PeerCid& c) { return c.sequence < sequence; });
  if (active_retired && !cids_.empty()) {
    // §5.1.2: switch to a CID that is not retired before sending more.
    auto next =
        std::find_if(cids_.begin(), cids_.end(), [](const PeerCid& c) { return !c.in_use; });
    if (next == cids_.end()) next = cids_.begin();
    next->in_use = true;
    active_sequence_ = next->sequence;
  }
}

const ConnectionId& PeerCidSet::active() const {
  static const ConnectionId kEmpty;
  for (const PeerCid& c : cids_) {
    if (c.sequence == active_sequence_) return c.cid;
  }
  return cids_.empty() ? kEmpty : cids_.front().cid;
}

bool PeerCidSet::rotate() {
  auto next = std::find_if(cids_.begin(), cids_.end(), [](const PeerCid& c) { return !c.in_use; });
  if (next == cids_.end()) return false;
  const uint64_t old = active_sequence_;
  next->in_use = true;
  active_sequence_ = next->sequence;
  retire(old);
  return true;
}

std::optional<PeerCid> PeerCidSet::take_unused() {
  auto next = std::find_if(cids_.begin(), cids_.end(), [](const PeerCid& c) { return !c.in_use; });
  if (next == cids_.end()) return std::nullopt;
  next->in_use = true;
  return *next;
}

std::optional<PeerCid> PeerCidSet::take(uint64_t sequence) {
  auto it = std::find_if(cids_.begin(), cids_.end(),
                         [&](const PeerCid& c) { return c.sequence == sequence; });
  if (it == cids_.end() || it->in_use) return std::nullopt;
  it->in_use = true;
  return *it;
}

bool PeerCidSet::switch_to(uint64_t sequence) {
  auto it = std::find_if(cids_.begin(), cids_.end(),
                         [&](const PeerCid& c) { return c.sequence == sequence; });
  if (it == cids_.end() || sequence == active_sequence_) return false;
  const uint64_t old = active_sequence_;
  it->in_use = true;
  active_sequence_ = sequence;
  retire(old);
  return true;
}

void PeerCidSet::retire(uint64_t sequence) {
  auto it = std::find_if(cids_.begin(), cids_.end(),
                         [&](const PeerCid& c) { return c.sequence == sequence; });
  if (it == cids_.end()) return;
  cids_.erase(it);
  pending_retire_.push_back(sequence);
  ++reset_tokens_version_;
}

std::optional<uint64_t> PeerCidSet::next_retire_to_send() const {
  if (pending_retire_.empty()) return std::nullopt;
  return pending_retire_.front();
}

void PeerCidSet::on_retire_sent(uint64_t sequence) {
  auto it = std::find(pending_retire_.begin(), pending_retire_.end(), sequence);
  if (it != pending_retire_.end()) pending_retire_.erase(it);
}

bool PeerCidSet::is_reset_token(const StatelessResetToken& token) const {
  for (const PeerCid& c : cids_) {
    if (c.reset_token && stateless_reset_tokens_equal(*c.reset_token, token)) return true;
  }
  return false;
}

}  // namespace quasar
