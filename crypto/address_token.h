// Address validation tokens (RFC 9000 §8.1.3, §8.1.4): sealed by the server with its own AEAD
// key, bound to the client address, the QUIC version and the time of issue, and told apart by
// kind. Retry tokens also carry the Original Destination Connection ID so that a stateless
// server can send original_destination_connection_id after a Retry.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>

#include "quic/base/connection_id.h"
#include "quic/base/result.h"
#include "quic/base/rng.h"
#include "quic/base/socket_address.h"
#include "quic/base/time.h"

struct evp_aead_ctx_st;

namespace quasar {

// The kind is visible in the token's first byte: RFC 9000 §8.1.3 lets servers tell them apart.
enum class AddressTokenKind : uint8_t { kRetry = 0x52, kNewToken = 0x4e };

enum class AddressTokenError : uint8_t {
  kBufferTooSmall,  // making: the output span cannot hold the token
  kMalformed,       // not a token of ours: wrong size or unknown kind
  kForged,          // authentication failed: altered, or sealed with another key
  kExpired,         // older than its lifetime, or issued in the future
  kWrongAddress,    // issued to another IP (and, for Retry tokens, port)
  kWrongKind,       // a Retry token where a NEW_TOKEN token was required, or the reverse
  kWrongVersion,    // issued on a connection of another QUIC version (RFC 9369 §5)
};
const char* address_token_error_name(AddressTokenError error);

// What a valid token says.
struct AddressToken {
  AddressTokenKind kind = AddressTokenKind::kRetry;
  Instant issued;
  uint32_t version = 0;
  // Retry tokens: the Destination Connection ID of the client's first Initial.
  ConnectionId original_destination_connection_id;
  // Random and unique per token: a server that accepts NEW_TOKEN tokens once only (RFC 9000
  // §8.1.4) can remember these.
  std::array<uint8_t, 12> unique_id{};
};

struct AddressTokenLifetimes {
  // A Retry token comes straight back (RFC 9000 §8.1.4: accept only for a short time).
  Duration retry = Duration::from_seconds(10);
  // A NEW_TOKEN token is used on a later connection.
  Duration new_token = Duration::from_seconds(24 * 3600);
  // Tolerance for tokens stamped slightly ahead by another server sharing the key.
  Duration clock_skew = Duration::from_seconds(1);
};

class AddressTokenCodec {
 public:
  // Fixed overhead and largest size of a token.
  static constexpr size_t kMaxTokenLength = 1 + 12 + 8 + 4 + 1 + 16 + 2 + 1 + 20 + 16;

  // `key`: 32 secret bytes (AES-256-GCM), shared by every server instance that must accept the
  // tokens. Instants given to make and validate must come from one clock shared by them too.
  explicit AddressTokenCodec(std::span<const uint8_t, 32> key, AddressTokenLifetimes = {});
  ~AddressTokenCodec();
  AddressTokenCodec(const AddressTokenCodec&) = delete;
  AddressTokenCodec& operator=(const AddressTokenCodec&) = delete;

  // Writes a token into `out` and returns its length.
  Result<size_t, AddressTokenError> make_retry_token(const SocketAddress& client,
                                                     const ConnectionId& original_dcid,
                                                     uint32_t version, Instant now, Rng& rng,
                                                     std::span<uint8_t> out) const;
  Result<size_t, AddressTokenError> make_new_token(const SocketAddress& client, uint32_t version,
                                                   Instant now, Rng& rng,
                                                   std::span<uint8_t> out) const;

  // Opens and checks a token from a client's Initial packet. With `expected_kind`, a token of
  // the other kind is kWrongKind. Retry tokens must match IP and port (RFC 9000 §8.1.4 says
  // SHOULD), NEW_TOKEN tokens the IP only (the port changes between connections).
  Result<AddressToken, AddressTokenError> validate(
      std::span<const uint8_t> token, const SocketAddress& client, uint32_t version, Instant now,
      std::optional<AddressTokenKind> expected_kind = std::nullopt) const;

 private:
  Result<size_t, AddressTokenError> seal(AddressTokenKind kind, const SocketAddress& client,
                                         const ConnectionId& original_dcid, uint32_t version,
                                         Instant now, Rng& rng, std::span<uint8_t> out) const;

  evp_aead_ctx_st* context_;
  AddressTokenLifetimes lifetimes_;
};

}  // namespace quasar
