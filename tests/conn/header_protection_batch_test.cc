// Header protection applied once per poll_transmit() batch (RFC 9001 §5.4): with real
// ChaCha20-Poly1305 keys, every segment of a multi-segment Transmit, including batches larger than
// the connection's pending-entry capacity and the closing packet, unprotects and opens with keys
// rebuilt from the sender's secret, and the peer accepts every packet.
#include <catch2/catch.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/header_protection.h"
#include "crypto/packet_keys.h"
#include "crypto/testing/chacha_packet_keys.h"
#include "quic/wire/packet_number.h"
#include "quic/wire/version.h"
#include "tests/conn/bulk_transfer.h"

namespace quasar::test {
namespace {

constexpr CipherSuite kChaCha = CipherSuite::kChaCha20Poly1305Sha256;
constexpr size_t kAeadTag = 16;

// What the server's TLS logged (NSS key log lines), shared with its key log callback.
using KeyLogLines = std::vector<std::string>;

// A server with ChaCha20-Poly1305 packet keys that logs its secrets and accepts only SHA-256
// suites (whose 32-byte secrets make ChaCha20 keys). PMTU discovery is off so that every Transmit
// is a batch of ordinary datagrams.
EndpointConfig chacha_server_config(std::shared_ptr<KeyLogLines> key_log) {
  TlsServerConfig tls;
  tls.alpn = {"test"};
  tls.certificate_chain_file = cert_path("leaf-ecdsa.pem");
  tls.private_key_file = cert_path("leaf-ecdsa.key");
  tls.cipher_suites = CipherSuiteSet::only(kChaCha);
  tls.cipher_suites.add(CipherSuite::kAes128GcmSha256);
  tls.key_log = [key_log](std::string_view line) { key_log->emplace_back(line); };
  auto context = TlsServerContext::create(tls);
  if (!context.ok()) std::abort();
  EndpointConfig config;
  config.server_tls = server_tls_factory(*context);
  config.transport.pmtu_discovery = false;
  config.key_factory = &chacha_packet_keys();
  return config;
}

EndpointConfig chacha_client_config() {
  EndpointConfig config = client_config();
  config.key_factory = &chacha_packet_keys();
  return config;
}

// The secret of a key log line "<label> <client random hex> <secret hex>"; empty if absent.
std::vector<uint8_t> logged_secret(const KeyLogLines& lines, std::string_view label) {
  for (const std::string& line : lines) {
    if (line.size() <= label.size() || line.compare(0, label.size(), label) != 0 ||
        line[label.size()] != ' ') {
      continue;
    }
    const std::string hex = line.substr(line.rfind(' ') + 1);
    std::vector<uint8_t> secret;
    for (size_t i = 0; i + 1 < hex.size(); i += 2) {
      secret.push_back(static_cast<uint8_t>(std::stoul(hex.substr(i, 2), nullptr, 16)));
    }
    return secret;
  }
  return {};
}

// The receiving side of the server's 1-RTT packets, rebuilt independently from the server's
// write secret (RFC 9001 §5.1): header protection removal and AEAD opening.
class OneRttReader {
 public:
  OneRttReader(std::span<const uint8_t> secret, size_t dcid_length)
      : keys_(standard_packet_key_factory().make_packet_keys(secret, kChaCha, kQuicVersion1)),
        pn_offset_(1 + dcid_length) {}

  bool ready() const { return keys_.ok(); }

  // Unprotects and opens a copy of one datagram holding one short-header packet; its packet
  // number, or nullopt (with the reason in `why`) if it is not a well-protected packet.
  std::optional<uint64_t> open(std::span<const uint8_t> datagram, std::string& why) {
    std::vector<uint8_t> packet(datagram.begin(), datagram.end());
    if (packet.empty() || (packet[0] & 0x80) != 0) {
      why = "not a short header packet";
      return std::nullopt;
    }
    auto header = remove_header_protection(*keys_->header, packet, pn_offset_);
    if (!header.ok()) {
      why = "too short to sample";
      return std::nullopt;
    }
    // RFC 9000 §17.3.1: the reserved bits are zero and, without a key update, so is the key
    // phase; a wrong mask on the first byte shows here.
    if ((header->first_byte & 0x1c) != 0) {
      why = "reserved or key phase bits set after unmasking";
      return std::nullopt;
    }
    const size_t header_length = pn_offset_ + header->packet_number_length;
    if (packet.size() < header_length + kAeadTag) {
      why = "shorter than its header and tag";
      return std::nullopt;
    }
    // The unprotected header is the associated data and the packet number the nonce: a wrong
    // mask on the first byte or the packet number makes opening fail for every candidate.
    const auto opens = [&](uint64_t pn) {
      std::vector<uint8_t> copy = packet;
      const auto span = std::span<uint8_t>(copy);
      return keys_->aead->open(pn, span.first(header_length), span.subspan(header_length)).ok();
    };
    std::optional<uint64_t> pn;
    if (largest_) {
      pn = decode_packet_number(largest_, header->truncated_packet_number,
                                header->packet_number_length);
      if (!opens(*pn)) pn.reset();
    } else {
      // The first packet read: its full number is the one of those the truncated value allows
      // (below 2^20) with which it opens.
      const uint64_t step = uint64_t{1} << (8 * header->packet_number_length);
      for (uint64_t candidate = header->truncated_packet_number; candidate < (1u << 20);
           candidate += step) {
        if (opens(candidate)) {
          pn = candidate;
          break;
        }
      }
    }
    if (!pn) {
      why = "AEAD open failed";
      return std::nullopt;
    }
    largest_ = std::max(largest_.value_or(0), *pn);
    return pn;
  }

 private:
  Result<PacketKeys, CryptoError> keys_;
  size_t pn_offset_;
  std::optional<uint64_t> largest_;
};

// One poll of the server endpoint: checks every segment with `reader` (packet numbers must run
// on without a gap) and hands copies to the client. Returns the number of segments (0: nothing).
size_t poll_check_and_deliver(EndpointPair& pair, OneRttReader& reader, size_t max_segments,
                              std::vector<uint8_t>& buffer) {
  auto t = pair.server().poll_transmit(pair.now(), buffer, max_segments);
  if (!t) return 0;
  std::optional<uint64_t> previous;
  for (size_t offset = 0; offset < t->size; offset += t->segment_size) {
    const size_t n = std::min(t->segment_size, t->size - offset);
    const auto segment = std::span<const uint8_t>(buffer).subspan(offset, n);
    std::string why;
    const std::optional<uint64_t> pn = reader.open(segment, why);
    INFO("segment " << offset / t->segment_size << " of " << t->segment_count());
    INFO(why);
    REQUIRE(pn.has_value());
    if (previous) CHECK(*pn == *previous + 1);
    previous = pn;
    std::vector<uint8_t> copy(segment.begin(), segment.end());
    pair.client().handle_datagram(pair.now(), pair.client_address, pair.server_address,
                                  Ecn::kNotEct, copy);
  }
  return t->segment_count();
}

TEST_CASE("ChaCha20 batches: every segment carries the right header protection",
          "[header-protection-batch]") {
  auto key_log = std::make_shared<KeyLogLines>();
  EndpointPair pair(chacha_client_config(), chacha_server_config(key_log));

  // A transfer both ways over batches of up to 16 segments: every packet must be accepted.
  BulkTransfer transfer({{false, true, 3'000'000}, {true, true, 300'000}});
  ConnectionHandle client_handle = 0;
  const bool transferred = run_transfer(pair, transfer, Duration::from_seconds(60), &client_handle);
  for (const auto& e : pair.client_events) {
    if (auto* closed = std::get_if<event::ConnectionClosed>(&e.event)) {
      FAIL_CHECK("client closed: " << closed->reason.to_string());
    }
  }
  REQUIRE(transferred);
  Connection* client = pair.client().connection(client_handle);
  Connection* server = pair.server().connection(pair.server_events.front().connection);
  REQUIRE(client != nullptr);
  REQUIRE(server != nullptr);
  CHECK(client->stats().packets_dropped == 0);
  CHECK(server->stats().packets_dropped == 0);
  CHECK(client->stats().key_updates == 0);
  // Let the last acknowledgments land and the pacer refill.
  pair.run_until([] { return false; }, Duration::from_millis(200));

  OneRttReader reader(logged_secret(*key_log, "SERVER_TRAFFIC_SECRET_0"),
                      server->peer_cids().active().size());
  REQUIRE(reader.ready());

  // More data from the server, taken straight from poll_transmit() in batches of up to 64
  // segments: more than the 32 pending entries a connection keeps, so the early flush runs too.
  auto stream = server->open_stream(false);
  REQUIRE(stream.ok());
  std::vector<uint8_t> data(400'000);
  for (size_t i = 0; i < data.size(); ++i) data[i] = payload_byte(*stream, i);
  REQUIRE(server->write(*stream, data).ok());
  REQUIRE(server->finish(*stream).ok());

  constexpr size_t kMaxSegments = 64;
  std::vector<uint8_t> buffer(kMaxSegments * 1500);
  const uint64_t received_before = client->stats().packets_received;
  const uint64_t dropped_before = client->stats().packets_dropped;
  size_t segments = 0;
  size_t largest_batch = 0;
  for (int polls = 0; polls < 8; ++polls) {
    const size_t n = poll_check_and_deliver(pair, reader, kMaxSegments, buffer);
    if (n == 0) break;
    segments += n;
    largest_batch = std::max(largest_batch, n);
  }
  INFO("largest batch " << largest_batch << " segments, " << segments << " in all");
  CHECK(largest_batch > 32);
  CHECK(client->stats().packets_received - received_before == segments);
  CHECK(client->stats().packets_dropped == dropped_before);

  // Closing: the CONNECTION_CLOSE packet leaves protected too, and the client reads it.
  server->close(pair.now(), 7, "done");
  REQUIRE(poll_check_and_deliver(pair, reader, kMaxSegments, buffer) >= 1);
  REQUIRE(client->close_reason().has_value());
  CHECK(client->close_reason()->kind == CloseReason::Kind::kRemote);
  CHECK(client->close_reason()->error.code == 7);
  CHECK(client->close_reason()->error.application);
}

}  // namespace
}  // namespace quasar::test
