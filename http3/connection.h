// Http3Connection: what the client and server sides of an HTTP/3 connection share (RFC 9114
// §6, §7): the control stream and SETTINGS, the QPACK encoder and decoder and their streams,
// unidirectional stream types, GOAWAY, connection errors, and writing to streams that the
// transport cannot take all at once. Request streams belong to the role layers (Http3Client,
// Http3Server), which it calls through the protected hooks.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "http3/connection_config.h"
#include "http3/frame_parser.h"
#include "http3/frames.h"
#include "http3/result.h"
#include "http3/settings.h"
#include "http3/transport.h"
#include "http3/varint_accumulator.h"
#include "qpack/decoder.h"
#include "qpack/encoder.h"

namespace quasar::http3 {

enum class Role : uint8_t { kClient, kServer };

class Http3Connection : public TransportListener {
 public:
  ~Http3Connection() override;
  Http3Connection(const Http3Connection&) = delete;
  Http3Connection& operator=(const Http3Connection&) = delete;

  // Opens our control stream with SETTINGS and the QPACK encoder and decoder streams
  // (RFC 9114 §6.2.1, RFC 9204 §4.2). Streams the peer's limit does not allow yet are opened
  // on on_streams_available. A client may start before the handshake completes (0-RTT).
  void start();

  // --- TransportListener ---
  void on_stream_data(uint64_t stream_id, std::span<const uint8_t> data, bool fin) final;
  void on_stream_reset(uint64_t stream_id, uint64_t error_code) final;
  void on_stop_sending(uint64_t stream_id, uint64_t error_code) final;
  void on_stream_writable(uint64_t stream_id) final;
  void on_streams_available() final;
  void on_handshake_complete() final;
  void on_transport_closed(uint64_t error_code, std::string_view reason) final;

  // --- State ---
  Role role() const { return role_; }
  bool is_closed() const { return closed_; }
  // The connection error we closed with, if any.
  const std::optional<Http3Error>& error() const { return error_; }
  // The code and reason the connection ended with (ours or the peer's).
  uint64_t close_code() const { return close_code_; }
  const std::string& close_reason() const { return close_reason_; }
  const Settings& local_settings() const { return local_settings_; }
  // The peer's SETTINGS once received.
  const std::optional<Settings>& peer_settings() const { return peer_settings_; }
  // The settings we follow when sending: the peer's, or defaults (or remembered ones, for a
  // client in 0-RTT) until they arrive.
  const Settings& effective_peer_settings() const { return effective_peer_settings_; }
  // The identifier of the last GOAWAY received and sent.
  std::optional<uint64_t> peer_goaway_id() const { return peer_goaway_id_; }
  std::optional<uint64_t> local_goaway_id() const { return local_goaway_id_; }
  const qpack::Decoder& qpack_decoder() const { return decoder_; }
  const qpack::Encoder& qpack_encoder() const { return *encoder_; }

 protected:
  Http3Connection(Role role, Transport& transport, const ConnectionConfig& config,
                  const std::optional<Settings>& remembered_peer_settings = std::nullopt);

  Transport& transport() { return transport_; }
  const Transport& transport() const { return transport_; }
  qpack::Decoder& decoder() { return decoder_; }
  const ConnectionConfig& config() const { return config_; }

  // Encodes a field section for `stream_id` into `out` (cleared first), and sends the encoder
  // stream instructions it depends on.
  void encode_section(uint64_t stream_id, std::span<const qpack::FieldLine> lines,
                      std::vector<uint8_t>& out);
  // Writes `first` then `second` on a stream, then FIN if `fin`. What the transport does not
  // take is kept and written as it becomes writable, in order.
  void write_stream(uint64_t stream_id, std::span<const uint8_t> first,
                    std::span<const uint8_t> second = {}, bool fin = false);
  // True while earlier bytes of the stream wait for the transport.
  bool write_blocked(uint64_t stream_id) const;
  // Abruptly ends our sending part and drops what was waiting for it.
  void reset_stream(uint64_t stream_id, uint64_t error_code);
  // Writes a frame on our control stream.
  void send_control_frame(std::span<const uint8_t> frame);
  // Sends GOAWAY (RFC 9114 §5.2); `id` must not exceed an earlier one.
  void send_goaway(uint64_t id);
  // A connection error: closes the connection with its code; nothing is processed after it.
  void connection_error(const Http3Error& error);
  // Closes the connection with H3_NO_ERROR once a graceful shutdown is over (RFC 9114 §5.2).
  void close_gracefully(const char* reason);
  // Sends pending QPACK decoder stream instructions (acknowledgments, cancellations).
  void flush_decoder_stream();

  // --- Hooks for the role layers ---
  // Bytes, resets and flow control of bidirectional streams (request streams).
  virtual Status on_request_stream_data(uint64_t stream_id, std::span<const uint8_t> data,
                                        bool fin) = 0;
  virtual void on_request_stream_reset(uint64_t stream_id, uint64_t error_code) = 0;
  virtual void on_request_stop_sending(uint64_t stream_id, uint64_t error_code) = 0;
  virtual void on_request_stream_writable(uint64_t stream_id) = 0;
  // The QPACK decoder can decode the held section of `stream_id`; the role must call
  // MessageReader::on_unblocked (or abandon the stream).
  virtual Status on_section_unblocked(uint64_t stream_id) = 0;
  // A valid GOAWAY arrived (the base checked it is not larger than an earlier one).
  virtual Status on_goaway(uint64_t id) = 0;
  // Server: PRIORITY_UPDATE for a request stream (the base checked the frame).
  virtual Status on_priority_update(uint64_t stream_id, std::string_view field_value);
  virtual void on_peer_settings() {}
  virtual void on_handshake_completed() {}
  virtual void on_more_streams() {}
  // The connection is closed; fail whatever is still open.
  virtual void on_closed() = 0;
  // Called when the outermost call into the connection returns (TransportListener calls and
  // API calls): the role's deferred clean-up, never run while a callback is on the stack.
  virtual void after_event() {}

  // Marks a call into the connection; the outermost one runs after_event() on return.
  class CallScope {
   public:
    explicit CallScope(Http3Connection& connection) : connection_(connection) {
      ++connection_.call_depth_;
    }
    ~CallScope() {
      if (--connection_.call_depth_ != 0) return;
      // QPACK instructions the call produced (acknowledgments, cancellations) go out now.
      connection_.flush_decoder_stream();
      connection_.after_event();
    }
    CallScope(const CallScope&) = delete;
    CallScope& operator=(const CallScope&) = delete;

   private:
    Http3Connection& connection_;
  };

 private:
  // A unidirectional stream the peer opened (RFC 9114 §6.2).
  struct IncomingUniStream {
    enum class Kind : uint8_t { kTypeUnknown, kControl, kQpackEncoder, kQpackDecoder, kIgnored };
    Kind kind = Kind::kTypeUnknown;
    VarintAccumulator type;
    FrameParser parser;  // control stream frames
  };
  // Bytes that wait for the transport to take them.
  struct PendingOutput {
    std::vector<uint8_t> bytes;
    bool fin = false;
  };

  Status on_uni_stream_data(uint64_t stream_id, std::span<const uint8_t> data, bool fin);
  Status on_stream_type(uint64_t stream_id, IncomingUniStream& stream);
  Status on_control_stream_data(IncomingUniStream& stream, std::span<const uint8_t> data);
  Status on_control_frame(uint64_t type, std::span<const uint8_t> payload);
  Status check_control_frame_header(uint64_t type, uint64_t length);
  Status on_settings(std::span<const uint8_t> payload);
  Status on_encoder_stream_data(std::span<const uint8_t> data);
  Status on_decoder_stream_data(std::span<const uint8_t> data);
  // Opens the critical streams not opened yet.
  void open_local_streams();
  void flush_encoder_stream();
  void flush_pending(uint64_t stream_id);
  bool is_local_critical_stream(uint64_t stream_id) const;
  bool is_peer_critical_stream(uint64_t stream_id) const;
  // Runs `status` through the connection error path; true if the connection is still open.
  bool check(const Status& status);

  Role role_;
  Transport& transport_;
  ConnectionConfig config_;
  Settings local_settings_;
  std::optional<Settings> peer_settings_;
  Settings effective_peer_settings_;
  std::optional<Settings> remembered_peer_settings_;

  qpack::Decoder decoder_;
  std::unique_ptr<qpack::Encoder> encoder_;

  bool started_ = false;
  std::optional<uint64_t> control_stream_;
  std::optional<uint64_t> encoder_stream_;
  std::optional<uint64_t> decoder_stream_;
  std::optional<uint64_t> peer_control_stream_;
  std::optional<uint64_t> peer_encoder_stream_;
  std::optional<uint64_t> peer_decoder_stream_;
  bool peer_settings_seen_ = false;

  std::unordered_map<uint64_t, IncomingUniStream> uni_streams_;
  std::unordered_map<uint64_t, PendingOutput> pending_;

  std::optional<uint64_t> peer_goaway_id_;
  std::optional<uint64_t> local_goaway_id_;
  std::optional<uint64_t> peer_max_push_id_;  // server: MAX_PUSH_ID received

  bool closed_ = false;
  std::optional<Http3Error> error_;
  uint64_t close_code_ = 0;
  std::string close_reason_;

  int call_depth_ = 0;
  // Reused buffers.
  std::vector<uint8_t> scratch_;
};

}  // namespace quasar::http3
