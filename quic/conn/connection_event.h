// ConnectionEvent: what a connection tells its application, pulled with poll_event().
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "quic/base/quic_error.h"
#include "quic/base/socket_address.h"

namespace quasar {

// Why a connection ended.
struct CloseReason {
  enum class Kind : uint8_t {
    kLocal,               // this endpoint closed it (the application, or an error it detected)
    kRemote,              // the peer sent CONNECTION_CLOSE
    kIdleTimeout,         // RFC 9000 §10.1: silently closed after the idle timeout
    kStatelessReset,      // RFC 9000 §10.3: the peer reset the connection
    kVersionNegotiation,  // RFC 9000 §6.2: no common version
    kHandshakeTimeout,    // the handshake did not complete in time
  };
  Kind kind = Kind::kLocal;
  // The code in CONNECTION_CLOSE (transport or application); NO_ERROR for a clean close.
  QuicError error;
  // The Reason Phrase sent or received.
  std::string reason;

  bool is_error() const {
    if (kind == Kind::kIdleTimeout) return false;
    return error.application ? false : error.code != 0;
  }
  // e.g. "remote CRYPTO_ERROR 0x12a (bad certificate): reason"
  std::string to_string() const;
};

namespace event {

// Server: a client is connecting. accept() it, or refuse() it (CONNECTION_REFUSED).
struct IncomingConnection {
  SocketAddress peer;
};

struct HandshakeCompleted {};  // RFC 9001 §4.1.1
struct HandshakeConfirmed {};  // RFC 9001 §4.1.2
struct StreamOpened {          // the peer opened a stream
  uint64_t stream_id;
};
struct StreamReadable {
  uint64_t stream_id;
};
struct StreamWritable {
  uint64_t stream_id;
};
struct StreamFinished {  // every byte we sent on it, and the FIN, were acknowledged
  uint64_t stream_id;
};
struct StreamReset {  // the peer reset its sending part (RESET_STREAM)
  uint64_t stream_id;
  uint64_t error_code;
};
struct StreamStopSending {  // the peer asked us to stop; our sending part was reset
  uint64_t stream_id;
  uint64_t error_code;
};
struct StreamsAvailable {  // MAX_STREAMS allows opening streams again
  bool bidirectional;
};
struct DatagramsReceived {};  // RFC 9221: DATAGRAM payloads wait for Connection::read_datagram()
struct ZeroRttRejected {};    // RFC 9001 §4.6.2: data sent in 0-RTT is being resent in 1-RTT
struct SessionTicket {        // client: a ticket to resume a later connection with
  std::vector<uint8_t> ticket;
};
struct NewToken {  // client: a token for a later connection's Initials (RFC 9000 §8.1.3)
  std::vector<uint8_t> token;
};
struct PathChanged {  // the connection now uses another path (migration, RFC 9000 §9)
  SocketAddress local;
  SocketAddress peer;
};
struct ConnectionClosed {
  CloseReason reason;
};

}  // namespace event

using ConnectionEvent =
    std::variant<event::IncomingConnection, event::HandshakeCompleted, event::HandshakeConfirmed,
                 event::StreamOpened, event::StreamReadable, event::StreamWritable,
                 event::StreamFinished, event::StreamReset, event::StreamStopSending,
                 event::StreamsAvailable, event::DatagramsReceived, event::ZeroRttRejected,
                 event::SessionTicket, event::NewToken, event::PathChanged,
                 event::ConnectionClosed>;

}  // namespace quasar
