#include "tests/crypto/minimal_tls13_client.h"

#include <openssl/curve25519.h>
#include <openssl/digest.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "crypto/hkdf.h"
#include "quic/base/buffer_reader.h"

namespace quasar::test {
namespace {

// RFC 8446 §4 and §4.2 code points.
constexpr uint8_t kClientHello = 1, kServerHello = 2, kEncryptedExtensions = 8, kFinished = 20;
constexpr uint16_t kServerNameExtension = 0, kSupportedGroups = 10, kSignatureAlgorithms = 13,
                   kAlpnExtension = 16, kSupportedVersions = 43, kKeyShare = 51,
                   kQuicTransportParameters = 0x39;
constexpr uint16_t kX25519 = 0x001d;

void put_u8(std::vector<uint8_t>& out, uint8_t v) { out.push_back(v); }
void put_u16(std::vector<uint8_t>& out, uint16_t v) {
  out.push_back(static_cast<uint8_t>(v >> 8));
  out.push_back(static_cast<uint8_t>(v));
}
void put_u24(std::vector<uint8_t>& out, size_t v) {
  out.push_back(static_cast<uint8_t>(v >> 16));
  out.push_back(static_cast<uint8_t>(v >> 8));
  out.push_back(static_cast<uint8_t>(v));
}
void put_bytes(std::vector<uint8_t>& out, std::span<const uint8_t> bytes) {
  out.insert(out.end(), bytes.begin(), bytes.end());
}
void put_extension(std::vector<uint8_t>& out, uint16_t type, const std::vector<uint8_t>& body) {
  put_u16(out, type);
  put_u16(out, static_cast<uint16_t>(body.size()));
  put_bytes(out, body);
}
std::vector<uint8_t> handshake_message(uint8_t type, const std::vector<uint8_t>& body) {
  std::vector<uint8_t> message = {type};
  put_u24(message, body.size());
  put_bytes(message, body);
  return message;
}

const EVP_MD* digest_of(HashAlgorithm hash) {
  return hash == HashAlgorithm::kSha384 ? EVP_sha384() : EVP_sha256();
}

std::vector<uint8_t> digest(HashAlgorithm hash, std::span<const uint8_t> data) {
  std::vector<uint8_t> out(hash_length(hash));
  unsigned length = 0;
  EVP_Digest(data.data(), data.size(), out.data(), &length, digest_of(hash), nullptr);
  return out;
}

// RFC 8446 §7.1: Derive-Secret(Secret, Label, Messages) with the transcript hash given.
Secret derive_secret(HashAlgorithm hash, const Secret& secret, std::string_view label,
                     std::span<const uint8_t> transcript_hash) {
  Secret out = Secret::of_length(hash_length(hash));
  if (!hkdf_expand_label(hash, secret.span(), label, transcript_hash, out.mutable_span())) {
    return Secret();
  }
  return out;
}

Secret extract(HashAlgorithm hash, std::span<const uint8_t> salt, std::span<const uint8_t> ikm) {
  Secret out = Secret::of_length(hash_length(hash));
  if (!hkdf_extract(hash, salt, ikm, out.mutable_span())) return Secret();
  return out;
}

}  // namespace

MinimalTls13Client::MinimalTls13Client(std::vector<uint16_t> offered_suites,
                                       std::optional<std::vector<uint8_t>> transport_parameters,
                                       std::optional<std::string> alpn, std::string server_name) {
  std::array<uint8_t, 32> public_key;
  X25519_keypair(public_key.data(), private_key_.data());

  std::vector<uint8_t> body;
  put_u16(body, 0x0303);  // legacy_version
  std::array<uint8_t, 32> random;
  RAND_bytes(random.data(), random.size());
  put_bytes(body, random);
  put_u8(body, 0);  // legacy_session_id: empty, as QUIC requires (RFC 9001 §8.4)
  put_u16(body, static_cast<uint16_t>(offered_suites.size() * 2));
  for (uint16_t suite : offered_suites) put_u16(body, suite);
  put_u8(body, 1);
  put_u8(body, 0);  // legacy_compression_methods: null

  std::vector<uint8_t> extensions;
  std::vector<uint8_t> sni;
  put_u16(sni, static_cast<uint16_t>(3 + server_name.size()));
  put_u8(sni, 0);  // host_name
  put_u16(sni, static_cast<uint16_t>(server_name.size()));
  put_bytes(sni,
            std::span(reinterpret_cast<const uint8_t*>(server_name.data()), server_name.size()));
  put_extension(extensions, kServerNameExtension, sni);
  put_extension(extensions, kSupportedVersions, {2, 0x03, 0x04});
  put_extension(extensions, kSupportedGroups, {0x00, 0x02, 0x00, 0x1d});
  // ecdsa_secp256r1_sha256, rsa_pss_rsae_sha256.
  put_extension(extensions, kSignatureAlgorithms, {0x00, 0x04, 0x04, 0x03, 0x08, 0x04});
  std::vector<uint8_t> key_share;
  put_u16(key_share, 2 + 2 + 32);
  put_u16(key_share, kX25519);
  put_u16(key_share, 32);
  put_bytes(key_share, public_key);
  put_extension(extensions, kKeyShare, key_share);
  if (alpn) {
    std::vector<uint8_t> alpn_list;
    put_u16(alpn_list, static_cast<uint16_t>(1 + alpn->size()));
    put_u8(alpn_list, static_cast<uint8_t>(alpn->size()));
    put_bytes(alpn_list, std::span(reinterpret_cast<const uint8_t*>(alpn->data()), alpn->size()));
    put_extension(extensions, kAlpnExtension, alpn_list);
  }
  if (transport_parameters) {
    put_extension(extensions, kQuicTransportParameters, *transport_parameters);
  }
  put_u16(body, static_cast<uint16_t>(extensions.size()));
  put_bytes(body, extensions);

  client_hello_ = handshake_message(kClientHello, body);
  transcript_ = client_hello_;
}

std::vector<uint8_t> MinimalTls13Client::transcript_hash() const {
  return digest(hash_of(suite_), transcript_);
}

std::vector<uint8_t> MinimalTls13Client::finished_mac(const Secret& base,
                                                      std::span<const uint8_t> hash) const {
  // RFC 8446 §4.4.4: HMAC(HKDF-Expand-Label(BaseKey, "finished", "", Hash.length), hash).
  const HashAlgorithm algorithm = hash_of(suite_);
  Secret finished_key = Secret::of_length(hash_length(algorithm));
  if (!hkdf_expand_label(algorithm, base.span(), "finished", {}, finished_key.mutable_span())) {
    return {};
  }
  std::vector<uint8_t> mac(hash_length(algorithm));
  unsigned length = 0;
  HMAC(digest_of(algorithm), finished_key.data(), finished_key.size(), hash.data(), hash.size(),
       mac.data(), &length);
  return mac;
}

bool MinimalTls13Client::on_server_initial(std::span<const uint8_t> bytes) {
  BufferReader reader(bytes);
  uint8_t type = 0;
  uint32_t length = 0;
  uint16_t version = 0, suite_id = 0, extensions_length = 0;
  uint8_t session_id_length = 0, compression = 0;
  std::span<const uint8_t> random, session_id, extensions;
  if (!reader.read_u8(type) || type != kServerHello || !reader.read_u24(length) ||
      reader.remaining() != length || !reader.read_u16(version) || !reader.read_bytes(32, random) ||
      !reader.read_u8(session_id_length) || !reader.read_bytes(session_id_length, session_id) ||
      !reader.read_u16(suite_id) || !reader.read_u8(compression) ||
      !reader.read_u16(extensions_length) || !reader.read_bytes(extensions_length, extensions)) {
    return false;
  }
  const auto suite = cipher_suite_from_id(suite_id);
  if (!suite) return false;
  suite_ = *suite;

  std::span<const uint8_t> server_share;
  BufferReader ext(extensions);
  while (!ext.empty()) {
    uint16_t ext_type = 0, ext_length = 0, group = 0, key_length = 0;
    std::span<const uint8_t> ext_body;
    if (!ext.read_u16(ext_type) || !ext.read_u16(ext_length) ||
        !ext.read_bytes(ext_length, ext_body)) {
      return false;
    }
    if (ext_type != kKeyShare) continue;
    BufferReader share(ext_body);
    if (!share.read_u16(group) || group != kX25519 || !share.read_u16(key_length) ||
        key_length != 32 || !share.read_bytes(32, server_share)) {
      return false;
    }
  }
  if (server_share.empty()) return false;
  transcript_.insert(transcript_.end(), bytes.begin(), bytes.end());

  // RFC 8446 §7.1 key schedule, without PSK.
  const HashAlgorithm hash = hash_of(suite_);
  const std::vector<uint8_t> zeros(hash_length(hash), 0);
  const std::vector<uint8_t> empty_hash = digest(hash, {});
  std::array<uint8_t, 32> shared;
  if (X25519(shared.data(), private_key_.data(), server_share.data()) != 1) return false;
  const Secret early = extract(hash, zeros, zeros);
  const Secret derived = derive_secret(hash, early, "derived", empty_hash);
  handshake_secret_ = extract(hash, derived.span(), shared);
  const auto hello_hash = transcript_hash();
  client_handshake_ = derive_secret(hash, handshake_secret_, "c hs traffic", hello_hash);
  server_handshake_ = derive_secret(hash, handshake_secret_, "s hs traffic", hello_hash);
  return !client_handshake_.empty();
}

bool MinimalTls13Client::parse_encrypted_extensions(std::span<const uint8_t> body) {
  BufferReader reader(body);
  uint16_t total = 0;
  std::span<const uint8_t> extensions;
  if (!reader.read_u16(total) || !reader.read_bytes(total, extensions)) return false;
  BufferReader ext(extensions);
  while (!ext.empty()) {
    uint16_t type = 0, length = 0;
    std::span<const uint8_t> data;
    if (!ext.read_u16(type) || !ext.read_u16(length) || !ext.read_bytes(length, data)) {
      return false;
    }
    if (type == kQuicTransportParameters) server_parameters_.assign(data.begin(), data.end());
    if (type == kAlpnExtension && data.size() > 3) {
      selected_alpn_.assign(data.begin() + 3, data.end());
    }
  }
  return true;
}

std::optional<std::vector<uint8_t>> MinimalTls13Client::on_server_handshake(
    std::span<const uint8_t> bytes) {
  BufferReader reader(bytes);
  bool finished = false;
  while (!reader.empty() && !finished) {
    const size_t start = reader.offset();
    uint8_t type = 0;
    uint32_t length = 0;
    std::span<const uint8_t> body;
    if (!reader.read_u8(type) || !reader.read_u24(length) || !reader.read_bytes(length, body)) {
      return std::nullopt;
    }
    if (type == kEncryptedExtensions && !parse_encrypted_extensions(body)) return std::nullopt;
    if (type == kFinished) {
      // The server's Finished covers everything before it.
      if (std::vector<uint8_t>(body.begin(), body.end()) !=
          finished_mac(server_handshake_, transcript_hash())) {
        return std::nullopt;
      }
      finished = true;
    }
    transcript_.insert(transcript_.end(), bytes.begin() + start, bytes.begin() + reader.offset());
  }
  if (!finished) return std::nullopt;

  const HashAlgorithm hash = hash_of(suite_);
  const std::vector<uint8_t> zeros(hash_length(hash), 0);
  const Secret derived = derive_secret(hash, handshake_secret_, "derived", digest(hash, {}));
  const Secret master = extract(hash, derived.span(), zeros);
  const auto server_finished_hash = transcript_hash();
  client_application_ = derive_secret(hash, master, "c ap traffic", server_finished_hash);
  server_application_ = derive_secret(hash, master, "s ap traffic", server_finished_hash);
  return handshake_message(kFinished, finished_mac(client_handshake_, server_finished_hash));
}

}  // namespace quasar::test
