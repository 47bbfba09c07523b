// Result, QuicError, ConnectionId, SocketAddress, time types, hex, RNG and windowed filters.
#include <catch2/catch.hpp>

#include <set>

#include "quic/base/connection_id.h"
#include "quic/base/hex.h"
#include "quic/base/result.h"
#include "quic/base/rng.h"
#include "quic/base/socket_address.h"
#include "quic/base/time.h"
#include "quic/base/windowed_filter.h"

namespace quasar {
namespace {

Result<int> parse_positive(int v) {
  if (v <= 0) {
    return QuicError::transport(TransportError::kFrameEncodingError, 0x08, "not positive");
  }
  return v;
}

Result<int> doubled(int v) {
  QUASAR_ASSIGN_OR_RETURN(int x, parse_positive(v));
  return x * 2;
}

Status check(int v) {
  QUASAR_TRY(parse_positive(v));
  return {};
}

TEST_CASE("Result carries values and errors and propagates them", "[result]") {
  auto good = doubled(21);
  REQUIRE(good.ok());
  CHECK(*good == 42);
  auto bad = doubled(-1);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().is(TransportError::kFrameEncodingError));
  CHECK(bad.error().frame_type == 0x08);
  CHECK(check(1).ok());
  CHECK_FALSE(check(0).ok());
  CHECK(transport_error_name(0x07) == "FRAME_ENCODING_ERROR");
  CHECK(transport_error_name(crypto_error_code(0x78)) == "CRYPTO_ERROR");
  CHECK(crypto_error_code(0x78) == 0x178);
  CHECK(transport_error_name(0x4242) == "UNKNOWN");
}

TEST_CASE("ConnectionId holds up to 20 bytes", "[cid]") {
  std::vector<uint8_t> twenty(20, 0xab), twenty_one(21, 0xab);
  ConnectionId id;
  CHECK(ConnectionId::from_bytes(twenty, id));
  CHECK(id.size() == 20);
  CHECK_FALSE(ConnectionId::from_bytes(twenty_one, id));
  CHECK(id.empty());
  const auto a = ConnectionId::of(*hex_decode("8394c8f03e515708"));
  CHECK(a.to_hex() == "8394c8f03e515708");
  CHECK(a == ConnectionId::of(*hex_decode("8394c8f03e515708")));
  CHECK_FALSE(a == ConnectionId::of(*hex_decode("8394c8f03e5157")));
  CHECK(ConnectionIdHash()(a) != ConnectionIdHash()(ConnectionId()));
}

TEST_CASE("SocketAddress parses and prints IPv4 and IPv6", "[address]") {
  auto v4 = SocketAddress::parse("127.0.0.1:4433");
  REQUIRE(v4);
  CHECK(v4->is_ipv4());
  CHECK(v4->port() == 4433);
  CHECK(v4->to_string() == "127.0.0.1:4433");
  auto v6 = SocketAddress::parse("[::1]:443");
  REQUIRE(v6);
  CHECK(v6->is_ipv6());
  CHECK(v6->to_string() == "[::1]:443");
  CHECK_FALSE(SocketAddress::parse("127.0.0.1"));
  CHECK_FALSE(SocketAddress::parse("127.0.0.1:70000"));
  CHECK_FALSE(SocketAddress::parse("[::1]443"));
  CHECK_FALSE(SocketAddress::parse("host:1"));
  auto other_port = *v4;
  other_port.set_port(1);
  CHECK(other_port.same_ip(*v4));
  CHECK_FALSE(other_port == *v4);
}

TEST_CASE("time types do arithmetic in nanoseconds", "[time]") {
  const Instant t0 = Instant::from_nanos(1000);
  const Instant t1 = t0 + Duration::from_millis(25);
  CHECK((t1 - t0).micros() == 25000);
  CHECK(t1 > t0);
  CHECK((Instant::infinite_future() + Duration::from_seconds(1)).is_infinite());
  CHECK(Duration::from_millis(8).scaled(9.0 / 8).micros() == 9000);
  const auto rate = Bandwidth::from_bytes_and_time(1250000, Duration::from_seconds(1));
  CHECK(rate.bits_per_second() == 10000000);
  CHECK(rate.bytes_in(Duration::from_millis(100)) == 125000);
  CHECK(rate.transfer_time(1250).micros() == 1000);
  CHECK(Bandwidth::zero().transfer_time(1).is_infinite());
}

TEST_CASE("hex_decode rejects bad input", "[hex]") {
  CHECK(hex_decode("0a FF")->size() == 2);
  CHECK_FALSE(hex_decode("abc"));
  CHECK_FALSE(hex_decode("zz"));
}

TEST_CASE("SeededRng is deterministic and roughly uniform", "[rng]") {
  SeededRng a(7), b(7), c(8);
  CHECK(a.next_u64() == b.next_u64());
  CHECK(a.next_u64() != c.next_u64());
  int counts[10] = {};
  for (int i = 0; i < 10000; ++i) ++counts[a.uniform(10)];
  for (int n : counts) {
    CHECK(n > 800);
    CHECK(n < 1200);
  }
  int hits = 0;
  for (int i = 0; i < 10000; ++i) hits += a.chance(0.25);
  CHECK(hits > 2300);
  CHECK(hits < 2700);
  CHECK(a.uniform(0) == 0);
}

TEST_CASE("windowed max filter forgets samples older than the window", "[filter]") {
  WindowedMaxFilter<uint64_t, uint64_t, uint64_t> f(10);
  f.update(100, 0);
  f.update(50, 2);
  CHECK(f.best() == 100);
  f.update(60, 8);
  CHECK(f.best() == 100);
  f.update(40, 11);  // 100 is now 11 rounds old: the next best takes over
  CHECK(f.best() == 60);
  f.update(200, 12);
  CHECK(f.best() == 200);
}

TEST_CASE("windowed min filter tracks the minimum", "[filter]") {
  WindowedMinFilter<int64_t, int64_t, int64_t> f(100);
  f.update(50, 0);
  f.update(70, 10);
  CHECK(f.best() == 50);
  f.update(30, 20);
  CHECK(f.best() == 30);
  f.update(90, 130);  // everything older than 100 has expired
  CHECK(f.best() == 90);
}

}  // namespace
}  // namespace quasar
