// Connection-level benchmarks with real TLS, in memory (no network, no clock): the full sender
// cycle per packet (build and seal, the peer's ACK, the record freed), the same for a DATAGRAM
// frame the application reads, a bulk transfer's CPU cost per byte with AES-128-GCM, and the
// send path alone per packet for each suite, with and without GSO batches (whose 1-RTT header
// protection is applied once per batch), beside raw BoringSSL sealing of a packet of the same
// size.
#include <benchmark/benchmark.h>

#include <array>
#include <memory>
#include <vector>

#include <openssl/aead.h>

#include "bench/support/alloc_counter.h"
#include "crypto/packet_keys.h"
#include "crypto/self_signed_certificate.h"
#include "crypto/testing/chacha_packet_keys.h"
#include "crypto/tls_client_context.h"
#include "crypto/tls_server_context.h"
#include "quic/endpoint/endpoint.h"

namespace quasar {
namespace {

const SocketAddress kClient = *SocketAddress::parse("10.0.0.1:5000");
const SocketAddress kServer = *SocketAddress::parse("10.0.0.2:443");

// A client and a server endpoint exchanging datagrams directly: everything sent is delivered
// at once, in order.
class Pair {
 public:
  struct Options {
    const PacketKeyFactory* key_factory = &standard_packet_key_factory();
    bool pmtu_discovery = true;
  };

  Pair() : Pair(Options{}) {}
  explicit Pair(const Options& options) : rng_(1) {
    static const PemCertificate cert = *generate_self_signed_certificate();
    TlsServerConfig server_tls;
    server_tls.alpn = {"bench"};
    server_tls.certificate_chain_pem = cert.certificate_pem;
    server_tls.private_key_pem = cert.private_key_pem;
    TlsClientConfig client_tls;
    client_tls.alpn = {"bench"};
    client_tls.verify_peer = false;
    EndpointConfig server_config;
    server_config.server_tls = server_tls_factory(*TlsServerContext::create(server_tls));
    server_config.transport.initial_max_data = 64 << 20;
    server_config.transport.initial_max_stream_data_bidi_local = 32 << 20;
    server_config.transport.initial_max_stream_data_bidi_remote = 32 << 20;
    server_config.transport.max_stream_receive_window = 32 << 20;
    server_config.transport.max_connection_receive_window = 64 << 20;
    server_config.transport.stream_send_buffer = 8 << 20;
    server_config.transport.pmtu_discovery = options.pmtu_discovery;
    server_config.transport.max_datagram_frame_size = 1200;
    server_config.key_factory = options.key_factory;
    EndpointConfig client_config = server_config;
    client_config.server_tls = nullptr;
    client_config.client_tls = client_tls_factory(*TlsClientContext::create(client_tls));
    server_ = Endpoint::create(std::move(server_config), rng_).value();
    client_ = Endpoint::create(std::move(client_config), rng_).value();
    ConnectOptions connect;
    connect.server_name = "localhost";
    client_handle_ = *client_->connect(now_, kClient, kServer, connect);
    while (!server_handle_ || !client().is_handshake_complete() ||
           !server_->connection(*server_handle_)->is_handshake_confirmed()) {
      exchange();
    }
  }

  Connection& client() { return *client_->connection(client_handle_); }
  Connection& server() { return *server_->connection(*server_handle_); }

  // Moves every datagram either side has to send to the other; returns how many moved.
  size_t exchange(size_t max_segments = 16) {
    now_ += Duration::from_micros(10);
    size_t moved = flush(*client_, *server_, kClient, kServer, max_segments);
    moved += flush(*server_, *client_, kServer, kClient, max_segments);
    while (auto e = server_->poll_event()) {
      if (std::holds_alternative<event::IncomingConnection>(e->event)) {
        server_->accept(e->connection);
        server_handle_ = e->connection;
      }
    }
    while (client_->poll_event()) {
    }
    if (client_->next_timeout() <= now_) client_->handle_timeout(now_);
    if (server_->next_timeout() <= now_) server_->handle_timeout(now_);
    return moved;
  }

  Instant now() const { return now_; }

  // The server's next batch, written into `out`, without delivering it.
  std::optional<Transmit> poll_server(std::span<uint8_t> out, size_t max_segments) {
    return server_->poll_transmit(now_, out, max_segments);
  }
  void deliver_to_client(std::span<uint8_t> datagram) {
    client_->handle_datagram(now_, kClient, kServer, Ecn::kNotEct, datagram);
  }

 private:
  size_t flush(Endpoint& from, Endpoint& to, const SocketAddress& src, const SocketAddress& dst,
               size_t max_segments) {
    size_t moved = 0;
    while (auto t = from.poll_transmit(now_, buffer_, max_segments)) {
      for (size_t off = 0; off < t->size; off += t->segment_size) {
        const size_t n = std::min(t->segment_size, t->size - off);
        to.handle_datagram(now_, dst, src, Ecn::kNotEct, std::span(buffer_).subspan(off, n));
        ++moved;
      }
    }
    return moved;
  }

  SeededRng rng_;
  std::unique_ptr<Endpoint> client_;
  std::unique_ptr<Endpoint> server_;
  ConnectionHandle client_handle_ = 0;
  std::optional<ConnectionHandle> server_handle_;
  Instant now_ = Instant::from_nanos(1'000'000'000);
  std::vector<uint8_t> buffer_ = std::vector<uint8_t>(65536);
};

// One data packet per iteration: the server writes a packet's worth of stream data, builds and
// seals the packet; the client opens it and acknowledges (every second packet, RFC 9000
// §13.2.2); the server processes the ACK and frees the packet's record.
void BM_SenderCycle(benchmark::State& state) {
  Pair pair;
  auto stream = pair.client().open_stream(true);
  std::vector<uint8_t> data(1100, 0xab);
  (void)pair.client().write(*stream, data);
  pair.exchange();
  std::vector<uint8_t> sink(1 << 16);
  // Warm up pools and buffers.
  for (int i = 0; i < 2000; ++i) {
    (void)pair.server().write(*stream, data);
    pair.exchange(1);
    (void)pair.client().read(*stream, sink, pair.now());
  }
  bench::AllocationScope allocs;
  for (auto _ : state) {
    (void)pair.server().write(*stream, data);
    pair.exchange(1);
    (void)pair.client().read(*stream, sink, pair.now());
  }
  allocs.report(state);
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(data.size()));
}
BENCHMARK(BM_SenderCycle);

// One DATAGRAM frame per iteration (RFC 9221): the client queues a 1000-byte datagram, sends it
// in a packet, the server reads it into the application's reused buffer and acknowledges.
void BM_DatagramCycle(benchmark::State& state) {
  Pair pair;
  std::vector<uint8_t> payload(1000, 0xcd), received;
  const auto cycle = [&] {
    if (!pair.client().send_datagram(payload).ok()) std::abort();
    pair.exchange(1);
    if (!pair.server().read_datagram(received) || received.size() != payload.size()) {
      std::abort();
    }
  };
  for (int i = 0; i < 2000; ++i) cycle();  // warm up pools and buffers
  bench::AllocationScope allocs;
  for (auto _ : state) cycle();
  allocs.report(state);
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(payload.size()));
}
BENCHMARK(BM_DatagramCycle);

// A bulk download of state.range(0) bytes, in memory with GSO-sized batches: CPU per byte of
// both endpoints together.
void BM_InMemoryTransfer(benchmark::State& state) {
  const uint64_t size = static_cast<uint64_t>(state.range(0));
  std::vector<uint8_t> chunk(64 * 1024, 0x5a);
  std::vector<uint8_t> sink(256 * 1024);
  for (auto _ : state) {
    state.PauseTiming();
    Pair pair;
    auto stream = pair.client().open_stream(true);
    (void)pair.client().finish(*stream);
    pair.exchange();
    state.ResumeTiming();
    uint64_t written = 0;
    uint64_t read = 0;
    while (read < size) {
      while (written < size) {
        auto n = pair.server().write(
            *stream, std::span(chunk).first(
                         static_cast<size_t>(std::min<uint64_t>(chunk.size(), size - written))));
        if (!n.ok() || *n == 0) break;
        written += *n;
      }
      if (written == size) (void)pair.server().finish(*stream);
      pair.exchange();
      while (true) {
        auto r = pair.client().read(*stream, sink, pair.now());
        if (!r.ok() || r->bytes == 0) break;
        read += r->bytes;
      }
    }
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(size));
}
BENCHMARK(BM_InMemoryTransfer)->Arg(100 << 20)->Unit(benchmark::kMillisecond);

// Suites by index: 0 AES-128-GCM, 1 AES-256-GCM, 2 ChaCha20-Poly1305.
constexpr std::array<CipherSuite, 3> kSuites = {CipherSuite::kAes128GcmSha256,
                                                CipherSuite::kAes256GcmSha384,
                                                CipherSuite::kChaCha20Poly1305Sha256};
// Packets each send-path iteration writes and sends, in batches of at most `segments`.
constexpr size_t kPacketsPerRound = 64;
constexpr size_t kDatagramSize = 1200;  // PMTU discovery off: every datagram is this size

// The server's send path alone, per packet: poll_transmit() building full 1200-byte 1-RTT
// packets of stream data (frames, copy, seal, header protection, sent-packet records, pacer) in
// batches of state.range(1) segments. Writing the data and the client's side (reading,
// acknowledging, the server processing the ACKs) happen with the timer paused.
void BM_SendPath(benchmark::State& state) {
  const CipherSuite suite = kSuites[static_cast<size_t>(state.range(0))];
  const size_t segments = static_cast<size_t>(state.range(1));
  // TLS negotiates AES-128-GCM on this machine; ChaCha20 comes from the key factory.
  const bool chacha = suite == CipherSuite::kChaCha20Poly1305Sha256;
  Pair pair({.key_factory = chacha ? &chacha_packet_keys() : &standard_packet_key_factory(),
             .pmtu_discovery = false});
  if (!chacha && pair.server().tls().cipher_suite() != suite) {
    state.SkipWithError("suite not negotiated");
    return;
  }
  auto stream = pair.client().open_stream(true);
  (void)pair.client().finish(*stream);
  pair.exchange();
  std::vector<uint8_t> data(kPacketsPerRound * kDatagramSize, 0xab);
  std::vector<uint8_t> sink(1 << 20);
  std::vector<uint8_t> out(kPacketsPerRound * kDatagramSize);
  uint64_t packets = 0;
  // One round: write, then send (timed) until kPacketsPerRound datagrams are out or the
  // connection stops, then deliver, read and take the ACKs back.
  auto round = [&](bool timed) {
    if (timed) state.PauseTiming();
    (void)pair.server().write(*stream, data);
    if (timed) state.ResumeTiming();
    size_t used = 0;
    size_t sent = 0;
    std::array<Transmit, kPacketsPerRound> transmits;
    size_t transmit_count = 0;
    while (sent < kPacketsPerRound) {
      auto t = pair.poll_server(std::span(out).subspan(used),
                                std::min(segments, kPacketsPerRound - sent));
      if (!t) break;
      transmits[transmit_count++] = *t;
      used += t->size;
      sent += t->segment_count();
    }
    if (timed) state.PauseTiming();
    packets += timed ? sent : 0;
    size_t offset = 0;
    for (size_t i = 0; i < transmit_count; ++i) {
      const Transmit& t = transmits[i];
      for (size_t off = 0; off < t.size; off += t.segment_size) {
        pair.deliver_to_client(
            std::span(out).subspan(offset + off, std::min(t.segment_size, t.size - off)));
      }
      offset += t.size;
    }
    while (true) {
      auto r = pair.client().read(*stream, sink, pair.now());
      if (!r.ok() || r->bytes == 0) break;
    }
    for (int i = 0; i < 4 && pair.exchange() > 0; ++i) {
    }
    if (timed) state.ResumeTiming();
  };
  for (int i = 0; i < 200; ++i) round(false);  // congestion window, pools and buffers warm up
  bench::AllocationScope allocs;
  for (auto _ : state) round(true);
  allocs.report(state);
  state.SetItemsProcessed(static_cast<int64_t>(packets));
  state.SetBytesProcessed(static_cast<int64_t>(packets * kDatagramSize));
  state.counters["time/packet"] = benchmark::Counter(
      static_cast<double>(packets), benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  state.SetLabel(cipher_suite_name(suite));
}
BENCHMARK(BM_SendPath)
    ->ArgNames({"suite", "segments"})
    ->Args({0, 1})
    ->Args({0, 16})
    ->Args({2, 1})
    ->Args({2, 16});

// The limit beside it: BoringSSL's EVP_AEAD_CTX_seal of one packet of the same size (13-byte
// short header as associated data, payload, 16-byte tag), no header protection.
void BM_RawSeal(benchmark::State& state) {
  const CipherSuite suite = kSuites[static_cast<size_t>(state.range(0))];
  const EVP_AEAD* aead = suite == CipherSuite::kChaCha20Poly1305Sha256
                             ? EVP_aead_chacha20_poly1305()
                             : (suite == CipherSuite::kAes128GcmSha256 ? EVP_aead_aes_128_gcm()
                                                                       : EVP_aead_aes_256_gcm());
  std::vector<uint8_t> key(EVP_AEAD_key_length(aead), 0x07);
  EVP_AEAD_CTX ctx;
  if (EVP_AEAD_CTX_init(&ctx, aead, key.data(), key.size(), 16, nullptr) != 1) {
    state.SkipWithError("init");
    return;
  }
  constexpr size_t kHeader = 13;
  std::array<uint8_t, kHeader> header{0x43};
  std::vector<uint8_t> plaintext(kDatagramSize - kHeader - 16, 0x5a), sealed(kDatagramSize);
  std::array<uint8_t, 12> nonce{};
  uint64_t pn = 0;
  bench::AllocationScope allocs;
  for (auto _ : state) {
    for (size_t i = 0; i < 8; ++i) nonce[4 + i] = static_cast<uint8_t>(pn >> (56 - 8 * i));
    ++pn;
    size_t n = 0;
    EVP_AEAD_CTX_seal(&ctx, sealed.data(), &n, sealed.size(), nonce.data(), nonce.size(),
                      plaintext.data(), plaintext.size(), header.data(), header.size());
    benchmark::DoNotOptimize(sealed.data());
    benchmark::ClobberMemory();
  }
  allocs.report(state);
  EVP_AEAD_CTX_cleanup(&ctx);
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(kDatagramSize));
  state.counters["time/packet"] =
      benchmark::Counter(static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  state.SetLabel(cipher_suite_name(suite));
}
BENCHMARK(BM_RawSeal)->ArgName("suite")->Arg(0)->Arg(2);

}  // namespace
}  // namespace quasar
