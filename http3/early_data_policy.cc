// The server's early-data decision.
#include "http3/early_data_policy.h"

namespace quasar::http3 {

bool has_early_data_header(const RequestHead& head) {
  return find_field(head.headers, "early-data") != nullptr;
}

bool may_process_request(const EarlyDataPolicy& policy, const RequestHead& head,
                         bool handshake_complete) {
  const bool early = !handshake_complete || has_early_data_header(head);
  if (!early) return true;
  switch (policy.mode) {
    case EarlyDataPolicy::Mode::kSafeMethodsOnly:
      // RFC 8470 §3 names GET, HEAD and OPTIONS (safe methods of RFC 7231 §4.2.1).
      return head.method == "GET" || head.method == "HEAD" || head.method == "OPTIONS";
    case EarlyDataPolicy::Mode::kAcceptAll:
      return true;
    case EarlyDataPolicy::Mode::kRejectAll:
      return false;
    case EarlyDataPolicy::Mode::kCustom:
      return policy.allow ? policy.allow(head) : false;
  }
  return false;
}

}  // namespace quasar::http3
