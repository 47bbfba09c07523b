// Handshake cross-checks of transport parameters (RFC 9000 §7.3, RFC 9368 §4).
#include "quic/wire/handshake_parameter_checks.h"

#include <algorithm>

#include "quic/wire/version.h"

namespace quasar {

namespace {

QuicError parameter_error(const char* reason) {
  return QuicError::transport(TransportError::kTransportParameterError, 0, reason);
}

QuicError negotiation_error(const char* reason) {
  return QuicError::transport(TransportError::kVersionNegotiationError, 0, reason);
}

bool contains(std::span<const uint32_t> versions, uint32_t version) {
  return std::find(versions.begin(), versions.end(), version) != versions.end();
}

}  // namespace

Status check_handshake_connection_ids(const TransportParameters& peer, Role peer_role,
                                      const HandshakeConnectionIds& seen) {
  if (!peer.initial_source_connection_id) {
    return parameter_error("initial_source_connection_id missing");
  }
  if (*peer.initial_source_connection_id != seen.peer_initial_source) {
    return parameter_error("initial_source_connection_id does not match the Initial packet");
  }
  if (peer_role == Role::kClient) return ok_status();

  if (!peer.original_destination_connection_id) {
    return parameter_error("original_destination_connection_id missing");
  }
  if (*peer.original_destination_connection_id != seen.original_destination) {
    return parameter_error("original_destination_connection_id does not match");
  }
  if (seen.retry_source) {
    if (!peer.retry_source_connection_id) {
      return parameter_error("retry_source_connection_id missing after a Retry");
    }
    if (*peer.retry_source_connection_id != *seen.retry_source) {
      return parameter_error("retry_source_connection_id does not match the Retry");
    }
  } else if (peer.retry_source_connection_id) {
    return parameter_error("retry_source_connection_id without a Retry");
  }
  return ok_status();
}

Status check_client_version_information(const TransportParameters& client,
                                        uint32_t version_in_use) {
  if (!client.version_information) return ok_status();  // RFC 9368 §4: servers MAY go on
  if (client.version_information->chosen_version != version_in_use) {
    return negotiation_error("client chosen version differs from the version in use");
  }
  return ok_status();
}

Status check_server_version_information(const TransportParameters& server,
                                        std::span<const uint32_t> offered_versions,
                                        bool reacted_to_version_negotiation,
                                        std::span<const uint32_t> client_preference,
                                        uint32_t attempted_version) {
  if (!server.version_information) {
    if (reacted_to_version_negotiation) {
      return negotiation_error("server version_information missing after version negotiation");
    }
    return ok_status();
  }
  const VersionInformation& info = *server.version_information;
  if (!contains(offered_versions, info.chosen_version)) {
    return negotiation_error("server chose a version the client did not offer");
  }
  if (!reacted_to_version_negotiation) return ok_status();
  if (info.available_versions.empty()) {
    return negotiation_error("server lists no available version after version negotiation");
  }
  // RFC 9368 §4: the client would have picked the same version from a Version Negotiation
  // packet listing the server's Available Versions plus the negotiated version.
  for (uint32_t version : client_preference) {
    if (is_reserved_version(version)) continue;
    if (version == info.chosen_version || info.lists(version)) {
      if (version == attempted_version) return ok_status();
      return negotiation_error("version negotiation was downgraded");
    }
  }
  return negotiation_error("version negotiation was downgraded");
}

}  // namespace quasar
