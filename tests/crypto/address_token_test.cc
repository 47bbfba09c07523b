// Address validation tokens (RFC 9000 §8.1.3, §8.1.4): valid, expired, wrong address, wrong
// kind, wrong version, tampered and forged tokens.
#include <catch2/catch.hpp>

#include <array>
#include <vector>

#include "crypto/address_token.h"
#include "quic/base/rng.h"

namespace quasar {
namespace {

constexpr uint32_t kVersion1 = 0x00000001;
constexpr uint32_t kVersion2 = 0x6b3343cf;

std::array<uint8_t, 32> key_of(uint8_t fill) {
  std::array<uint8_t, 32> key;
  key.fill(fill);
  return key;
}

const SocketAddress kClient = SocketAddress::ipv4({192, 0, 2, 7}, 4433);
const Instant kIssued = Instant::from_nanos(int64_t{1000} * 1000000000);

struct Fixture {
  std::array<uint8_t, 32> key = key_of(0x42);
  AddressTokenCodec codec{key};
  SeededRng rng{7};
  ConnectionId odcid = ConnectionId::of(std::array<uint8_t, 8>{1, 2, 3, 4, 5, 6, 7, 8});

  std::vector<uint8_t> retry_token(const SocketAddress& client = kClient) {
    std::vector<uint8_t> out(AddressTokenCodec::kMaxTokenLength);
    auto length = codec.make_retry_token(client, odcid, kVersion1, kIssued, rng, out);
    REQUIRE(length.ok());
    out.resize(*length);
    return out;
  }
  std::vector<uint8_t> new_token(const SocketAddress& client = kClient) {
    std::vector<uint8_t> out(AddressTokenCodec::kMaxTokenLength);
    auto length = codec.make_new_token(client, kVersion1, kIssued, rng, out);
    REQUIRE(length.ok());
    out.resize(*length);
    return out;
  }
};

TEST_CASE("address tokens: a valid Retry token returns the original DCID", "[crypto][token]") {
  Fixture f;
  const auto token = f.retry_token();
  auto result = f.codec.validate(token, kClient, kVersion1, kIssued + Duration::from_seconds(2),
                                 AddressTokenKind::kRetry);
  REQUIRE(result.ok());
  CHECK(result->kind == AddressTokenKind::kRetry);
  CHECK(result->original_destination_connection_id == f.odcid);
  CHECK(result->issued == kIssued);
  CHECK(result->version == kVersion1);
  // The kind shows in the first byte (RFC 9000 §8.1.3); the rest is sealed.
  CHECK(token[0] == static_cast<uint8_t>(AddressTokenKind::kRetry));
}

TEST_CASE("address tokens: a valid NEW_TOKEN token survives a port change", "[crypto][token]") {
  Fixture f;
  const auto token = f.new_token();
  SocketAddress rebound = kClient;
  rebound.set_port(50000);
  auto result = f.codec.validate(token, rebound, kVersion1, kIssued + Duration::from_seconds(3600),
                                 AddressTokenKind::kNewToken);
  REQUIRE(result.ok());
  CHECK(result->kind == AddressTokenKind::kNewToken);
  CHECK(result->original_destination_connection_id.empty());
  // Every token is unique (RFC 9000 §8.1.3), so servers can refuse a second use.
  const auto second = f.new_token();
  CHECK(second != token);
  auto second_result = f.codec.validate(second, kClient, kVersion1, kIssued);
  REQUIRE(second_result.ok());
  CHECK(second_result->unique_id != result->unique_id);
}

TEST_CASE("address tokens: expired and future tokens are rejected", "[crypto][token]") {
  Fixture f;
  const auto retry = f.retry_token();
  const auto new_token = f.new_token();
  const AddressTokenLifetimes lifetimes;
  CHECK(f.codec.validate(retry, kClient, kVersion1, kIssued + lifetimes.retry).ok());
  CHECK(
      f.codec
          .validate(retry, kClient, kVersion1, kIssued + lifetimes.retry + Duration::from_nanos(1))
          .error() == AddressTokenError::kExpired);
  // NEW_TOKEN tokens live longer than Retry tokens.
  CHECK(
      f.codec.validate(new_token, kClient, kVersion1, kIssued + Duration::from_seconds(3600)).ok());
  CHECK(f.codec
            .validate(new_token, kClient, kVersion1,
                      kIssued + lifetimes.new_token + Duration::from_seconds(1))
            .error() == AddressTokenError::kExpired);
  // Issued in the future beyond the tolerated skew.
  CHECK(f.codec.validate(retry, kClient, kVersion1, kIssued - Duration::from_seconds(5)).error() ==
        AddressTokenError::kExpired);
}

TEST_CASE("address tokens: wrong address is rejected", "[crypto][token]") {
  Fixture f;
  const auto retry = f.retry_token();
  const auto new_token = f.new_token();
  const SocketAddress other_ip = SocketAddress::ipv4({192, 0, 2, 8}, 4433);
  SocketAddress other_port = kClient;
  other_port.set_port(4434);
  const SocketAddress v6 = SocketAddress::ipv6({0x20, 0x01, 0x0d, 0xb8}, 4433);
  CHECK(f.codec.validate(retry, other_ip, kVersion1, kIssued).error() ==
        AddressTokenError::kWrongAddress);
  // Retry tokens check the port too (RFC 9000 §8.1.4).
  CHECK(f.codec.validate(retry, other_port, kVersion1, kIssued).error() ==
        AddressTokenError::kWrongAddress);
  CHECK(f.codec.validate(new_token, other_ip, kVersion1, kIssued).error() ==
        AddressTokenError::kWrongAddress);
  CHECK(f.codec.validate(new_token, v6, kVersion1, kIssued).error() ==
        AddressTokenError::kWrongAddress);
}

TEST_CASE("address tokens: wrong kind and wrong version are rejected", "[crypto][token]") {
  Fixture f;
  const auto retry = f.retry_token();
  const auto new_token = f.new_token();
  CHECK(f.codec.validate(retry, kClient, kVersion1, kIssued, AddressTokenKind::kNewToken).error() ==
        AddressTokenError::kWrongKind);
  CHECK(
      f.codec.validate(new_token, kClient, kVersion1, kIssued, AddressTokenKind::kRetry).error() ==
      AddressTokenError::kWrongKind);
  // RFC 9369 §5: tokens are specific to the QUIC version of the connection that issued them.
  CHECK(f.codec.validate(retry, kClient, kVersion2, kIssued).error() ==
        AddressTokenError::kWrongVersion);
}

TEST_CASE("address tokens: tampered, truncated and foreign tokens are rejected",
          "[crypto][token]") {
  Fixture f;
  const auto token = f.retry_token();
  for (size_t i = 1; i < token.size(); ++i) {
    auto tampered = token;
    tampered[i] ^= 0x01;
    CAPTURE(i);
    CHECK(f.codec.validate(tampered, kClient, kVersion1, kIssued).error() ==
          AddressTokenError::kForged);
  }
  // Flipping the visible kind byte to the other kind breaks authentication too.
  auto relabelled = token;
  relabelled[0] = static_cast<uint8_t>(AddressTokenKind::kNewToken);
  CHECK(f.codec.validate(relabelled, kClient, kVersion1, kIssued).error() ==
        AddressTokenError::kForged);
  auto unknown_kind = token;
  unknown_kind[0] = 0x00;
  CHECK(f.codec.validate(unknown_kind, kClient, kVersion1, kIssued).error() ==
        AddressTokenError::kMalformed);
  CHECK(f.codec.validate(std::span(token).first(20), kClient, kVersion1, kIssued).error() ==
        AddressTokenError::kMalformed);
  CHECK(f.codec.validate({}, kClient, kVersion1, kIssued).error() == AddressTokenError::kMalformed);

  // Another server key cannot open it.
  AddressTokenCodec other(key_of(0x43));
  CHECK(other.validate(token, kClient, kVersion1, kIssued).error() == AddressTokenError::kForged);

  std::vector<uint8_t> small(10);
  CHECK(f.codec.make_new_token(kClient, kVersion1, kIssued, f.rng, small).error() ==
        AddressTokenError::kBufferTooSmall);
}

}  // namespace
}  // namespace quasar
