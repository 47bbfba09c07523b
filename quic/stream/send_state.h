// The sending part of a stream: its RFC 9000 §3.1 states and the events that move between them.
#pragma once

#include <cstdint>
#include <optional>

namespace quasar {

// RFC 9000 §3.1, Figure 2.
enum class SendState : uint8_t {
  kReady,       // created; may buffer data
  kSend,        // STREAM or STREAM_DATA_BLOCKED sent
  kDataSent,    // FIN sent; only retransmissions remain
  kResetSent,   // RESET_STREAM sent (or decided on)
  kDataRecvd,   // terminal: every byte and the FIN acknowledged
  kResetRecvd,  // terminal: RESET_STREAM acknowledged
};

enum class SendEvent : uint8_t {
  kSendData,    // a STREAM frame without FIN, or STREAM_DATA_BLOCKED
  kSendFin,     // a STREAM frame with FIN
  kAllAcked,    // every byte and the FIN acknowledged
  kSendReset,   // RESET_STREAM (application reset, or the answer to STOP_SENDING)
  kResetAcked,  // the packet carrying RESET_STREAM acknowledged
};

// The state after `event`, or nullopt when §3.1 does not allow the event in `state`.
// Retransmissions keep "Data Sent" where it is.
std::optional<SendState> send_state_after(SendState state, SendEvent event);

// "Data Recvd" and "Reset Recvd".
constexpr bool is_terminal(SendState state) {
  return state == SendState::kDataRecvd || state == SendState::kResetRecvd;
}
// RFC 9000 §3.3: no STREAM or STREAM_DATA_BLOCKED once reset or terminal.
constexpr bool can_send_stream_frames(SendState state) {
  return state == SendState::kReady || state == SendState::kSend || state == SendState::kDataSent;
}

const char* send_state_name(SendState state);

}  // namespace quasar
