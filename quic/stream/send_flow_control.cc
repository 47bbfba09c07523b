// SendFlowControl: credit accounting and the blocked signal.
#include "quic/stream/send_flow_control.h"

#include <cassert>

namespace quasar {

void SendFlowControl::add_sent(uint64_t bytes) {
  assert(bytes <= available());
  sent_ += bytes;
}

SendFlowControl::LimitUpdate SendFlowControl::update_limit(uint64_t new_limit) {
  if (new_limit <= limit_) return LimitUpdate::kIgnored;
  const bool was_blocked = is_blocked();
  limit_ = new_limit;
  return was_blocked ? LimitUpdate::kUnblocked : LimitUpdate::kIncreased;
}

}  // namespace quasar
