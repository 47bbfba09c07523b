// MessageReader: reads one request or response stream (RFC 9114 §4.1). It splits the bytes
// into frames wherever they were cut, decodes header sections with QPACK (holding the stream
// while a section is blocked, RFC 9204 §2.2.1), passes DATA payloads through without copying,
// and enforces the message's shape: HEADERS (after informational HEADERS, for responses),
// DATA*, at most one trailing HEADERS, and a Content-Length matching the DATA received.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "http3/fields.h"
#include "http3/frame_parser.h"
#include "http3/message_checker.h"
#include "http3/result.h"
#include "qpack/decoder.h"

namespace quasar::http3 {

// Where a MessageReader delivers the message. Callbacks may call MessageReader::abandon().
class MessageSink {
 public:
  enum class HeadOutcome : uint8_t {
    kFinal,    // the message's head: content and trailers may follow
    kInterim,  // an informational (1xx) response: another HEADERS follows
    kStop,     // the sink ended the exchange (a stream error); the reader stops
  };

  virtual ~MessageSink() = default;
  // A decoded header section within our size limit.
  virtual HeadOutcome on_head(Fields& fields) = 0;
  virtual void on_body(std::span<const uint8_t> data) = 0;
  virtual void on_trailers(Fields& fields) = 0;
  // The stream ended cleanly after a complete message.
  virtual void on_end() = 0;
  // A header (or trailer) section larger than the field section size we advertised.
  virtual void on_section_too_large(bool trailers) = 0;
  // The stream ended before a complete head (RFC 9114 §4.1: H3_REQUEST_INCOMPLETE for requests).
  virtual void on_incomplete() = 0;
  // A malformed message (H3_MESSAGE_ERROR): a stream error. The reader stops.
  virtual void on_message_error(const Http3Error& error) = 0;
};

class MessageReader {
 public:
  enum class Kind : uint8_t { kRequest, kResponse };

  // `decoder` is the connection's QPACK decoder; `max_field_section_size` the limit we sent;
  // `max_held_bytes` what may arrive while a section is blocked (H3_EXCESSIVE_LOAD beyond).
  MessageReader(uint64_t stream_id, Kind kind, qpack::Decoder& decoder,
                uint64_t max_field_section_size, uint64_t max_held_bytes, MessageSink& sink);

  // Bytes of the stream, in order. Connection errors (H3_FRAME_UNEXPECTED, H3_FRAME_ERROR,
  // H3_ID_ERROR, QPACK_DECOMPRESSION_FAILED) are returned; message errors go to the sink.
  Status on_data(std::span<const uint8_t> data, bool fin);
  // The QPACK decoder can now decode the section this stream is blocked on.
  Status on_unblocked();

  // After on_head returned kFinal: the Content-Length the DATA frames must add up to; nullopt
  // when the message has no content by definition (HEAD responses, 204, 304) or none is given.
  void expect_content_length(std::optional<uint64_t> length) { expected_length_ = length; }
  // RFC 9114 §4.4: after a CONNECT, only DATA (and unknown) frames may follow.
  void set_tunnel() { tunnel_ = true; }
  // Stops reading for good. If the stream did not end with every section decoded, the QPACK
  // decoder emits a Stream Cancellation (RFC 9204 §2.2.2.2).
  void abandon();

  bool done() const { return state_ == State::kDone; }
  bool blocked() const { return blocked_; }
  uint64_t body_bytes() const { return body_bytes_; }

 private:
  enum class State : uint8_t {
    kHead,      // waiting for the (next) header section
    kBody,      // DATA, trailers or the end
    kTrailers,  // after the trailer section: only the end (or unknown frames)
    kDone,      // ended, failed or abandoned
  };

  // Parses `input` until it is used up or a section blocks; `input` keeps what is left.
  Status process(std::span<const uint8_t>& input);
  Status on_frame_header(uint64_t type, uint64_t length);
  Status on_section(std::span<const uint8_t> section);
  void deliver_section();
  // Keeps bytes that arrived while blocked, or fails the message if there are too many.
  void hold(std::span<const uint8_t> data, bool fin);
  void on_stream_end();
  void fail(const Http3Error& error);

  uint64_t stream_id_;
  Kind kind_;
  qpack::Decoder& decoder_;
  uint64_t max_field_section_size_;
  uint64_t max_held_bytes_;
  MessageSink& sink_;
  FrameParser parser_;
  FieldCollector collector_;
  State state_ = State::kHead;
  bool section_is_trailers_ = false;  // the section being read or held
  bool blocked_ = false;
  bool tunnel_ = false;
  bool end_reached_ = false;  // FIN seen (and every section decoded)
  std::optional<uint64_t> expected_length_;
  uint64_t body_bytes_ = 0;
  // Bytes received while blocked, and whether FIN came with them.
  std::vector<uint8_t> held_;
  bool held_fin_ = false;
};

}  // namespace quasar::http3
