#include "crypto/address_token.h"

#include <algorithm>

#include <openssl/aead.h>

#include "quic/base/buffer_reader.h"
#include "quic/base/buffer_writer.h"

namespace quasar {
namespace {

// Layout: kind (1, associated data) | nonce (12) | sealed contents | tag (16), where the contents
// are: issued nanoseconds (8) | version (4) | address family (1) | IP (16) | port (2) |
// ODCID length (1) | ODCID (0..20).
constexpr size_t kKindLength = 1;
constexpr size_t kNonceLength = 12;
constexpr size_t kTagLength = 16;
constexpr size_t kFixedContentsLength = 8 + 4 + 1 + 16 + 2 + 1;
constexpr size_t kMinTokenLength = kKindLength + kNonceLength + kFixedContentsLength + kTagLength;
constexpr size_t kMaxContentsLength = kFixedContentsLength + kMaxConnectionIdLength;

bool is_known_kind(uint8_t byte) {
  return byte == static_cast<uint8_t>(AddressTokenKind::kRetry) ||
         byte == static_cast<uint8_t>(AddressTokenKind::kNewToken);
}

}  // namespace

const char* address_token_error_name(AddressTokenError error) {
  switch (error) {
    case AddressTokenError::kBufferTooSmall:
      return "buffer too small";
    case AddressTokenError::kMalformed:
      return "malformed token";
    case AddressTokenError::kForged:
      return "token failed authentication";
    case AddressTokenError::kExpired:
      return "token expired";
    case AddressTokenError::kWrongAddress:
      return "token issued to another address";
    case AddressTokenError::kWrongKind:
      return "token of the wrong kind";
    case AddressTokenError::kWrongVersion:
      return "token issued for another QUIC version";
  }
  return "unknown token error";
}

AddressTokenCodec::AddressTokenCodec(std::span<const uint8_t, 32> key,
                                     AddressTokenLifetimes lifetimes)
    : context_(EVP_AEAD_CTX_new(EVP_aead_aes_256_gcm(), key.data(), key.size(), kTagLength)),
      lifetimes_(lifetimes) {}

AddressTokenCodec::~AddressTokenCodec() { EVP_AEAD_CTX_free(context_); }

Result<size_t, AddressTokenError> AddressTokenCodec::make_retry_token(
    const SocketAddress& client, const ConnectionId& original_dcid, uint32_t version, Instant now,
    Rng& rng, std::span<uint8_t> out) const {
  return seal(AddressTokenKind::kRetry, client, original_dcid, version, now, rng, out);
}

Result<size_t, AddressTokenError> AddressTokenCodec::make_new_token(const SocketAddress& client,
                                                                    uint32_t version, Instant now,
                                                                    Rng& rng,
                                                                    std::span<uint8_t> out) const {
  return seal(AddressTokenKind::kNewToken, client, ConnectionId(), version, now, rng, out);
}

Result<size_t, AddressTokenError> AddressTokenCodec::seal(AddressTokenKind kind,
                                                          const SocketAddress& client,
                                                          const ConnectionId& original_dcid,
                                                          uint32_t version, Instant now, Rng& rng,
                                                          std::span<uint8_t> out) const {
  const size_t contents_length = kFixedContentsLength + original_dcid.size();
  const size_t token_length = kKindLength + kNonceLength + contents_length + kTagLength;
  if (out.size() < token_length) return Err{AddressTokenError::kBufferTooSmall};
  if (context_ == nullptr) return Err{AddressTokenError::kForged};

  out[0] = static_cast<uint8_t>(kind);
  const auto nonce = out.subspan(kKindLength, kNonceLength);
  rng.fill(nonce);
  const auto contents = out.subspan(kKindLength + kNonceLength, contents_length);
  BufferWriter writer(contents);
  bool ok = writer.write_u64(static_cast<uint64_t>(now.nanos_since_epoch())) &&
            writer.write_u32(version) && writer.write_u8(static_cast<uint8_t>(client.family())) &&
            writer.write_bytes(client.ip_bytes()) &&
            // NEW_TOKEN tokens outlive the client's port, so it is not recorded for them.
            writer.write_u16(kind == AddressTokenKind::kRetry ? client.port() : 0) &&
            writer.write_u8(static_cast<uint8_t>(original_dcid.size())) &&
            writer.write_bytes(original_dcid.span());
  size_t tag_length = 0;
  ok = ok && EVP_AEAD_CTX_seal_scatter(context_, contents.data(), contents.data() + contents_length,
                                       &tag_length, kTagLength, nonce.data(), nonce.size(),
                                       contents.data(), contents.size(), nullptr, 0, out.data(),
                                       kKindLength) == 1;
  if (!ok) return Err{AddressTokenError::kBufferTooSmall};
  return token_length;
}

Result<AddressToken, AddressTokenError> AddressTokenCodec::validate(
    std::span<const uint8_t> token, const SocketAddress& client, uint32_t version, Instant now,
    std::optional<AddressTokenKind> expected_kind) const {
  if (token.size() < kMinTokenLength || token.size() > kMaxTokenLength ||
      !is_known_kind(token[0])) {
    return Err{AddressTokenError::kMalformed};
  }
  if (context_ == nullptr) return Err{AddressTokenError::kForged};
  const auto nonce = token.subspan(kKindLength, kNonceLength);
  const auto sealed = token.subspan(kKindLength + kNonceLength);
  std::array<uint8_t, kMaxContentsLength> contents;
  size_t contents_length = 0;
  if (EVP_AEAD_CTX_open(context_, contents.data(), &contents_length, contents.size(), nonce.data(),
                        nonce.size(), sealed.data(), sealed.size(), token.data(),
                        kKindLength) != 1) {
    return Err{AddressTokenError::kForged};
  }

  AddressToken result;
  result.kind = static_cast<AddressTokenKind>(token[0]);
  std::copy(nonce.begin(), nonce.end(), result.unique_id.begin());
  BufferReader reader(std::span<const uint8_t>(contents.data(), contents_length));
  uint64_t issued_nanos = 0;
  uint8_t family = 0, dcid_length = 0;
  uint16_t port = 0;
  std::span<const uint8_t> ip, dcid;
  if (!reader.read_u64(issued_nanos) || !reader.read_u32(result.version) ||
      !reader.read_u8(family) || !reader.read_bytes(16, ip) || !reader.read_u16(port) ||
      !reader.read_u8(dcid_length) || !reader.read_bytes(dcid_length, dcid) || !reader.empty() ||
      !ConnectionId::from_bytes(dcid, result.original_destination_connection_id)) {
    return Err{AddressTokenError::kMalformed};
  }
  result.issued = Instant::from_nanos(static_cast<int64_t>(issued_nanos));

  if (expected_kind && *expected_kind != result.kind) return Err{AddressTokenError::kWrongKind};
  if (result.version != version) return Err{AddressTokenError::kWrongVersion};
  const Duration lifetime =
      result.kind == AddressTokenKind::kRetry ? lifetimes_.retry : lifetimes_.new_token;
  if (result.issued > now + lifetimes_.clock_skew || now - result.issued > lifetime) {
    return Err{AddressTokenError::kExpired};
  }
  const bool same_ip = family == static_cast<uint8_t>(client.family()) &&
                       std::equal(ip.begin(), ip.end(), client.ip_bytes().begin());
  const bool same_port = result.kind != AddressTokenKind::kRetry || port == client.port();
  if (!same_ip || !same_port) return Err{AddressTokenError::kWrongAddress};
  return result;
}

}  // namespace quasar
