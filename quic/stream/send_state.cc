// RFC 9000 §3.1 transitions of the sending part of a stream.
#include "quic/stream/send_state.h"

namespace quasar {

std::optional<SendState> send_state_after(SendState state, SendEvent event) {
  switch (state) {
    case SendState::kReady:
    case SendState::kSend:
      switch (event) {
        case SendEvent::kSendData:
          return SendState::kSend;
        case SendEvent::kSendFin:
          return SendState::kDataSent;
        case SendEvent::kSendReset:
          return SendState::kResetSent;
        default:
          return std::nullopt;
      }
    case SendState::kDataSent:
      switch (event) {
        case SendEvent::kSendData:
        case SendEvent::kSendFin:
          return SendState::kDataSent;  // retransmissions
        case SendEvent::kAllAcked:
          return SendState::kDataRecvd;
        case SendEvent::kSendReset:
          return SendState::kResetSent;
        default:
          return std::nullopt;
      }
    case SendState::kResetSent:
      if (event == SendEvent::kResetAcked) return SendState::kResetRecvd;
      return std::nullopt;
    case SendState::kDataRecvd:
    case SendState::kResetRecvd:
      return std::nullopt;
  }
  return std::nullopt;
}

const char* send_state_name(SendState state) {
  switch (state) {
    case SendState::kReady:
      return "Ready";
    case SendState::kSend:
      return "Send";
    case SendState::kDataSent:
      return "Data Sent";
    case SendState::kResetSent:
      return "Reset Sent";
    case SendState::kDataRecvd:
      return "Data Recvd";
    case SendState::kResetRecvd:
      return "Reset Recvd";
  }
  return "?";
}

}  // namespace quasar
