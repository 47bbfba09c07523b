// Helpers to search the events an EndpointPair collected.
#pragma once

#include <optional>
#include <variant>
#include <vector>

#include "quic/endpoint/endpoint.h"
#include "tests/conn/test_endpoints.h"

namespace quasar::test {

template <typename E>
bool has_event(const std::vector<EndpointEvent>& events) {
  for (const auto& e : events) {
    if (std::holds_alternative<E>(e.event)) return true;
  }
  return false;
}

template <typename E>
std::optional<E> find_event(const std::vector<EndpointEvent>& events) {
  for (const auto& e : events) {
    if (const E* found = std::get_if<E>(&e.event)) return *found;
  }
  return std::nullopt;
}

// Runs the pair until both sides have confirmed the handshake; false on timeout.
inline bool run_until_confirmed(EndpointPair& pair) {
  return pair.run_until([&] {
    return has_event<event::HandshakeConfirmed>(pair.client_events) &&
           has_event<event::HandshakeConfirmed>(pair.server_events);
  });
}

}  // namespace quasar::test
