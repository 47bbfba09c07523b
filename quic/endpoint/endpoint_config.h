// EndpointConfig: what an Endpoint needs — transport settings, how TLS sessions are made, the
// packet protection to use, and server policy.
#pragma once

#include <array>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "crypto/packet_keys.h"
#include "crypto/tls_config.h"
#include "crypto/tls_session.h"
#include "quic/base/result.h"
#include "quic/conn/transport_settings.h"
#include "quic/wire/version.h"

namespace quasar {

class TlsClientContext;
class TlsServerContext;
class QlogSink;

using ClientTlsFactory =
    std::function<Result<std::unique_ptr<TlsSession>>(const TlsClientSessionParams&)>;
using ServerTlsFactory =
    std::function<Result<std::unique_ptr<TlsSession>>(const TlsServerSessionParams&)>;

// TLS session factories over BoringSSL contexts (crypto/tls_*_context.h).
ClientTlsFactory client_tls_factory(std::shared_ptr<const TlsClientContext> context);
ServerTlsFactory server_tls_factory(std::shared_ptr<const TlsServerContext> context);

// When a server answers an Initial that carries no valid token with a Retry (RFC 9000 §8.1.2).
enum class RetryPolicy : uint8_t {
  kNever,
  kAlways,
  kAboveLoad,  // once retry_above_connections connections are open
};

struct EndpointConfig {
  TransportSettings transport;
  // An endpoint can connect when it has a client factory, and accepts connections when it has
  // a server factory.
  ClientTlsFactory client_tls;
  ServerTlsFactory server_tls;
  // Real packet protection by default; deterministic tests may plug in another factory.
  const PacketKeyFactory* key_factory = &standard_packet_key_factory();
  // The versions spoken, by preference. Clients offer them all in version_information and pick
  // from them after Version Negotiation. Servers answer any other version with Version
  // Negotiation and move a client to the first of them its first flight allows (compatible
  // version negotiation, RFC 9368 §4): v1 first keeps a v1 client in v1.
  std::vector<uint32_t> versions = {kQuicVersion1, kQuicVersion2};
  // The version a client's first flight uses: one of `versions`, or a reserved version
  // (0x?a?a?a?a) to elicit Version Negotiation (RFC 9000 §6.3), sent as v1 would be, after which
  // the client continues in its most preferred version the server lists. A resumed session's
  // version takes precedence (RFC 9369 §5).
  uint32_t version = kQuicVersion1;
  // Key for stateless reset tokens (RFC 9000 §10.3.2); random per endpoint when unset.
  std::optional<std::array<uint8_t, 32>> stateless_reset_key;
  // Answer short-header packets of unknown connections with a stateless reset (§10.3). Worth
  // it across restarts only with a stateless_reset_key that survives them.
  bool send_stateless_resets = true;
  // Address validation with Retry; tokens (Retry and NEW_TOKEN) are sealed with
  // address_token_key, random per endpoint when unset.
  RetryPolicy retry = RetryPolicy::kNever;
  size_t retry_above_connections = 1000;
  std::optional<std::array<uint8_t, 32>> address_token_key;
  // Servers whose TLS issues early-data tickets accept 0-RTT unless this is set (then they
  // still issue such tickets, and refuse every 0-RTT attempt).
  bool reject_early_data = false;
  // Servers: addresses offered to clients in the preferred_address transport parameter (RFC 9000
  // §9.6); clients move there after the handshake. This endpoint must receive datagrams sent to
  // them. One per address family at most.
  std::optional<SocketAddress> preferred_address_ipv4;
  std::optional<SocketAddress> preferred_address_ipv6;
  // Connections this endpoint holds at most; further Initials are ignored.
  size_t max_connections = 10000;
  // Per connection, if set: where its qlog events go (null for none).
  std::function<QlogSink*(Role role, const ConnectionId& original_dcid)> qlog_for;
};

}  // namespace quasar
