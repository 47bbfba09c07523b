// The receiving part of a stream: its RFC 9000 §3.2 states and the events between them.
#pragma once

#include <cstdint>
#include <optional>

namespace quasar {

// RFC 9000 §3.2, Figure 3.
enum class ReceiveState : uint8_t {
  kRecv,        // receiving; final size unknown
  kSizeKnown,   // FIN received; waiting for the rest of the data
  kDataRecvd,   // every byte received, not all read
  kResetRecvd,  // RESET_STREAM received, not yet reported to the application
  kDataRead,    // terminal: the application read everything
  kResetRead,   // terminal: the application was told of the reset
};

enum class ReceiveEvent : uint8_t {
  kRecvData,         // a STREAM frame without FIN, or STREAM_DATA_BLOCKED
  kRecvFin,          // a STREAM frame with FIN
  kAllDataReceived,  // every byte up to the final size has arrived
  kRecvReset,        // RESET_STREAM
  kAppReadAll,       // the application read up to the final size
  kAppReadReset,     // the application took the reset signal
};

// The state after `event`, or nullopt when the event cannot happen in `state`. Frames that
// arrive late (STREAM after all data, anything after a reset or in a terminal state) leave the
// state unchanged: §3.3 says a receiver can see them in any state. A RESET_STREAM in
// "Data Recvd" interrupts delivery (§3.2 lets the implementation choose; the peer asked to
// abort, so the unread data is dropped).
std::optional<ReceiveState> receive_state_after(ReceiveState state, ReceiveEvent event);

// "Data Read" and "Reset Read".
constexpr bool is_terminal(ReceiveState state) {
  return state == ReceiveState::kDataRead || state == ReceiveState::kResetRead;
}
// RFC 9000 §3.3: MAX_STREAM_DATA is only useful in "Recv".
constexpr bool wants_more_data(ReceiveState state) { return state == ReceiveState::kRecv; }
// RFC 9000 §3.5: STOP_SENDING is useful in "Recv" and "Size Known".
constexpr bool can_stop_sending(ReceiveState state) {
  return state == ReceiveState::kRecv || state == ReceiveState::kSizeKnown;
}

const char* receive_state_name(ReceiveState state);

}  // namespace quasar
