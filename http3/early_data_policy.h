// EarlyDataPolicy: which requests a server acts on before the handshake completes, when they
// may be replays of 0-RTT data (RFC 8470 §3, RFC 9114 §10.9). The rest are answered with 425
// (Too Early), which the client retries once the handshake is done (RFC 8470 §5.2).
#pragma once

#include <functional>
#include <string_view>

#include "http3/message_head.h"

namespace quasar::http3 {

struct EarlyDataPolicy {
  enum class Mode : uint8_t {
    kSafeMethodsOnly,  // GET, HEAD, OPTIONS (the default)
    kAcceptAll,        // every request: the application knows its resources tolerate replay
    kRejectAll,        // none
    kCustom,           // ask `allow`
  };
  Mode mode = Mode::kSafeMethodsOnly;
  // For kCustom: true if the request may be processed though it may be replayed.
  std::function<bool(const RequestHead&)> allow;
};

// RFC 8470 §5.1: a request carrying Early-Data (any value or count means 1) was sent in early
// data on an earlier hop.
bool has_early_data_header(const RequestHead& head);

// Whether a server may process `head` now. `handshake_complete`: the transport has completed
// the handshake; before that, whatever arrived may have come in 0-RTT. A request marked
// Early-Data stays early whenever it is processed (RFC 8470 §5.1).
bool may_process_request(const EarlyDataPolicy& policy, const RequestHead& head,
                         bool handshake_complete);

}  // namespace quasar::http3
