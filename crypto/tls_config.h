// Configuration of TLS client and server contexts (ALPN, certificates and their verification,
// cipher suites, 0-RTT, key logging, ticket keys) and the per-connection parameters of a session.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/cipher_suite.h"

namespace quasar {

// One line of an NSS key log (the SSLKEYLOGFILE format), without the newline, e.g.
// "CLIENT_HANDSHAKE_TRAFFIC_SECRET <client random hex> <secret hex>".
using KeyLogCallback = std::function<void(std::string_view line)>;

// Chooses the application protocol among those the client offered, in the client's order.
// nullopt (or a protocol not offered) ends the handshake with no_application_protocol.
using AlpnSelector =
    std::function<std::optional<std::string>(std::span<const std::string_view> offered)>;

struct TlsConfigError {
  std::string message;
};

struct TlsClientConfig {
  // Offered in this order. RFC 9001 §8.1: QUIC requires ALPN, so this must not be empty.
  std::vector<std::string> alpn;
  // Trust anchors (PEM). Empty: the system store.
  std::string ca_file;
  // False disables certificate and host name verification: for tests and interop runs only.
  bool verify_peer = true;
  // The suites this client accepts. BoringSSL always offers all three TLS 1.3 suites (ChaCha20
  // first on machines without AES instructions); a server choosing one outside this set ends
  // the handshake with handshake_failure.
  CipherSuiteSet cipher_suites = CipherSuiteSet::all();
  // Offer 0-RTT when resuming a session whose ticket allows it.
  bool enable_early_data = true;
  KeyLogCallback key_log;
};

struct TlsServerConfig {
  // Supported protocols in preference order; the first one the client also offered is chosen
  // unless `select_alpn` is set.
  std::vector<std::string> alpn;
  AlpnSelector select_alpn;
  // The certificate chain (leaf first, then intermediates) and its private key (RSA or ECDSA),
  // as PEM files or, when the file names are empty, PEM text.
  std::string certificate_chain_file;
  std::string private_key_file;
  std::string certificate_chain_pem;
  std::string private_key_pem;
  // A ClientHello offering none of these is refused with handshake_failure, as is a
  // negotiation that lands outside them.
  CipherSuiteSet cipher_suites = CipherSuiteSet::all();
  // Issue tickets that allow 0-RTT (max_early_data_size 0xffffffff, RFC 9001 §4.6.1) and accept
  // 0-RTT whose early-data context matches (TlsServerSessionParams::early_data_context).
  bool enable_early_data = false;
  // Key material for session tickets, shared by servers that must resume each other's sessions.
  // Unset: a random key per context, rotated by BoringSSL.
  std::optional<std::array<uint8_t, 48>> session_ticket_key;
  KeyLogCallback key_log;
};

struct TlsClientSessionParams {
  // Sent as SNI and verified against the certificate. An IP literal is verified as an address
  // and not sent as SNI.
  std::string server_name;
  // This endpoint's transport parameters, already encoded (quic/wire).
  std::vector<uint8_t> transport_parameters;
  // A session from take_session_ticket() of an earlier connection, or empty for a full handshake.
  // Sessions from another QUIC version are not used (RFC 9369 §5).
  std::vector<uint8_t> session;
  uint32_t quic_version = 0x00000001;
};

// What a server decides once it has seen the client's transport parameters.
struct ServerParametersChoice {
  std::vector<uint8_t> transport_parameters;  // replaces the ones the session started with
  uint32_t quic_version = 0x00000001;         // the version session tickets are bound to
};

// Called with the client's quic_transport_parameters when its ClientHello arrives, before the
// server answers: compatible version negotiation chooses the connection's version then
// (RFC 9368 §4, RFC 9369 §4). nullopt keeps the parameters and version the session started with.
using ClientParametersHook = std::function<std::optional<ServerParametersChoice>(
    std::span<const uint8_t> client_parameters)>;

struct TlsServerSessionParams {
  std::vector<uint8_t> transport_parameters;
  ClientParametersHook on_client_parameters;
  // RFC 9001 §4.6.2: the transport parameters and application settings 0-RTT depends on; 0-RTT
  // is accepted only from tickets issued under the same bytes. Empty: 0-RTT is rejected.
  std::vector<uint8_t> early_data_context;
  // Tickets resume only on connections of the same QUIC version (RFC 9369 §5).
  uint32_t quic_version = 0x00000001;
};

}  // namespace quasar
