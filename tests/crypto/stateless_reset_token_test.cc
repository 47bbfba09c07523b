// Stateless reset tokens (RFC 9000 §10.3.2) and the system random number generator.
#include <catch2/catch.hpp>

#include <array>
#include <string_view>

#include "crypto/stateless_reset_token.h"
#include "crypto/system_rng.h"
#include "tests/crypto/crypto_test_support.h"

namespace quasar {
namespace {

using test::from_hex;

TEST_CASE("stateless reset: token is HMAC-SHA256(static key, CID) truncated to 16 bytes",
          "[crypto][reset]") {
  // RFC 4231 test case 1: key = 0x0b * 20, data = "Hi There".
  const std::array<uint8_t, 20> key = [] {
    std::array<uint8_t, 20> k;
    k.fill(0x0b);
    return k;
  }();
  StatelessResetTokenGenerator generator(key);
  REQUIRE(generator.valid());
  constexpr std::string_view kData = "Hi There";
  const auto cid =
      ConnectionId::of(std::span(reinterpret_cast<const uint8_t*>(kData.data()), kData.size()));
  const auto token = generator.token_for(cid);
  const auto expected = from_hex("b0344c61d8db38535ca8afceaf0bf12b");
  CHECK(std::equal(token.begin(), token.end(), expected.begin(), expected.end()));
}

TEST_CASE("stateless reset: tokens are stable per CID and differ across CIDs and keys",
          "[crypto][reset]") {
  std::array<uint8_t, 32> key{};
  key[0] = 1;
  StatelessResetTokenGenerator generator(key);
  StatelessResetTokenGenerator same_key(key);
  key[0] = 2;
  StatelessResetTokenGenerator other_key(key);
  const auto a = ConnectionId::of(std::array<uint8_t, 8>{1, 2, 3, 4, 5, 6, 7, 8});
  const auto b = ConnectionId::of(std::array<uint8_t, 8>{1, 2, 3, 4, 5, 6, 7, 9});
  // An endpoint that lost its state derives the same token again.
  CHECK(generator.token_for(a) == same_key.token_for(a));
  CHECK(generator.token_for(a) != generator.token_for(b));
  CHECK(generator.token_for(a) != other_key.token_for(a));
  CHECK(stateless_reset_tokens_equal(generator.token_for(a), same_key.token_for(a)));
  CHECK_FALSE(stateless_reset_tokens_equal(generator.token_for(a), generator.token_for(b)));
  // A key shorter than 16 bytes is refused rather than used.
  StatelessResetTokenGenerator weak(std::span<const uint8_t>(key).first(8));
  CHECK_FALSE(weak.valid());
  CHECK(weak.token_for(a) == StatelessResetToken{});
}

TEST_CASE("system rng: fills every byte with fresh randomness", "[crypto][rng]") {
  SystemRng rng;
  std::array<uint8_t, 64> first{}, second{};
  rng.fill(first);
  rng.fill(second);
  CHECK(first != second);
  CHECK(first != std::array<uint8_t, 64>{});
  // The Rng helpers work on top of it.
  const uint64_t value = rng.uniform(10);
  CHECK(value < 10);
  rng.fill({});
}

}  // namespace
}  // namespace quasar
