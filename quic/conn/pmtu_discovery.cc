// PmtuDiscovery: the search (RFC 8899 §5.3), probe accounting and black-hole detection.
#include "quic/conn/pmtu_discovery.h"

#include <algorithm>

namespace quasar {

const char* pmtu_state_name(PmtuState state) {
  switch (state) {
    case PmtuState::kDisabled:
      return "disabled";
    case PmtuState::kBase:
      return "base";
    case PmtuState::kSearching:
      return "searching";
    case PmtuState::kSearchComplete:
      return "search_complete";
  }
  return "?";
}

PmtuDiscovery::PmtuDiscovery(const PmtuConfig& config)
    : config_(config), current_(config.base_size), working_(config.base_size) {}

void PmtuDiscovery::start(Instant now, size_t ceiling, Duration delay) {
  if (ceiling_ != 0) return;  // started already
  ceiling_ = ceiling;
  if (ceiling_ <= current_) return;
  if (delay > Duration::zero()) {
    search_at_ = now + delay;
  } else {
    begin_search(now);
  }
}

void PmtuDiscovery::begin_search(Instant now) {
  (void)now;
  state_ = PmtuState::kSearching;
  ++stats_.searches;
  working_ = current_;
  failing_ = ceiling_ + 1;
  // The ceiling first: most paths carry it (RFC 8899 §5.3.2 leaves the method open), and
  // then one probe ends the search.
  candidate_ = ceiling_;
  candidate_failures_ = 0;
  probe_packet_.reset();
  probe_deadline_ = Instant::infinite_future();
  search_at_ = Instant::infinite_future();
}

void PmtuDiscovery::next_candidate(Instant now) {
  candidate_failures_ = 0;
  if (failing_ <= working_ + config_.search_resolution || working_ >= ceiling_) {
    state_ = PmtuState::kSearchComplete;
    candidate_ = 0;
    // RFC 8899 §5.1.1: look for a larger size again later, if there can be one.
    search_at_ = working_ < ceiling_ ? now + config_.raise_interval : Instant::infinite_future();
    return;
  }
  candidate_ = working_ + (failing_ - working_) / 2;
}

std::optional<size_t> PmtuDiscovery::probe_to_send() const {
  if (state_ != PmtuState::kSearching || probe_packet_ || candidate_ <= current_) {
    return std::nullopt;
  }
  return candidate_;
}

void PmtuDiscovery::on_probe_sent(uint64_t packet_number, size_t size, Instant deadline) {
  ++stats_.probes_sent;
  largest_seen_packet_ = std::max(largest_seen_packet_, packet_number);
  if (size != candidate_) return;
  probe_packet_ = packet_number;
  probe_deadline_ = deadline;
}

void PmtuDiscovery::on_probe_failed(Instant now) {
  ++stats_.probes_lost;
  probe_packet_.reset();
  probe_deadline_ = Instant::infinite_future();
  if (++candidate_failures_ < config_.max_probes) return;  // the same size again
  failing_ = std::min(failing_, candidate_);
  next_candidate(now);
}

bool PmtuDiscovery::on_packet_acked(Instant now, uint64_t packet_number, size_t size,
                                    bool is_probe) {
  largest_seen_packet_ = std::max(largest_seen_packet_, packet_number);
  if (size > config_.base_size) {
    if (!largest_large_acked_ || packet_number > *largest_large_acked_) {
      largest_large_acked_ = packet_number;
    }
    large_losses_ = 0;
  }
  if (state_ == PmtuState::kBase && packet_number >= fallback_packet_) {
    // RFC 8899 §5.2: the base size works; search again.
    begin_search(now);
  }
  if (!is_probe) return false;
  ++stats_.probes_acked;
  if (probe_packet_ && *probe_packet_ == packet_number) {
    probe_packet_.reset();
    probe_deadline_ = Instant::infinite_future();
  }
  if (size <= current_ || size > ceiling_) return false;
  // A probe got through (possibly one already given up on): the path carries `size`.
  current_ = size;
  working_ = std::max(working_, size);
  failing_ = std::max(failing_, working_ + 1);
  if (state_ == PmtuState::kSearching) {
    if (candidate_ <= working_) next_candidate(now);
  }
  return true;
}

bool PmtuDiscovery::on_packet_lost(Instant now, uint64_t packet_number, size_t size,
                                   bool is_probe) {
  largest_seen_packet_ = std::max(largest_seen_packet_, packet_number);
  if (is_probe) {
    // RFC 9000 §14.4: a lost probe only says that size does not fit.
    if (probe_packet_ && *probe_packet_ == packet_number) on_probe_failed(now);
    return false;
  }
  if (current_ <= config_.base_size || size <= config_.base_size) return false;
  // A large packet lost after the last large packet that got through. Congestion drops packets
  // sent before some large packet that was acknowledged; a black hole drops every one since.
  if (largest_large_acked_ && packet_number < *largest_large_acked_) return false;
  if (++large_losses_ < config_.black_hole_losses) return false;
  return fall_back(now);
}

bool PmtuDiscovery::on_pto(Instant now, uint32_t pto_count) {
  if (current_ <= config_.base_size || pto_count < config_.black_hole_ptos) return false;
  return fall_back(now);
}

bool PmtuDiscovery::fall_back(Instant now) {
  (void)now;
  // RFC 8899 §5.2: black hole detected: back to BASE_PLPMTU until it is confirmed.
  ++stats_.black_holes;
  state_ = PmtuState::kBase;
  current_ = config_.base_size;
  working_ = config_.base_size;
  candidate_ = 0;
  candidate_failures_ = 0;
  probe_packet_.reset();
  probe_deadline_ = Instant::infinite_future();
  search_at_ = Instant::infinite_future();
  large_losses_ = 0;
  largest_large_acked_.reset();
  fallback_packet_ = largest_seen_packet_ + 1;
  return true;
}

Instant PmtuDiscovery::next_timeout() const { return std::min(probe_deadline_, search_at_); }

void PmtuDiscovery::on_timeout(Instant now) {
  if (probe_deadline_ <= now) on_probe_failed(now);
  if (search_at_ <= now) {
    search_at_ = Instant::infinite_future();
    const bool idle = state_ == PmtuState::kDisabled || state_ == PmtuState::kSearchComplete;
    if (idle && current_ < ceiling_) begin_search(now);
  }
}

}  // namespace quasar
