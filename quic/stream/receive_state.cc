// RFC 9000 §3.2 transitions of the receiving part of a stream.
#include "quic/stream/receive_state.h"

namespace quasar {

std::optional<ReceiveState> receive_state_after(ReceiveState state, ReceiveEvent event) {
  using S = ReceiveState;
  using E = ReceiveEvent;
  switch (state) {
    case S::kRecv:
      switch (event) {
        case E::kRecvData:
          return S::kRecv;
        case E::kRecvFin:
          return S::kSizeKnown;
        case E::kRecvReset:
          return S::kResetRecvd;
        default:
          return std::nullopt;
      }
    case S::kSizeKnown:
      switch (event) {
        case E::kRecvData:
        case E::kRecvFin:
          return S::kSizeKnown;
        case E::kAllDataReceived:
          return S::kDataRecvd;
        case E::kRecvReset:
          return S::kResetRecvd;
        default:
          return std::nullopt;
      }
    case S::kDataRecvd:
      switch (event) {
        case E::kRecvData:
        case E::kRecvFin:
          return S::kDataRecvd;
        case E::kRecvReset:
          return S::kResetRecvd;
        case E::kAppReadAll:
          return S::kDataRead;
        default:
          return std::nullopt;
      }
    case S::kResetRecvd:
      switch (event) {
        case E::kRecvData:
        case E::kRecvFin:
        case E::kRecvReset:
          return S::kResetRecvd;
        case E::kAppReadReset:
          return S::kResetRead;
        default:
          return std::nullopt;
      }
    case S::kDataRead:
    case S::kResetRead:
      switch (event) {
        case E::kRecvData:
        case E::kRecvFin:
        case E::kRecvReset:
          return state;
        default:
          return std::nullopt;
      }
  }
  return std::nullopt;
}

const char* receive_state_name(ReceiveState state) {
  switch (state) {
    case ReceiveState::kRecv:
      return "Recv";
    case ReceiveState::kSizeKnown:
      return "Size Known";
    case ReceiveState::kDataRecvd:
      return "Data Recvd";
    case ReceiveState::kResetRecvd:
      return "Reset Recvd";
    case ReceiveState::kDataRead:
      return "Data Read";
    case ReceiveState::kResetRead:
      return "Reset Read";
  }
  return "?";
}

}  // namespace quasar
