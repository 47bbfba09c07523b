// QuicHttp3Binding: runs an HTTP/3 connection (Http3Client or Http3Server) over a quasar QUIC
// Connection. It is the Transport the HTTP/3 layer writes to, and it turns the connection's
// events (quic/conn/connection_event.h) into TransportListener calls, reading stream data as it
// becomes readable. This is the only part of http3/ that knows quic/.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "http3/transport.h"
#include "quic/base/time.h"
#include "quic/conn/connection.h"
#include "quic/conn/connection_event.h"

namespace quasar::http3 {

class QuicHttp3Binding final : public Transport {
 public:
  explicit QuicHttp3Binding(Connection& connection);
  QuicHttp3Binding(const QuicHttp3Binding&) = delete;
  QuicHttp3Binding& operator=(const QuicHttp3Binding&) = delete;

  // The HTTP/3 connection to feed (constructed with this binding as its Transport).
  void set_listener(TransportListener& listener) { listener_ = &listener; }

  // One event of this connection, as Endpoint::poll_event() returned it. Readable streams are
  // read to the end of what they hold.
  void handle_event(Instant now, const ConnectionEvent& event);
  // The time used for transport calls made outside handle_event (reads, closing).
  void set_now(Instant now) { now_ = now; }
  // The connection is gone (closed and forgotten by its endpoint): nothing is sent any more.
  bool detached() const { return connection_ == nullptr; }

  // --- Transport ---
  std::optional<uint64_t> open_stream(bool bidirectional) override;
  size_t write(uint64_t stream_id, std::span<const uint8_t> data) override;
  void finish(uint64_t stream_id) override;
  void reset_stream(uint64_t stream_id, uint64_t error_code) override;
  void stop_sending(uint64_t stream_id, uint64_t error_code) override;
  void set_priority(uint64_t stream_id, const Priority& priority) override;
  void close(uint64_t error_code, std::string_view reason) override;
  bool handshake_complete() const override;
  bool early_data_accepted() const override;
  bool stream_has_early_data(uint64_t stream_id) const override;

 private:
  void read_stream(uint64_t stream_id);

  Connection* connection_;
  TransportListener* listener_ = nullptr;
  Instant now_;
  // Stream data is read into this buffer and handed over without another copy.
  std::vector<uint8_t> buffer_ = std::vector<uint8_t>(64 * 1024);
};

}  // namespace quasar::http3
