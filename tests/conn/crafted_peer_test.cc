// A crafted peer sends what a correct client never would; the server must close with the RFC's
// error code and the client must hear it (RFC 9000 §19, §4, §5.1, §13.1, §12.4).
#include <catch2/catch.hpp>

#include "quic/wire/packet_number.h"
#include "tests/conn/crafted_peer.h"
#include "tests/conn/test_events.h"

namespace quasar::test {
namespace {

struct Crafted {
  EndpointPair pair;
  ConnectionHandle server_handle = 0;

  explicit Crafted(EndpointConfig client = null_client_config(),
                   EndpointConfig server = null_server_config())
      : pair(std::move(client), std::move(server)) {
    pair.connect();
    if (!run_until_confirmed(pair)) {
      std::abort();
    }
    server_handle = pair.server_events.front().connection;
  }

  // Sends the frames in one crafted 1-RTT packet and returns the server's close reason.
  std::optional<CloseReason> send(const std::vector<Frame>& frames) {
    Connection* server = pair.server().connection(server_handle);
    return deliver(crafted_one_rtt_packet(server->local_cids().all().front().cid, frames));
  }
  std::optional<CloseReason> send_raw(std::span<const uint8_t> payload) {
    Connection* server = pair.server().connection(server_handle);
    return deliver(crafted_one_rtt_packet(server->local_cids().all().front().cid, payload));
  }
  // The server reacts to the packet at once; the real client, which never sent it, would
  // rightly object to the server acknowledging it, so the pair is not run afterwards.
  std::optional<CloseReason> deliver(std::vector<uint8_t> packet) {
    pair.server().handle_datagram(pair.now(), pair.server_address, pair.client_address,
                                  Ecn::kNotEct, packet);
    return pair.server().connection(server_handle)->close_reason();
  }
};

void check_closed_with(const std::optional<CloseReason>& reason, TransportError code,
                       uint64_t frame_type) {
  REQUIRE(reason);
  INFO(reason->to_string());
  CHECK(reason->kind == CloseReason::Kind::kLocal);
  CHECK(reason->error.is(code));
  CHECK(reason->error.frame_type == frame_type);
}

TEST_CASE("crafted: a well-formed packet is accepted", "[crafted]") {
  Crafted c;
  CHECK_FALSE(c.send({PingFrame{}, StreamFrame{0, 0, {}, false, true}}));
}

TEST_CASE("crafted: STREAM on the server's own unidirectional stream", "[crafted]") {
  Crafted c;
  const uint8_t data[3] = {1, 2, 3};
  // Stream 3 is server-initiated unidirectional: the client may not send on it.
  check_closed_with(c.send({StreamFrame{3, 0, data, false, true}}),
                    TransportError::kStreamStateError, 0x0a);
}

TEST_CASE("crafted: MAX_STREAM_DATA for a receive-only stream", "[crafted]") {
  Crafted c;
  // Stream 2 is client-initiated unidirectional: the server only receives on it.
  check_closed_with(c.send({MaxStreamDataFrame{2, 1000}}), TransportError::kStreamStateError, 0x11);
}

TEST_CASE("crafted: data beyond the final size", "[crafted]") {
  Crafted c;
  const uint8_t data[10] = {};
  check_closed_with(c.send({StreamFrame{0, 0, data, true, true},
                            StreamFrame{0, 10, std::span(data).first(5), false, true}}),
                    TransportError::kFinalSizeError, 0x0e);
}

TEST_CASE("crafted: ACK of a packet never sent", "[crafted]") {
  Crafted c;
  AckFrame ack;
  ack.largest_acknowledged = 100000;
  check_closed_with(c.send({ack}), TransportError::kProtocolViolation, 0x02);
}

TEST_CASE("crafted: HANDSHAKE_DONE from a client", "[crafted]") {
  Crafted c;
  check_closed_with(c.send({HandshakeDoneFrame{}}), TransportError::kProtocolViolation, 0x1e);
}

TEST_CASE("crafted: CRYPTO data far beyond the buffer limit", "[crafted]") {
  Crafted c;
  const uint8_t data[8] = {};
  check_closed_with(c.send({CryptoFrame{10'000'000, data}}), TransportError::kCryptoBufferExceeded,
                    0x06);
}

TEST_CASE("crafted: more connection IDs than active_connection_id_limit", "[crafted]") {
  Crafted c;  // the server's limit is TransportSettings' default, 4
  // The real client already issued sequence numbers 0 to 3, filling the limit; one more
  // exceeds it.
  std::vector<Frame> frames;
  for (uint64_t seq = 10; seq <= 11; ++seq) {
    NewConnectionIdFrame f;
    f.sequence_number = seq;
    const uint8_t cid[8] = {0xc1, 0xd0, 0, 0, 0, 0, 0, static_cast<uint8_t>(seq)};
    f.connection_id = ConnectionId::of(cid);
    f.stateless_reset_token[0] = static_cast<uint8_t>(seq);
    frames.push_back(f);
  }
  check_closed_with(c.send(frames), TransportError::kConnectionIdLimitError, 0x18);
}

TEST_CASE("crafted: NEW_CONNECTION_ID reusing a sequence number for another CID", "[crafted]") {
  Crafted c;  // the real client already issued sequence number 1
  NewConnectionIdFrame f;
  f.sequence_number = 1;
  const uint8_t cid[8] = {9, 9, 9, 9, 9, 9, 9, 9};
  f.connection_id = ConnectionId::of(cid);
  check_closed_with(c.send({f}), TransportError::kProtocolViolation, 0x18);
}

TEST_CASE("crafted: NEW_CONNECTION_ID while the client uses zero-length CIDs", "[crafted]") {
  EndpointConfig client = null_client_config();
  client.transport.connection_id_length = 0;
  Crafted c(std::move(client));
  NewConnectionIdFrame f;
  f.sequence_number = 1;
  const uint8_t cid[8] = {1, 2, 3, 4, 5, 6, 7, 8};
  f.connection_id = ConnectionId::of(cid);
  check_closed_with(c.send({f}), TransportError::kProtocolViolation, 0x18);
}

TEST_CASE("crafted: RETIRE_CONNECTION_ID for a sequence never issued", "[crafted]") {
  Crafted c;
  check_closed_with(c.send({RetireConnectionIdFrame{50}}), TransportError::kProtocolViolation,
                    0x19);
}

TEST_CASE("crafted: stream data beyond the stream's flow control limit", "[crafted]") {
  Crafted c;
  const uint8_t data[4] = {};
  // The default initial_max_stream_data_bidi_remote is 1 MiB.
  check_closed_with(c.send({StreamFrame{0, (1 << 20) - 2, data, false, true}}),
                    TransportError::kFlowControlError, 0x0e);
}

TEST_CASE("crafted: opening a stream beyond MAX_STREAMS", "[crafted]") {
  Crafted c;  // the default initial_max_streams_bidi is 100: IDs 0..396
  check_closed_with(c.send({StreamFrame{4 * 100, 0, {}, false, true}}),
                    TransportError::kStreamLimitError, 0x0a);
}

TEST_CASE("crafted: an unknown frame type", "[crafted]") {
  Crafted c;
  const uint8_t payload[] = {0x21, 0, 0, 0};
  check_closed_with(c.send_raw(payload), TransportError::kFrameEncodingError, 0x21);
}

TEST_CASE("crafted: a frame type in a longer encoding than necessary", "[crafted]") {
  Crafted c;
  const uint8_t payload[] = {0x40, 0x01, 0, 0};  // PING as a two-byte varint
  check_closed_with(c.send_raw(payload), TransportError::kProtocolViolation, 0x01);
}

TEST_CASE("crafted: a packet without frames", "[crafted]") {
  Crafted c;
  // With a 4-byte packet number the tag alone makes room for the header protection sample,
  // so the packet decrypts to nothing: a PROTOCOL_VIOLATION (RFC 9000 §12.4).
  check_closed_with(c.send_raw({}), TransportError::kProtocolViolation, 0);
}

TEST_CASE("crafted: a second key update before the first was acknowledged", "[crafted]") {
  // RFC 9001 §6.2: the peer moved to phase 1, then to phase 0 again before the server could
  // send an acknowledgment protected with the phase-1 keys.
  Crafted c;
  Connection* server = c.pair.server().connection(c.server_handle);
  const ConnectionId cid = server->local_cids().all().front().cid;
  const std::vector<Frame> ping{PingFrame{}};
  CHECK_FALSE(c.deliver(crafted_one_rtt_packet(cid, ping, 1'000'000, 1)));
  CHECK(server->stats().key_updates == 1);
  check_closed_with(c.deliver(crafted_one_rtt_packet(cid, ping, 1'000'001, 2)),
                    TransportError::kKeyUpdateError, 0);
}

TEST_CASE("crafted: a reordered packet of the previous key phase is still read", "[crafted]") {
  Crafted c;
  Connection* server = c.pair.server().connection(c.server_handle);
  const ConnectionId cid = server->local_cids().all().front().cid;
  const std::vector<Frame> ping{PingFrame{}};
  CHECK_FALSE(c.deliver(crafted_one_rtt_packet(cid, ping, 1'000'010, 1)));
  const uint64_t received = server->stats().packets_received;
  CHECK_FALSE(c.deliver(crafted_one_rtt_packet(cid, ping, 1'000'005, 0)));
  CHECK(server->stats().packets_received == received + 1);
  CHECK(server->stats().key_updates == 1);
}

TEST_CASE("crafted: NEW_TOKEN from a client", "[crafted]") {
  // RFC 9000 §19.7: a server receiving NEW_TOKEN closes with PROTOCOL_VIOLATION.
  Crafted c;
  const uint8_t token[] = {1, 2, 3};
  check_closed_with(c.send({NewTokenFrame{token}}), TransportError::kProtocolViolation, 0x07);
}

}  // namespace
}  // namespace quasar::test
