// QuicHttp3Binding: quasar Connection events in, stream operations out.
#include "http3/quic_binding.h"

#include <variant>

#include "quic/stream/stream_priority.h"

namespace quasar::http3 {

QuicHttp3Binding::QuicHttp3Binding(Connection& connection) : connection_(&connection) {}

void QuicHttp3Binding::handle_event(Instant now, const ConnectionEvent& event) {
  now_ = now;
  if (listener_ == nullptr) return;
  std::visit(
      [&](const auto& e) {
        using T = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<T, event::StreamReadable>) {
          read_stream(e.stream_id);
        } else if constexpr (std::is_same_v<T, event::StreamWritable>) {
          listener_->on_stream_writable(e.stream_id);
        } else if constexpr (std::is_same_v<T, event::StreamReset>) {
          listener_->on_stream_reset(e.stream_id, e.error_code);
        } else if constexpr (std::is_same_v<T, event::StreamStopSending>) {
          listener_->on_stop_sending(e.stream_id, e.error_code);
        } else if constexpr (std::is_same_v<T, event::StreamsAvailable>) {
          listener_->on_streams_available();
        } else if constexpr (std::is_same_v<T, event::HandshakeCompleted>) {
          listener_->on_handshake_complete();
        } else if constexpr (std::is_same_v<T, event::ConnectionClosed>) {
          // The endpoint forgets the connection once this event is taken.
          connection_ = nullptr;
          listener_->on_transport_closed(e.reason.error.code, e.reason.reason);
        }
        // Opened streams announce their data with StreamReadable; StreamFinished,
        // HandshakeConfirmed, SessionTicket and the rest concern the application, not HTTP/3.
        // ZeroRttRejected needs nothing either: the transport sends the 0-RTT bytes again in
        // 1-RTT, and HTTP/3 wrote nothing in 0-RTT that depends on remembered QPACK settings.
      },
      event);
}

void QuicHttp3Binding::read_stream(uint64_t stream_id) {
  while (connection_ != nullptr && listener_ != nullptr) {
    const auto result = connection_->read(stream_id, buffer_, now_);
    if (!result.ok()) return;  // closed and forgotten, or a send-only stream
    // A reset is reported by its StreamReset event.
    if (result->reset_error_code) return;
    if (result->bytes == 0 && !result->fin) return;
    listener_->on_stream_data(stream_id, std::span<const uint8_t>(buffer_).first(result->bytes),
                              result->fin);
    if (result->fin) return;
  }
}

std::optional<uint64_t> QuicHttp3Binding::open_stream(bool bidirectional) {
  if (connection_ == nullptr) return std::nullopt;
  const auto id = connection_->open_stream(bidirectional);
  if (!id.ok()) return std::nullopt;
  return *id;
}

size_t QuicHttp3Binding::write(uint64_t stream_id, std::span<const uint8_t> data) {
  if (connection_ == nullptr) return 0;
  const auto written = connection_->write(stream_id, data);
  return written.ok() ? *written : 0;
}

void QuicHttp3Binding::finish(uint64_t stream_id) {
  if (connection_ != nullptr) (void)connection_->finish(stream_id);
}

void QuicHttp3Binding::reset_stream(uint64_t stream_id, uint64_t error_code) {
  if (connection_ != nullptr) (void)connection_->reset_stream(stream_id, error_code);
}

void QuicHttp3Binding::stop_sending(uint64_t stream_id, uint64_t error_code) {
  if (connection_ != nullptr) (void)connection_->stop_sending(stream_id, error_code);
}

void QuicHttp3Binding::set_priority(uint64_t stream_id, const Priority& priority) {
  // RFC 9218 §4: the transport's scheduler takes the same two parameters.
  if (connection_ != nullptr) {
    (void)connection_->set_priority(stream_id,
                                    StreamPriority{priority.urgency, priority.incremental});
  }
}

void QuicHttp3Binding::close(uint64_t error_code, std::string_view reason) {
  if (connection_ != nullptr) connection_->close(now_, error_code, reason);
}

bool QuicHttp3Binding::handshake_complete() const {
  return connection_ != nullptr && connection_->is_handshake_complete();
}

bool QuicHttp3Binding::early_data_accepted() const {
  return connection_ != nullptr && connection_->early_data_state() == EarlyDataState::kAccepted;
}

bool QuicHttp3Binding::stream_has_early_data(uint64_t stream_id) const {
  return connection_ != nullptr && connection_->stream_has_early_data(stream_id);
}

}  // namespace quasar::http3
