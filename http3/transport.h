// Transport and TransportListener: the boundary between HTTP/3 and the QUIC connection under
// it. HTTP/3 writes bytes to streams through Transport and is told what arrived through
// TransportListener; neither mentions a particular QUIC implementation, so http3/ runs over
// quasar's transport (http3/quic_binding.h), an in-memory pipe in tests, or another QUIC.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "http3/priority.h"

namespace quasar::http3 {

// What HTTP/3 asks of the QUIC connection. Calls never call back into HTTP/3.
class Transport {
 public:
  virtual ~Transport() = default;

  // Opens a local stream; nullopt while the peer's stream limit allows none (wait for
  // TransportListener::on_streams_available).
  virtual std::optional<uint64_t> open_stream(bool bidirectional) = 0;
  // Queues bytes on a stream; returns how many were taken, fewer than offered when flow
  // control or the send buffer is full (then on_stream_writable follows). 0 after a reset.
  virtual size_t write(uint64_t stream_id, std::span<const uint8_t> data) = 0;
  // Ends the sending part cleanly (FIN) after everything written.
  virtual void finish(uint64_t stream_id) = 0;
  // Abruptly ends the sending part (RESET_STREAM) or asks the peer to stop (STOP_SENDING).
  virtual void reset_stream(uint64_t stream_id, uint64_t error_code) = 0;
  virtual void stop_sending(uint64_t stream_id, uint64_t error_code) = 0;
  // RFC 9218: how the transport schedules the stream's data against other streams.
  virtual void set_priority(uint64_t stream_id, const Priority& priority) = 0;
  // Closes the connection with an application error code (CONNECTION_CLOSE type 0x1d).
  virtual void close(uint64_t error_code, std::string_view reason) = 0;

  // --- What 0-RTT safety needs (RFC 8470, RFC 9114 §10.9) ---
  // The TLS handshake is complete. On a server, data processed before then may have come in
  // 0-RTT and may be a replay; on a client, data written before then goes out as 0-RTT when
  // the connection resumes a session with early data.
  virtual bool handshake_complete() const = 0;
  // Client: the server accepted 0-RTT. Meaningful once the handshake is complete.
  virtual bool early_data_accepted() const = 0;
  // Server: some of the stream's data arrived in 0-RTT packets (RFC 9001 §9.2). Processed
  // after the handshake completed, such data is no replay (a replayed handshake never
  // completes); this tells the application where the request came from. A transport that
  // cannot tell says false.
  virtual bool stream_has_early_data(uint64_t stream_id) const {
    (void)stream_id;
    return false;
  }
};

// What the QUIC connection tells HTTP/3. The binding calls these after reading the transport's
// events; HTTP/3 may call Transport from inside them.
class TransportListener {
 public:
  virtual ~TransportListener() = default;

  // In-order bytes of a stream the peer writes to; `fin` when they end it.
  virtual void on_stream_data(uint64_t stream_id, std::span<const uint8_t> data, bool fin) = 0;
  // The peer reset its sending part (RESET_STREAM).
  virtual void on_stream_reset(uint64_t stream_id, uint64_t error_code) = 0;
  // The peer asked us to stop sending (STOP_SENDING); the transport has reset our part.
  virtual void on_stop_sending(uint64_t stream_id, uint64_t error_code) = 0;
  // A stream that took fewer bytes than offered can take more.
  virtual void on_stream_writable(uint64_t stream_id) = 0;
  // The peer's limits allow opening more streams.
  virtual void on_streams_available() = 0;
  virtual void on_handshake_complete() = 0;
  // The connection ended (closed by either side, timed out or reset); nothing more arrives.
  virtual void on_transport_closed(uint64_t error_code, std::string_view reason) = 0;
};

}  // namespace quasar::http3
