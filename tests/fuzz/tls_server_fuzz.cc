// Fuzzes a server TlsSession with arbitrary CRYPTO bytes. The input is a sequence of records
//   level (1 byte: 0 Initial, 1 0-RTT, 2 Handshake, 3 1-RTT; higher bits ignored)
//   length (2 bytes, big-endian; clipped to what is left)
//   bytes
// each delivered with provide_crypto_data() as a connection would, pulling secrets, handshake
// bytes and the outcome after every one. The session must fail cleanly, never crash or leak.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

#include "crypto/self_signed_certificate.h"
#include "crypto/tls_server_context.h"

namespace {

std::shared_ptr<quasar::TlsServerContext> make_context() {
  auto certificate = quasar::generate_self_signed_certificate();
  if (!certificate.ok()) return nullptr;
  quasar::TlsServerConfig config;
  config.alpn = {"h3", "hq-interop"};
  config.certificate_chain_pem = certificate->certificate_pem;
  config.private_key_pem = certificate->private_key_pem;
  config.enable_early_data = true;
  // Fixed ticket keys, so corpus entries that carry a ticket can resume.
  config.session_ticket_key.emplace();
  config.session_ticket_key->fill(0x42);
  auto context = quasar::TlsServerContext::create(std::move(config));
  return context.ok() ? *context : nullptr;
}

// Reads everything a connection would read after delivering CRYPTO data.
void drain(quasar::TlsSession& tls) {
  while (tls.take_secret()) {
  }
  for (uint8_t level = 0; level < quasar::kEncryptionLevelCount; ++level) {
    const auto l = static_cast<quasar::EncryptionLevel>(level);
    tls.consume_crypto_data(l, tls.pending_crypto_data(l).size());
    (void)tls.max_crypto_buffer(l);
  }
  (void)tls.alpn();
  (void)tls.peer_transport_parameters();
  (void)tls.early_data_state();
  (void)tls.cipher_suite();
  (void)tls.server_name();
  (void)tls.handshake_complete();
  (void)tls.session_tickets_sent();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::shared_ptr<quasar::TlsServerContext> context = make_context();
  if (!context) return 0;
  quasar::TlsServerSessionParams params;
  params.transport_parameters = {0x01, 0x02, 0x40, 0x64};
  params.early_data_context = {'f', 'u', 'z', 'z'};
  auto session = context->new_session(params);
  if (!session.ok()) return 0;
  quasar::TlsSession& tls = **session;

  std::span<const uint8_t> input(data, size);
  while (input.size() >= 3) {
    const auto level = static_cast<quasar::EncryptionLevel>(input[0] & 0x03);
    const size_t length = std::min<size_t>(size_t{input[1]} << 8 | input[2], input.size() - 3);
    const auto bytes = input.subspan(3, length);
    input = input.subspan(3 + length);
    const bool ok = tls.provide_crypto_data(level, bytes).ok();
    drain(tls);
    if (!ok) {
      // Once failed, the session stays failed.
      if (tls.provide_crypto_data(level, bytes).ok()) __builtin_trap();
      break;
    }
  }
  return 0;
}
