// TlsSession: the pull-style interface between a QUIC connection and its TLS 1.3 handshake
// (RFC 9001 §4.1). The connection feeds CRYPTO bytes in per encryption level, then pulls out
// handshake bytes to send, new secrets, session tickets and the outcome. The BoringSSL
// implementation comes from TlsClientContext / TlsServerContext; crypto/testing has a fake.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "crypto/cipher_suite.h"
#include "crypto/secret.h"
#include "quic/base/encryption_level.h"
#include "quic/base/result.h"
#include "quic/base/role.h"

namespace quasar {

enum class SecretDirection : uint8_t { kRead, kWrite };

// A traffic secret TLS made available (RFC 9001 §4.1.4). Derive packet keys from it with a
// PacketKeyFactory and the connection's QUIC version.
struct TlsSecret {
  EncryptionLevel level = EncryptionLevel::kInitial;
  SecretDirection direction = SecretDirection::kRead;
  CipherSuite suite = CipherSuite::kAes128GcmSha256;
  Secret secret;
};

enum class EarlyDataState : uint8_t {
  kNotAttempted,  // no 0-RTT: no early-data-capable session (client) or no offer (server)
  kPending,       // client: 0-RTT offered and its keys installed; the server has not answered
  kAccepted,      // the server accepted 0-RTT: 0-RTT packets carry application data
  kRejected,      // rejected: the client resends 0-RTT data in 1-RTT; the server drops 0-RTT
};

class TlsSession {
 public:
  virtual ~TlsSession() = default;

  virtual Role role() const = 0;

  // Client: writes the ClientHello (Initial level) and, when resuming a session that allows it,
  // installs 0-RTT write keys. Server: nothing; the handshake starts with the first
  // provide_crypto_data(). Call once, before anything else.
  virtual Status start() = 0;

  // Delivers CRYPTO bytes received at `level`, contiguous and in order (the connection
  // reassembles). Handshake messages after completion (NewSessionTicket) go the same way.
  // Errors are connection errors: CRYPTO_ERROR (0x100 + alert) when TLS fails, PROTOCOL_VIOLATION
  // for bytes at a level TLS does not read now or in 0-RTT (RFC 9001 §4.1.3, §8.3),
  // CRYPTO_BUFFER_EXCEEDED when a message is too large. After an error every call fails alike.
  virtual Status provide_crypto_data(EncryptionLevel level, std::span<const uint8_t> data) = 0;

  // The next secret in the order TLS produced it, or nullopt. Pull them after every start() or
  // provide_crypto_data() and install keys before sending or processing more packets.
  virtual std::optional<TlsSecret> take_secret() = 0;

  // Handshake bytes waiting to be sent in CRYPTO frames at `level` (never at 0-RTT). The
  // connection copies what it sends into its CRYPTO stream buffer and then consumes it.
  virtual std::span<const uint8_t> pending_crypto_data(EncryptionLevel level) const = 0;
  virtual void consume_crypto_data(EncryptionLevel level, size_t length) = 0;

  // Client: a session the application can store and pass back (TlsClientSessionParams::session)
  // to resume later, one per NewSessionTicket received; nullopt when none is waiting.
  virtual std::optional<std::vector<uint8_t>> take_session_ticket() = 0;
  // Client: the connection moved to `version` by compatible version negotiation; sessions from
  // now on belong to it (RFC 9369 §5).
  virtual void set_quic_version(uint32_t version) = 0;

  // RFC 9001 §4.1.1: TLS sent its Finished and verified the peer's.
  virtual bool handshake_complete() const = 0;
  // The negotiated application protocol, empty before it is known.
  virtual std::string_view alpn() const = 0;
  // The peer's quic_transport_parameters extension (RFC 9001 §8.2), opaque; empty until it
  // arrives (server: with the ClientHello; client: with EncryptedExtensions). Authenticated only
  // once the handshake completes.
  virtual std::span<const uint8_t> peer_transport_parameters() const = 0;
  virtual EarlyDataState early_data_state() const = 0;
  // True when the handshake resumed a session (a ticket was accepted).
  virtual bool resumed() const = 0;
  // The negotiated suite, once the ServerHello is processed.
  virtual std::optional<CipherSuite> cipher_suite() const = 0;
  // Server: the server name the client sent (SNI), empty if none.
  virtual std::string_view server_name() const = 0;
  // Server: NewSessionTicket messages queued for the client since the handshake completed.
  virtual size_t session_tickets_sent() const = 0;
  // RFC 9000 §7.5: how many CRYPTO bytes beyond the delivered ones the connection should buffer
  // at `level` before closing with CRYPTO_BUFFER_EXCEEDED.
  virtual size_t max_crypto_buffer(EncryptionLevel level) const = 0;
};

}  // namespace quasar
