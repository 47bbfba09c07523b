// StoredSession: what a client keeps between connections to resume a TLS session and attempt
// 0-RTT: the TLS session, and what 0-RTT must remember of the old connection (RFC 9000 §7.4.1:
// the server's transport parameters; RFC 9001 §4.6: the application protocol; RFC 9369 §5: the
// QUIC version). Serialised as an opaque blob for the application to store.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace quasar {

struct StoredSession {
  uint32_t quic_version = 0;
  std::string alpn;
  std::vector<uint8_t> server_transport_parameters;
  bool early_data_capable = false;
  std::vector<uint8_t> tls_session;  // BoringSSL's serialised SSL_SESSION
};

std::vector<uint8_t> encode_stored_session(const StoredSession& session);
// nullopt for bytes that are not a stored session of this format.
std::optional<StoredSession> decode_stored_session(std::span<const uint8_t> blob);

}  // namespace quasar
