// Packet protection per packet: seal + header protection and header protection removal + open
// for 1200- and 1452-byte 1-RTT packets with each suite, one packet at a time and in batches of
// 16, beside raw BoringSSL EVP_AEAD_CTX seal and open of the same payload and header (the
// physical limit of this machine), and ChaCha20 header protection masks alone.
#include <array>
#include <cstring>
#include <numeric>
#include <optional>
#include <vector>

#include <benchmark/benchmark.h>
#include <openssl/aead.h>
#include <openssl/chacha.h>

#include "bench/support/alloc_counter.h"
#include "crypto/header_protection.h"
#include "crypto/packet_keys.h"

namespace quasar {
namespace {

// A 1-RTT short header: first byte, 8-byte DCID, 4-byte packet number (RFC 9000 §17.3.1).
constexpr size_t kHeaderLength = 1 + 8 + 4;
constexpr size_t kPnOffset = 1 + 8;

struct Fixture {
  CipherSuite suite;
  size_t packet_size;  // header + payload + tag: what goes into the UDP datagram
  size_t payload_size() const { return packet_size - kHeaderLength - kAeadTagLength; }
  std::array<uint8_t, kHeaderLength> header{};
  std::vector<uint8_t> secret;

  Fixture(const benchmark::State& state)
      : suite(kAllCipherSuites[state.range(0)]), packet_size(static_cast<size_t>(state.range(1))) {
    header[0] = 0x43;  // short header, 4-byte packet number
    std::iota(header.begin() + 1, header.begin() + kPnOffset, uint8_t{0x10});
    secret.resize(secret_length(suite));
    std::iota(secret.begin(), secret.end(), uint8_t{1});
  }
  // Writes the header with `packet_number` in its 4-byte Packet Number field.
  void write_header(uint8_t* out, uint64_t packet_number) const {
    std::memcpy(out, header.data(), kPnOffset);
    for (size_t i = 0; i < 4; ++i)
      out[kPnOffset + i] = static_cast<uint8_t>(packet_number >> (24 - 8 * i));
  }
  PacketKeys keys() const {
    auto keys = standard_packet_key_factory().make_packet_keys(secret, suite, 1);
    if (!keys.ok()) std::abort();
    return std::move(keys).value();
  }
};

void finish(benchmark::State& state, const Fixture& f) {
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * f.packet_size));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  state.SetLabel(cipher_suite_name(f.suite));
}

const EVP_AEAD* aead_of(CipherSuite suite) {
  switch (suite) {
    case CipherSuite::kAes128GcmSha256:
      return EVP_aead_aes_128_gcm();
    case CipherSuite::kAes256GcmSha384:
      return EVP_aead_aes_256_gcm();
    case CipherSuite::kChaCha20Poly1305Sha256:
      return EVP_aead_chacha20_poly1305();
  }
  return nullptr;
}

// The limit: EVP_AEAD_CTX_seal of the same payload with the header as associated data and
// nonce = iv XOR pn, into a separate output buffer, with no header protection.
void BM_RawAeadSeal(benchmark::State& state) {
  Fixture f(state);
  const EVP_AEAD* aead = aead_of(f.suite);
  std::vector<uint8_t> key(EVP_AEAD_key_length(aead), 0x07);
  std::array<uint8_t, 12> iv{};
  EVP_AEAD_CTX ctx;
  if (EVP_AEAD_CTX_init(&ctx, aead, key.data(), key.size(), kAeadTagLength, nullptr) != 1) {
    state.SkipWithError("init");
    return;
  }
  std::vector<uint8_t> plaintext(f.payload_size(), 0x5a), out(f.payload_size() + kAeadTagLength);
  uint64_t pn = 0;
  bench::AllocationScope allocs;
  for (auto _ : state) {
    std::array<uint8_t, 12> nonce;
    make_packet_nonce(iv, pn++, nonce);
    size_t out_length = 0;
    EVP_AEAD_CTX_seal(&ctx, out.data(), &out_length, out.size(), nonce.data(), nonce.size(),
                      plaintext.data(), plaintext.size(), f.header.data(), f.header.size());
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  allocs.report(state);
  EVP_AEAD_CTX_cleanup(&ctx);
  finish(state, f);
}

// The receive-side limit: restoring the ciphertext (the benchmark's own cost, also paid by the
// quasar variant below) and EVP_AEAD_CTX_open in place.
void BM_RawAeadOpen(benchmark::State& state) {
  Fixture f(state);
  const EVP_AEAD* aead = aead_of(f.suite);
  std::vector<uint8_t> key(EVP_AEAD_key_length(aead), 0x07);
  std::array<uint8_t, 12> iv{}, nonce;
  EVP_AEAD_CTX ctx;
  if (EVP_AEAD_CTX_init(&ctx, aead, key.data(), key.size(), kAeadTagLength, nullptr) != 1) {
    state.SkipWithError("init");
    return;
  }
  std::vector<uint8_t> plaintext(f.payload_size(), 0x5a), sealed(f.payload_size() + kAeadTagLength);
  make_packet_nonce(iv, 7, nonce);
  size_t sealed_length = 0;
  EVP_AEAD_CTX_seal(&ctx, sealed.data(), &sealed_length, sealed.size(), nonce.data(), nonce.size(),
                    plaintext.data(), plaintext.size(), f.header.data(), f.header.size());
  std::vector<uint8_t> work(sealed.size());
  bench::AllocationScope allocs;
  for (auto _ : state) {
    std::memcpy(work.data(), sealed.data(), sealed.size());
    make_packet_nonce(iv, 7, nonce);
    size_t out_length = 0;
    if (EVP_AEAD_CTX_open(&ctx, work.data(), &out_length, work.size(), nonce.data(), nonce.size(),
                          work.data(), work.size(), f.header.data(), f.header.size()) != 1) {
      state.SkipWithError("open failed");
      break;
    }
    benchmark::DoNotOptimize(work.data());
    benchmark::ClobberMemory();
  }
  allocs.report(state);
  EVP_AEAD_CTX_cleanup(&ctx);
  finish(state, f);
}

// What the connection does per packet sent: write the header, seal the payload in place behind
// it with the tag after it, apply header protection.
void BM_SealAndProtect(benchmark::State& state) {
  Fixture f(state);
  PacketKeys keys = f.keys();
  std::vector<uint8_t> packet(f.packet_size, 0x5a);
  const auto span = std::span<uint8_t>(packet);
  uint64_t pn = 0;
  bench::AllocationScope allocs;
  for (auto _ : state) {
    f.write_header(packet.data(), pn);
    if (!keys.aead->seal(pn++, span.first(kHeaderLength), span.subspan(kHeaderLength)).ok() ||
        !apply_header_protection(*keys.header, span, kPnOffset).ok()) {
      state.SkipWithError("seal failed");
      break;
    }
    benchmark::DoNotOptimize(packet.data());
    benchmark::ClobberMemory();
  }
  allocs.report(state);
  finish(state, f);
}

// What the connection does per packet received: remove header protection, open in place.
void BM_UnprotectAndOpen(benchmark::State& state) {
  Fixture f(state);
  PacketKeys keys = f.keys();
  std::vector<uint8_t> sealed(f.packet_size, 0x5a);
  const auto sealed_span = std::span<uint8_t>(sealed);
  f.write_header(sealed.data(), 7);
  if (!keys.aead->seal(7, sealed_span.first(kHeaderLength), sealed_span.subspan(kHeaderLength))
           .ok() ||
      !apply_header_protection(*keys.header, sealed_span, kPnOffset).ok()) {
    state.SkipWithError("setup");
    return;
  }
  std::vector<uint8_t> packet(f.packet_size);
  const auto span = std::span<uint8_t>(packet);
  bench::AllocationScope allocs;
  for (auto _ : state) {
    std::memcpy(packet.data(), sealed.data(), sealed.size());
    auto header = remove_header_protection(*keys.header, span, kPnOffset);
    if (!header.ok() || !keys.aead
                             ->open(header->truncated_packet_number, span.first(kHeaderLength),
                                    span.subspan(kHeaderLength))
                             .ok()) {
      state.SkipWithError("open failed");
      break;
    }
    benchmark::DoNotOptimize(packet.data());
    benchmark::ClobberMemory();
  }
  allocs.report(state);
  finish(state, f);
}

constexpr size_t kBatch = 16;  // packets per GSO send, as a connection might build them

// The same for a batch of packets sent together: each is sealed as it is built, then header
// protection is applied to the whole batch, which computes ChaCha20 masks four at a time.
void BM_SealAndProtectBatch(benchmark::State& state) {
  Fixture f(state);
  PacketKeys keys = f.keys();
  std::vector<uint8_t> buffer(f.packet_size * kBatch, 0x5a);
  std::array<PacketInBatch, kBatch> batch;
  for (size_t i = 0; i < kBatch; ++i) {
    batch[i] = {std::span(buffer).subspan(i * f.packet_size, f.packet_size), kPnOffset};
  }
  uint64_t pn = 0;
  bench::AllocationScope allocs;
  for (auto _ : state) {
    bool ok = true;
    for (const PacketInBatch& p : batch) {
      f.write_header(p.packet.data(), pn);
      ok &= keys.aead->seal(pn++, p.packet.first(kHeaderLength), p.packet.subspan(kHeaderLength))
                .ok();
    }
    if (!ok || !apply_header_protection(*keys.header, batch).ok()) {
      state.SkipWithError("seal failed");
      break;
    }
    benchmark::DoNotOptimize(buffer.data());
    benchmark::ClobberMemory();
  }
  allocs.report(state);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * f.packet_size * kBatch));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kBatch));
  state.SetLabel(cipher_suite_name(f.suite));
}

// A batch received together (one GRO read): header protection is removed from all, then each is
// opened.
void BM_UnprotectAndOpenBatch(benchmark::State& state) {
  Fixture f(state);
  PacketKeys keys = f.keys();
  std::vector<uint8_t> sealed(f.packet_size * kBatch, 0x5a), buffer(sealed.size());
  std::array<PacketInBatch, kBatch> batch;
  for (size_t i = 0; i < kBatch; ++i) {
    const auto packet = std::span(sealed).subspan(i * f.packet_size, f.packet_size);
    f.write_header(packet.data(), i);
    if (!keys.aead->seal(i, packet.first(kHeaderLength), packet.subspan(kHeaderLength)).ok() ||
        !apply_header_protection(*keys.header, packet, kPnOffset).ok()) {
      state.SkipWithError("setup");
      return;
    }
    batch[i] = {std::span(buffer).subspan(i * f.packet_size, f.packet_size), kPnOffset};
  }
  std::array<std::optional<UnprotectedHeader>, kBatch> headers;
  bench::AllocationScope allocs;
  for (auto _ : state) {
    std::memcpy(buffer.data(), sealed.data(), sealed.size());
    remove_header_protection(*keys.header, batch, headers);
    bool ok = true;
    for (size_t i = 0; i < kBatch; ++i) {
      ok &= headers[i].has_value() &&
            keys.aead
                ->open(headers[i]->truncated_packet_number, batch[i].packet.first(kHeaderLength),
                       batch[i].packet.subspan(kHeaderLength))
                .ok();
    }
    if (!ok) {
      state.SkipWithError("open failed");
      break;
    }
    benchmark::DoNotOptimize(buffer.data());
    benchmark::ClobberMemory();
  }
  allocs.report(state);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * f.packet_size * kBatch));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kBatch));
  state.SetLabel(cipher_suite_name(f.suite));
}

// ChaCha20 header protection masks alone (RFC 9001 §5.4.4), CPU time per mask. range(0) is the
// path: 0 BoringSSL's CRYPTO_chacha_20 for the five bytes, 1 HeaderProtector::mask() (our block
// function, what one packet at a time uses), 2 HeaderProtector::masks() (chacha20_header_masks,
// blocks side by side in SIMD lanes); range(1) the samples per call.
void BM_ChaChaMask(benchmark::State& state) {
  const int64_t path = state.range(0);
  const size_t count = static_cast<size_t>(state.range(1));
  std::array<uint8_t, 32> key;
  std::iota(key.begin(), key.end(), uint8_t{1});
  auto protector = make_header_protector(CipherSuite::kChaCha20Poly1305Sha256, key);
  if (!protector.ok()) {
    state.SkipWithError("key");
    return;
  }
  std::vector<uint8_t> sample_bytes(16 * count);
  std::iota(sample_bytes.begin(), sample_bytes.end(), uint8_t{0x20});
  std::vector<const uint8_t*> samples(count);
  for (size_t i = 0; i < count; ++i) samples[i] = sample_bytes.data() + 16 * i;
  std::vector<HeaderProtectionMask> masks(count);
  bench::AllocationScope allocs;
  for (auto _ : state) {
    ++sample_bytes[0];  // a new sample each time
    if (path == 0) {
      static constexpr uint8_t kZeros[5] = {};
      for (size_t i = 0; i < count; ++i) {
        uint32_t counter;
        std::memcpy(&counter, samples[i], 4);  // little-endian on x86-64
        CRYPTO_chacha_20(masks[i].data(), kZeros, sizeof(kZeros), key.data(), samples[i] + 4,
                         counter);
      }
    } else if (path == 1) {
      for (size_t i = 0; i < count; ++i) {
        masks[i] = (*protector)->mask(std::span<const uint8_t, 16>(samples[i], 16));
      }
    } else {
      (*protector)->masks(samples, masks);
    }
    benchmark::DoNotOptimize(masks.data());
    benchmark::ClobberMemory();
  }
  allocs.report(state);
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * count));
  state.counters["time/mask"] =
      benchmark::Counter(static_cast<double>(state.iterations() * count),
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_ChaChaMask)
    ->ArgNames({"path", "samples"})
    ->Args({0, 1})
    ->Args({1, 1})
    ->Args({2, 1})
    ->Args({2, 4})
    ->Args({2, 8})
    ->Args({2, 16});

// Arguments: suite index (0 AES-128-GCM, 1 AES-256-GCM, 2 ChaCha20-Poly1305), packet size.
void packet_arguments(benchmark::internal::Benchmark* b) {
  for (int64_t suite = 0; suite < 3; ++suite) {
    for (int64_t size : {1200, 1452}) b->Args({suite, size});
  }
  b->ArgNames({"suite", "bytes"});
}

BENCHMARK(BM_RawAeadSeal)->Apply(packet_arguments);
BENCHMARK(BM_SealAndProtect)->Apply(packet_arguments);
BENCHMARK(BM_RawAeadOpen)->Apply(packet_arguments);
BENCHMARK(BM_UnprotectAndOpen)->Apply(packet_arguments);
BENCHMARK(BM_SealAndProtectBatch)->Apply(packet_arguments);
BENCHMARK(BM_UnprotectAndOpenBatch)->Apply(packet_arguments);

}  // namespace
}  // namespace quasar
