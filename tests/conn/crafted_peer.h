// A crafted peer for connection tests: endpoints using the null cipher and the deterministic
// fake TLS, and a way to slip hand-built packets (frames encoded with quic/wire) into a server,
// protected exactly as a real client would protect them.
#pragma once

#include <vector>

#include "crypto/packet_key_material.h"
#include "crypto/testing/fake_tls_session.h"
#include "crypto/testing/null_packet_protection.h"
#include "quic/wire/frame_decoder.h"
#include "quic/wire/frame_encoder.h"
#include "quic/wire/packet_header_writer.h"
#include "tests/conn/test_endpoints.h"

namespace quasar::test {

inline constexpr CipherSuite kFakeSuite = CipherSuite::kAes128GcmSha256;

inline EndpointConfig null_client_config(const std::vector<std::string>& alpn = {"test"}) {
  EndpointConfig c;
  c.key_factory = &null_packet_key_factory();
  c.client_tls = [alpn](const TlsClientSessionParams& p) -> Result<std::unique_ptr<TlsSession>> {
    FakeTlsConfig config;
    config.alpn = alpn;
    config.transport_parameters = p.transport_parameters;
    return std::unique_ptr<TlsSession>(FakeTlsSession::client(config));
  };
  return c;
}

inline EndpointConfig null_server_config(const std::vector<std::string>& alpn = {"test"}) {
  EndpointConfig c;
  c.key_factory = &null_packet_key_factory();
  c.server_tls = [alpn](const TlsServerSessionParams& p) -> Result<std::unique_ptr<TlsSession>> {
    FakeTlsConfig config;
    config.alpn = alpn;
    config.transport_parameters = p.transport_parameters;
    config.on_client_parameters = p.on_client_parameters;
    return std::unique_ptr<TlsSession>(FakeTlsSession::server(config));
  };
  return c;
}

// Builds a 1-RTT packet from the client to `dcid` carrying `payload` as its frames, sealed with
// the fake handshake's client 1-RTT key of `key_generation` (RFC 9001 §6: the Key Phase bit is
// its low bit), with a packet number far beyond the real client's.
inline std::vector<uint8_t> crafted_one_rtt_packet(const ConnectionId& dcid,
                                                   std::span<const uint8_t> payload,
                                                   uint64_t packet_number = 1'000'000,
                                                   uint64_t key_generation = 0) {
  std::vector<uint8_t> packet(1400);
  BufferWriter w(packet);
  auto layout = write_short_header(w, {.dcid = dcid,
                                       .key_phase = (key_generation & 1) != 0,
                                       .packet_number = packet_number,
                                       .packet_number_length = 4});
  if (!layout || !w.write_bytes(payload)) std::abort();
  const size_t payload_end = w.written();
  packet.resize(payload_end + 16);
  Secret secret = FakeTlsSession::secret_for(EncryptionLevel::kOneRtt, Role::kClient, kFakeSuite);
  for (uint64_t g = 0; g < key_generation; ++g) {
    auto next = derive_next_generation_secret(secret.span(), kFakeSuite, kQuicVersion1);
    if (!next.ok()) std::abort();
    secret = std::move(*next);
  }
  auto keys = null_packet_key_factory().make_packet_keys(secret.span(), kFakeSuite, kQuicVersion1);
  if (!keys.ok()) std::abort();
  const auto header = std::span(packet).first(layout->header_length);
  if (!keys->aead->seal(packet_number, header, std::span(packet).subspan(layout->header_length))
           .ok()) {
    std::abort();
  }
  return packet;
}

// The same with frames encoded by quic/wire, padded for the header protection sample.
inline std::vector<uint8_t> crafted_one_rtt_packet(const ConnectionId& dcid,
                                                   const std::vector<Frame>& frames,
                                                   uint64_t packet_number = 1'000'000,
                                                   uint64_t key_generation = 0) {
  std::vector<uint8_t> payload(1200);
  BufferWriter w(payload);
  for (const Frame& f : frames) {
    if (!encode_frame(w, f)) std::abort();
  }
  while (w.written() < 4) (void)w.write_u8(0);  // RFC 9001 §5.4.2
  payload.resize(w.written());
  return crafted_one_rtt_packet(dcid, payload, packet_number, key_generation);
}

// The frames of a 1-RTT datagram sent under the null cipher, whose header protection mask is
// zero and whose payload is in clear before a 16-byte tag; `dcid_length` is the receiver's CID
// length. Byte fields of the frames point into `datagram`. Empty for other datagrams.
inline std::vector<Frame> frames_of_null_one_rtt_datagram(std::span<const uint8_t> datagram,
                                                          size_t dcid_length) {
  std::vector<Frame> frames;
  if (datagram.empty() || (datagram[0] & 0x80) != 0) return frames;  // not a short header
  const size_t header_length = 1 + dcid_length + (datagram[0] & 0x03) + 1;
  if (datagram.size() < header_length + kAeadTagLength) return frames;
  BufferReader reader(
      datagram.subspan(header_length, datagram.size() - header_length - kAeadTagLength));
  while (!reader.empty()) {
    auto frame = decode_frame(reader);
    if (!frame.ok()) std::abort();
    frames.push_back(*frame);
  }
  return frames;
}

}  // namespace quasar::test
