// The RFC 9000 §3.1 and §3.2 state machines: every transition, and every refusal.
#include <catch2/catch.hpp>

#include <map>
#include <utility>

#include "quic/stream/receive_state.h"
#include "quic/stream/send_state.h"

namespace quasar {
namespace {

constexpr SendState kSendStates[] = {SendState::kReady,     SendState::kSend,
                                     SendState::kDataSent,  SendState::kResetSent,
                                     SendState::kDataRecvd, SendState::kResetRecvd};
constexpr SendEvent kSendEvents[] = {SendEvent::kSendData, SendEvent::kSendFin,
                                     SendEvent::kAllAcked, SendEvent::kSendReset,
                                     SendEvent::kResetAcked};

constexpr ReceiveState kReceiveStates[] = {ReceiveState::kRecv,      ReceiveState::kSizeKnown,
                                           ReceiveState::kDataRecvd, ReceiveState::kResetRecvd,
                                           ReceiveState::kDataRead,  ReceiveState::kResetRead};
constexpr ReceiveEvent kReceiveEvents[] = {
    ReceiveEvent::kRecvData,  ReceiveEvent::kRecvFin,    ReceiveEvent::kAllDataReceived,
    ReceiveEvent::kRecvReset, ReceiveEvent::kAppReadAll, ReceiveEvent::kAppReadReset};

TEST_CASE("Sending part: exactly the transitions of RFC 9000 Figure 2", "[state][send]") {
  using S = SendState;
  using E = SendEvent;
  // Figure 2, plus retransmissions, which leave "Data Sent" where it is.
  const std::map<std::pair<S, E>, S> allowed = {
      {{S::kReady, E::kSendData}, S::kSend},
      {{S::kReady, E::kSendFin}, S::kDataSent},  // one frame can carry data and FIN
      {{S::kReady, E::kSendReset}, S::kResetSent},
      {{S::kSend, E::kSendData}, S::kSend},
      {{S::kSend, E::kSendFin}, S::kDataSent},
      {{S::kSend, E::kSendReset}, S::kResetSent},
      {{S::kDataSent, E::kSendData}, S::kDataSent},
      {{S::kDataSent, E::kSendFin}, S::kDataSent},
      {{S::kDataSent, E::kAllAcked}, S::kDataRecvd},
      {{S::kDataSent, E::kSendReset}, S::kResetSent},
      {{S::kResetSent, E::kResetAcked}, S::kResetRecvd},
  };
  int checked = 0;
  for (S state : kSendStates) {
    for (E event : kSendEvents) {
      INFO(send_state_name(state) << " + event " << static_cast<int>(event));
      const auto it = allowed.find({state, event});
      const std::optional<S> next = send_state_after(state, event);
      if (it == allowed.end()) {
        CHECK_FALSE(next.has_value());
      } else {
        REQUIRE(next.has_value());
        CHECK(*next == it->second);
      }
      ++checked;
    }
  }
  CHECK(checked == 30);
  CHECK(is_terminal(S::kDataRecvd));
  CHECK(is_terminal(S::kResetRecvd));
  CHECK_FALSE(is_terminal(S::kResetSent));
  CHECK_FALSE(can_send_stream_frames(S::kResetSent));
  CHECK(can_send_stream_frames(S::kDataSent));
}

TEST_CASE("Receiving part: exactly the transitions of RFC 9000 Figure 3", "[state][receive]") {
  using S = ReceiveState;
  using E = ReceiveEvent;
  const std::map<std::pair<S, E>, S> allowed = {
      {{S::kRecv, E::kRecvData}, S::kRecv},
      {{S::kRecv, E::kRecvFin}, S::kSizeKnown},
      {{S::kRecv, E::kRecvReset}, S::kResetRecvd},
      {{S::kSizeKnown, E::kRecvData}, S::kSizeKnown},
      {{S::kSizeKnown, E::kRecvFin}, S::kSizeKnown},
      {{S::kSizeKnown, E::kAllDataReceived}, S::kDataRecvd},
      {{S::kSizeKnown, E::kRecvReset}, S::kResetRecvd},
      {{S::kDataRecvd, E::kRecvData}, S::kDataRecvd},
      {{S::kDataRecvd, E::kRecvFin}, S::kDataRecvd},
      {{S::kDataRecvd, E::kRecvReset}, S::kResetRecvd},  // the optional arrow, taken
      {{S::kDataRecvd, E::kAppReadAll}, S::kDataRead},
      {{S::kResetRecvd, E::kRecvData}, S::kResetRecvd},
      {{S::kResetRecvd, E::kRecvFin}, S::kResetRecvd},
      {{S::kResetRecvd, E::kRecvReset}, S::kResetRecvd},
      {{S::kResetRecvd, E::kAppReadReset}, S::kResetRead},
      // §3.3: late frames in terminal states are absorbed.
      {{S::kDataRead, E::kRecvData}, S::kDataRead},
      {{S::kDataRead, E::kRecvFin}, S::kDataRead},
      {{S::kDataRead, E::kRecvReset}, S::kDataRead},
      {{S::kResetRead, E::kRecvData}, S::kResetRead},
      {{S::kResetRead, E::kRecvFin}, S::kResetRead},
      {{S::kResetRead, E::kRecvReset}, S::kResetRead},
  };
  int checked = 0;
  for (S state : kReceiveStates) {
    for (E event : kReceiveEvents) {
      INFO(receive_state_name(state) << " + event " << static_cast<int>(event));
      const auto it = allowed.find({state, event});
      const std::optional<S> next = receive_state_after(state, event);
      if (it == allowed.end()) {
        CHECK_FALSE(next.has_value());
      } else {
        REQUIRE(next.has_value());
        CHECK(*next == it->second);
      }
      ++checked;
    }
  }
  CHECK(checked == 36);
  CHECK(wants_more_data(S::kRecv));
  CHECK_FALSE(wants_more_data(S::kSizeKnown));
  CHECK(can_stop_sending(S::kSizeKnown));
  CHECK_FALSE(can_stop_sending(S::kDataRecvd));
  CHECK(is_terminal(S::kDataRead));
  CHECK(is_terminal(S::kResetRead));
  CHECK_FALSE(is_terminal(S::kResetRecvd));
}

}  // namespace
}  // namespace quasar
