// LocalCidSet: issuing and retiring our connection IDs (RFC 9000 §5.1.1, §19.15, §19.16).
#include "quic/conn/local_cid_set.h"

#include <algorithm>

namespace quasar {

namespace {
constexpr uint64_t kRetireConnectionIdFrame = 0x19;
}

LocalCidSet::LocalCidSet(const ConnectionId& initial, const StatelessResetToken& initial_token)
    : zero_length_(initial.empty()) {
  cids_.push_back({0, initial, initial_token, false, false});
}

void LocalCidSet::replenish(CidIssuer& issuer, uint64_t limit) {
  if (zero_length_) return;
  while (active_count() < limit) {
    LocalCid entry;
    entry.sequence = next_sequence_++;
    entry.cid = issuer.new_connection_id();
    entry.reset_token = issuer.reset_token_for(entry.cid);
    entry.needs_send = true;
    cids_.push_back(entry);
  }
}

std::optional<LocalCid> LocalCidSet::issue_in_transport_parameters(CidIssuer& issuer) {
  if (zero_length_) return std::nullopt;
  LocalCid entry;
  entry.sequence = next_sequence_++;
  entry.cid = issuer.new_connection_id();
  entry.reset_token = issuer.reset_token_for(entry.cid);
  cids_.push_back(entry);
  return entry;
}

Result<std::optional<ConnectionId>> LocalCidSet::on_retire(uint64_t sequence,
                                                           const ConnectionId& packet_dcid) {
  // RFC 9000 §19.16: a sequence number greater than any previously sent is a
  // PROTOCOL_VIOLATION, and so is retiring the CID the frame arrived on.
  if (sequence >= next_sequence_ || zero_length_) {
    return QuicError::transport(TransportError::kProtocolViolation, kRetireConnectionIdFrame,
                                "RETIRE_CONNECTION_ID for a sequence number never issued");
  }
  LocalCid* entry = find(sequence);
  if (!entry || entry->retired) return std::optional<ConnectionId>();
  if (entry->cid == packet_dcid) {
    return QuicError::transport(TransportError::kProtocolViolation, kRetireConnectionIdFrame,
                                "RETIRE_CONNECTION_ID names the CID it was sent to");
  }
  entry->retired = true;
  entry->needs_send = false;
  const ConnectionId retired = entry->cid;
  // Forget retired entries; their sequence numbers stay known through next_sequence_.
  std::erase_if(cids_, [](const LocalCid& c) { return c.retired; });
  return std::optional<ConnectionId>(retired);
}

std::optional<LocalCid> LocalCidSet::next_to_send() const {
  for (const LocalCid& c : cids_) {
    if (c.needs_send && !c.retired) return c;
  }
  return std::nullopt;
}

void LocalCidSet::on_sent(uint64_t sequence) {
  if (LocalCid* c = find(sequence)) c->needs_send = false;
}

void LocalCidSet::on_lost(uint64_t sequence) {
  // Resend only if the CID is still in use (§13.3: NEW_CONNECTION_ID is retransmitted).
  if (LocalCid* c = find(sequence); c && !c->retired) c->needs_send = true;
}

size_t LocalCidSet::active_count() const {
  return static_cast<size_t>(
      std::count_if(cids_.begin(), cids_.end(), [](const LocalCid& c) { return !c.retired; }));
}

bool LocalCidSet::owns(const ConnectionId& cid) const {
  return std::any_of(cids_.begin(), cids_.end(),
                     [&](const LocalCid& c) { return !c.retired && c.cid == cid; });
}

LocalCid* LocalCidSet::find(uint64_t sequence) {
  for (LocalCid& c : cids_) {
    if (c.sequence == sequence) return &c;
  }
  return nullptr;
}

}  // namespace quasar
