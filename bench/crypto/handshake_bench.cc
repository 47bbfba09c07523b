// Complete TLS 1.3 handshakes per second, client and server in memory (both sides' CPU in one
// thread), with an ECDSA P-256 and an RSA-2048 certificate.
#include <memory>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "bench/support/alloc_counter.h"
#include "crypto/tls_client_context.h"
#include "crypto/tls_server_context.h"

namespace quasar {
namespace {

constexpr EncryptionLevel kCryptoLevels[] = {EncryptionLevel::kInitial, EncryptionLevel::kHandshake,
                                             EncryptionLevel::kOneRtt};

// Moves every pending CRYPTO byte from one session to the other; false on error.
bool flow(TlsSession& from, TlsSession& to, bool& moved) {
  for (EncryptionLevel level : kCryptoLevels) {
    const auto pending = from.pending_crypto_data(level);
    if (pending.empty()) continue;
    const std::vector<uint8_t> bytes(pending.begin(), pending.end());
    from.consume_crypto_data(level, bytes.size());
    moved = true;
    if (!to.provide_crypto_data(level, bytes).ok()) return false;
  }
  while (to.take_secret()) {
  }
  return true;
}

void BM_Handshake(benchmark::State& state) {
  const bool rsa = state.range(0) == 1;
  const std::string dir = QUASAR_BENCH_CERTS_DIR;
  const std::string stem = dir + (rsa ? "/leaf-rsa" : "/leaf-ecdsa");
  TlsServerConfig server_config;
  server_config.alpn = {"h3"};
  server_config.certificate_chain_file = stem + ".pem";
  server_config.private_key_file = stem + ".key";
  TlsClientConfig client_config;
  client_config.alpn = {"h3"};
  client_config.ca_file = dir + "/ca.pem";
  auto server_context = TlsServerContext::create(server_config);
  auto client_context = TlsClientContext::create(client_config);
  if (!server_context.ok() || !client_context.ok()) {
    state.SkipWithError("contexts");
    return;
  }
  TlsClientSessionParams client_params;
  client_params.server_name = "localhost";
  client_params.transport_parameters = {0x01, 0x02, 0x40, 0x64};
  TlsServerSessionParams server_params;
  server_params.transport_parameters = {0x0f, 0x00};

  bench::AllocationScope allocs;
  for (auto _ : state) {
    auto client = (*client_context)->new_session(client_params);
    auto server = (*server_context)->new_session(server_params);
    if (!client.ok() || !server.ok() || !(*client)->start().ok()) {
      state.SkipWithError("session");
      break;
    }
    bool moved = true;
    bool ok = true;
    while (ok && moved) {
      moved = false;
      ok = flow(**client, **server, moved) && flow(**server, **client, moved);
    }
    if (!ok || !(*client)->handshake_complete() || !(*server)->handshake_complete()) {
      state.SkipWithError("handshake failed");
      break;
    }
  }
  allocs.report(state);
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  state.SetLabel(rsa ? "RSA-2048" : "ECDSA P-256");
}
BENCHMARK(BM_Handshake)->Arg(0)->Arg(1)->ArgName("rsa")->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace quasar
