// Stateless resets (RFC 9000 §10.3): sizes, layout and detection.
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <vector>

#include "quic/base/rng.h"
#include "quic/wire/packet_header.h"
#include "quic/wire/stateless_reset.h"

namespace quasar {
namespace {

StatelessResetToken token_of(uint8_t seed) {
  StatelessResetToken token;
  for (size_t i = 0; i < token.size(); ++i) token[i] = static_cast<uint8_t>(seed + 7 * i);
  return token;
}

TEST_CASE("a reset is always smaller than its trigger and at least 21 bytes",
          "[wire][stateless_reset]") {
  SeededRng rng(5);
  // RFC 9000 §10.3.3: nothing smaller than the trigger fits at or below 21 bytes.
  for (size_t received = 0; received <= 21; ++received) {
    CHECK_FALSE(stateless_reset_size(received, rng));
  }
  // RFC 9000 §10.3: up to 43 bytes, one byte shorter than the trigger.
  for (size_t received = 22; received <= 43; ++received) {
    CHECK(stateless_reset_size(received, rng) == received - 1);
  }
  for (size_t received = 44; received < 3000; received += 7) {
    for (int i = 0; i < 5; ++i) {
      const auto size = stateless_reset_size(received, rng);
      REQUIRE(size);
      CHECK(*size < received);
      CHECK(*size >= kStatelessResetOneShorterThreshold);
      CHECK(*size <= kMaxStatelessResetLength);
    }
  }
}

TEST_CASE("reset sizes for large triggers vary", "[wire][stateless_reset]") {
  SeededRng rng(11);
  std::set<size_t> sizes;
  for (int i = 0; i < 200; ++i) sizes.insert(*stateless_reset_size(1500, rng));
  CHECK(sizes.size() > 50);
  CHECK(*sizes.begin() >= 43);
  CHECK(*sizes.rbegin() <= 1200);
  // With a trigger of 44 bytes the only choice is 43.
  CHECK(stateless_reset_size(44, rng) == 43);
}

TEST_CASE("a written reset looks like a short header and ends in the token",
          "[wire][stateless_reset]") {
  SeededRng rng(9);
  const StatelessResetToken token = token_of(3);
  for (size_t received : {22u, 30u, 43u, 100u, 1200u, 1500u}) {
    std::vector<uint8_t> out(1500, 0);
    const auto size = write_stateless_reset(out, received, token, rng);
    REQUIRE(size);
    CHECK(*size < received);
    CHECK(*size >= kMinStatelessResetLength);
    // RFC 9000 §10.3: first two bits 0b01.
    CHECK((out[0] & 0xc0) == 0x40);
    CHECK(std::equal(token.begin(), token.end(), out.begin() + (*size - 16)));
    const auto datagram = std::span(out).first(*size);
    const auto candidate = stateless_reset_token_candidate(datagram);
    REQUIRE(candidate);
    CHECK(stateless_reset_tokens_equal(*candidate, token));
    // It parses as a 1-RTT packet for any plausible CID length, as intended.
    CHECK(parse_packet_header(datagram, 0).ok());
  }
}

TEST_CASE("the unpredictable bytes are random", "[wire][stateless_reset]") {
  SeededRng rng(1);
  const StatelessResetToken token = token_of(0);
  std::vector<uint8_t> a(100), b(100);
  REQUIRE(write_stateless_reset(a, 43, token, rng) == 42);
  REQUIRE(write_stateless_reset(b, 43, token, rng) == 42);
  CHECK(!std::equal(a.begin(), a.begin() + 26, b.begin()));
  std::set<uint8_t> first_bits;
  for (int i = 0; i < 200; ++i) {
    std::vector<uint8_t> out(100);
    REQUIRE(write_stateless_reset(out, 30, token, rng));
    first_bits.insert(out[0] & 0x3f);
  }
  CHECK(first_bits.size() > 30);
}

TEST_CASE("no reset when it may not be sent or does not fit", "[wire][stateless_reset]") {
  SeededRng rng(2);
  std::vector<uint8_t> out(100, 0xaa);
  CHECK_FALSE(write_stateless_reset(out, 21, token_of(1), rng));
  CHECK_FALSE(write_stateless_reset(std::span(out).first(29), 31, token_of(1), rng));
  CHECK(std::all_of(out.begin(), out.end(), [](uint8_t b) { return b == 0xaa; }));
}

TEST_CASE("detecting a possible reset needs at least 21 bytes", "[wire][stateless_reset]") {
  std::vector<uint8_t> datagram(21);
  for (size_t i = 0; i < datagram.size(); ++i) datagram[i] = static_cast<uint8_t>(i);
  const auto candidate = stateless_reset_token_candidate(datagram);
  REQUIRE(candidate);
  CHECK((*candidate)[0] == 5);
  CHECK((*candidate)[15] == 20);
  CHECK_FALSE(stateless_reset_token_candidate(std::span(datagram).first(20)));
  CHECK_FALSE(stateless_reset_token_candidate({}));
}

TEST_CASE("token comparison", "[wire][stateless_reset]") {
  const StatelessResetToken a = token_of(1);
  StatelessResetToken b = a;
  CHECK(stateless_reset_tokens_equal(a, b));
  for (size_t i = 0; i < b.size(); ++i) {
    b = a;
    b[i] ^= 0x01;
    CHECK_FALSE(stateless_reset_tokens_equal(a, b));
  }
}

}  // namespace
}  // namespace quasar
