// Role: whether an endpoint or connection acts as the QUIC client or server.
#pragma once

#include <cstdint>

namespace quasar {

enum class Role : uint8_t { kClient, kServer };

constexpr Role peer_of(Role role) { return role == Role::kClient ? Role::kServer : Role::kClient; }
constexpr const char* role_name(Role role) { return role == Role::kClient ? "client" : "server"; }

}  // namespace quasar
