// Checks of the peer's transport parameters against what the handshake itself saw: the
// connection IDs of Initial and Retry packets (RFC 9000 §7.3) and the version negotiation
// (RFC 9368 §4). The connection calls these once the peer's parameters are decoded.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "quic/base/connection_id.h"
#include "quic/base/result.h"
#include "quic/base/role.h"
#include "quic/wire/transport_parameters.h"

namespace quasar {

// The connection IDs the endpoint saw in the handshake's packets.
struct HandshakeConnectionIds {
  // The Source Connection ID of the first Initial packet received from the peer.
  ConnectionId peer_initial_source;
  // Client only: the Destination Connection ID of its first Initial packet.
  ConnectionId original_destination;
  // Client only: the Source Connection ID of the Retry it processed, if any.
  std::optional<ConnectionId> retry_source;
};

// RFC 9000 §7.3: initial_source_connection_id must be present and match what the peer used;
// from a server, original_destination_connection_id must be present and match, and
// retry_source_connection_id must be present (and match) exactly when a Retry was processed.
// Violations are TRANSPORT_PARAMETER_ERROR.
Status check_handshake_connection_ids(const TransportParameters& peer, Role peer_role,
                                      const HandshakeConnectionIds& seen);

// RFC 9368 §4, on the server: the client's Chosen Version must be the version of the long
// headers that carried its parameters, or VERSION_NEGOTIATION_ERROR. A missing
// version_information is accepted.
Status check_client_version_information(const TransportParameters& client, uint32_t version_in_use);

// RFC 9368 §4, on the client. `offered_versions` is the Available Versions list the client
// sent. VERSION_NEGOTIATION_ERROR when the server's Chosen Version is not among them; and, when
// the client reacted to a Version Negotiation packet, when the server's information is missing,
// lists no version, or would have led the client (choosing the first of its
// `client_preference` that the server lists, RFC 9368 §4) to another version than
// `attempted_version`, the version it connected with after Version Negotiation.
Status check_server_version_information(const TransportParameters& server,
                                        std::span<const uint32_t> offered_versions,
                                        bool reacted_to_version_negotiation,
                                        std::span<const uint32_t> client_preference,
                                        uint32_t attempted_version);

}  // namespace quasar
