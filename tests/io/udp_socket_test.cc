// UdpSocket, ReceiveBatch and TransmitQueue over loopback: round trips on IPv4, IPv6 and
// dual-stack sockets, GSO batches with and without GRO, ECN codepoints and PKTINFO addresses.
#include <catch2/catch.hpp>

#include "quic/io/sockaddr_conversion.h"
#include "tests/io/socket_test_util.h"

namespace quasar::test {
namespace {

void check_round_trip(const std::string& bind_address) {
  UdpSocket a = open_socket(bind_address);
  UdpSocket b = open_socket(bind_address);
  REQUIRE(a.local_address().port() != 0);
  REQUIRE(a.local_address().port() != b.local_address().port());
  TransmitQueue queue(2);
  const auto hello = pattern(100, 1);
  send_batch(queue, a, b.local_address(), hello, hello.size());
  auto got = receive_datagrams(b, 1);
  REQUIRE(got.size() == 1);
  CHECK(got[0].bytes == hello);
  CHECK(got[0].peer == a.local_address());
  CHECK(got[0].local == b.local_address());

  // And back the other way.
  const auto reply = pattern(1200, 9);
  send_batch(queue, b, a.local_address(), reply, reply.size());
  auto back = receive_datagrams(a, 1);
  REQUIRE(back.size() == 1);
  CHECK(back[0].bytes == reply);
  CHECK(back[0].peer == b.local_address());
  CHECK(queue.stats().datagrams_sent == 2);
  CHECK(queue.stats().send_errors == 0);
}

TEST_CASE("UDP round trip over IPv4 loopback", "[io][socket]") { check_round_trip("127.0.0.1:0"); }

TEST_CASE("UDP round trip over IPv6 loopback", "[io][socket]") { check_round_trip("[::1]:0"); }

TEST_CASE("A dual-stack socket talks to IPv4 peers with plain IPv4 addresses", "[io][socket]") {
  UdpSocket server = open_socket("[::]:0");
  UdpSocket client = open_socket("127.0.0.1:0");
  REQUIRE(server.family() == AF_INET6);
  const SocketAddress server_v4 =
      *SocketAddress::parse("127.0.0.1:" + std::to_string(server.local_address().port()));
  CHECK(server.can_reach(client.local_address()));
  TransmitQueue queue(2);
  send_batch(queue, client, server_v4, pattern(50, 3), 50);
  auto got = receive_datagrams(server, 1);
  REQUIRE(got.size() == 1);
  // The IPv4-mapped form never reaches the core.
  CHECK(got[0].peer == client.local_address());
  CHECK(got[0].local == server_v4);

  // The reply leaves the dual-stack socket from the address the request was sent to.
  send_batch(queue, server, got[0].peer, pattern(60, 4), 60, Ecn::kNotEct, got[0].local);
  auto reply = receive_datagrams(client, 1);
  REQUIRE(reply.size() == 1);
  CHECK(reply[0].peer == server_v4);
  CHECK(reply[0].bytes == pattern(60, 4));
}

TEST_CASE("PKTINFO reports the destination address on a wildcard socket", "[io][socket]") {
  for (const auto& [wildcard, loopback] :
       {std::pair{"0.0.0.0:0", "127.0.0.1"}, std::pair{"[::]:0", "[::1]"}}) {
    UdpSocket server = open_socket(wildcard);
    REQUIRE(server.features().pktinfo);
    REQUIRE(is_unspecified(server.local_address()));
    UdpSocket client = open_socket(std::string(loopback) + ":0");
    const SocketAddress target = *SocketAddress::parse(
        std::string(loopback) + ":" + std::to_string(server.local_address().port()));
    TransmitQueue queue(1);
    send_batch(queue, client, target, pattern(10, 5), 10);
    auto got = receive_datagrams(server, 1);
    REQUIRE(got.size() == 1);
    CHECK(got[0].local == target);
    CHECK_FALSE(is_unspecified(got[0].local));
  }
}

TEST_CASE("ECN codepoints survive a loopback round trip through cmsg", "[io][socket][ecn]") {
  for (const char* address : {"127.0.0.1:0", "[::1]:0"}) {
    UdpSocket a = open_socket(address);
    UdpSocket b = open_socket(address);
    REQUIRE(b.features().ecn);
    TransmitQueue queue(4);
    for (Ecn ecn : {Ecn::kEct0, Ecn::kEct1, Ecn::kCe, Ecn::kNotEct}) {
      send_batch(queue, a, b.local_address(), pattern(40, 6), 40, ecn);
      auto got = receive_datagrams(b, 1);
      REQUIRE(got.size() == 1);
      CAPTURE(address, static_cast<int>(ecn));
      CHECK(got[0].ecn == ecn);
    }
  }
}

TEST_CASE("ECN marks reach a dual-stack socket from an IPv4 peer", "[io][socket][ecn]") {
  UdpSocket server = open_socket("[::]:0");
  UdpSocket client = open_socket("127.0.0.1:0");
  const SocketAddress target =
      *SocketAddress::parse("127.0.0.1:" + std::to_string(server.local_address().port()));
  TransmitQueue queue(2);
  send_batch(queue, client, target, pattern(40, 7), 40, Ecn::kEct1);
  auto got = receive_datagrams(server, 1);
  REQUIRE(got.size() == 1);
  CHECK(got[0].ecn == Ecn::kEct1);
  // And ECT(0) back out of the dual-stack socket to the IPv4 peer.
  send_batch(queue, server, got[0].peer, pattern(40, 8), 40, Ecn::kEct0, got[0].local);
  auto reply = receive_datagrams(client, 1);
  REQUIRE(reply.size() == 1);
  CHECK(reply[0].ecn == Ecn::kEct0);
}

// Sends one batch of 5 datagrams (4 × 1200 + 700) and checks that exactly those arrive, in
// order, however the kernel delivered them.
void check_batch(bool gso, bool gro) {
  UdpSocket sender = open_socket("127.0.0.1:0", gso, gro);
  UdpSocket receiver = open_socket("127.0.0.1:0", gso, gro);
  const size_t segment = 1200;
  const auto payload = pattern(4 * segment + 700, 11);
  TransmitQueue queue(2);
  send_batch(queue, sender, receiver.local_address(), payload, segment, Ecn::kEct0);
  auto got = receive_datagrams(receiver, 5);
  REQUIRE(got.size() == 5);
  for (size_t i = 0; i < got.size(); ++i) {
    const size_t offset = i * segment;
    const size_t length = std::min(segment, payload.size() - offset);
    CAPTURE(i);
    CHECK(got[i].bytes ==
          std::vector<uint8_t>(payload.begin() + offset, payload.begin() + offset + length));
    CHECK(got[i].ecn == Ecn::kEct0);
    CHECK(got[i].peer == sender.local_address());
  }
  CHECK(queue.stats().datagrams_sent == 5);
  if (sender.gso_enabled()) {
    CHECK(queue.stats().messages_sent == 1);
    CHECK(queue.stats().gso_batches == 1);
  } else {
    CHECK(queue.stats().messages_sent == 5);
    CHECK(queue.stats().gso_batches == 0);
  }
  if (!receiver.features().gro) {
    CHECK(got.back().message_index == 4);  // one message per datagram
  }
}

TEST_CASE("A GSO batch arrives as its datagrams, coalesced by GRO or split", "[io][gso]") {
  UdpSocket probe = open_socket("127.0.0.1:0");
  INFO("kernel GSO " << probe.features().gso << ", GRO " << probe.features().gro);
  SECTION("GSO and GRO as the kernel offers them") { check_batch(true, true); }
  SECTION("GSO on, GRO off") { check_batch(true, false); }
  SECTION("GSO forced off: one sendmmsg message per datagram") { check_batch(false, false); }
  SECTION("GSO off, GRO on") { check_batch(false, true); }
}

TEST_CASE("With GSO and GRO, a loopback batch is one send and one receive", "[io][gso]") {
  UdpSocket sender = open_socket("127.0.0.1:0");
  UdpSocket receiver = open_socket("127.0.0.1:0");
  TransmitQueue queue(1);
  const auto payload = pattern(10 * 1000, 12);
  send_batch(queue, sender, receiver.local_address(), payload, 1000);
  auto got = receive_datagrams(receiver, 10);
  REQUIRE(got.size() == 10);
  // Every kernel since 5.0 has both; where one is missing the fallback must have been used.
  if (sender.features().gso) {
    CHECK(queue.stats().messages_sent == 1);
  } else {
    CHECK(queue.stats().messages_sent == 10);
  }
  if (sender.features().gso && receiver.features().gro) {
    // Loopback hands the whole GSO batch to a GRO socket as one message.
    CHECK(got.back().message_index == 0);
  } else if (!receiver.features().gro) {
    CHECK(got.back().message_index == 9);
  }
}

TEST_CASE("Disabling GSO on a socket splits the queued batch", "[io][gso]") {
  UdpSocket sender = open_socket("127.0.0.1:0");
  UdpSocket receiver = open_socket("127.0.0.1:0", true, false);
  sender.disable_gso();
  CHECK_FALSE(sender.gso_enabled());
  TransmitQueue queue(3);
  for (int i = 0; i < 3; ++i) {
    auto buffer = queue.next_buffer();
    const auto payload = pattern(3 * 500, static_cast<uint8_t>(20 + i));
    std::copy(payload.begin(), payload.end(), buffer.begin());
    Transmit t;
    t.destination = receiver.local_address();
    t.size = payload.size();
    t.segment_size = 500;
    queue.push(t, sender);
  }
  CHECK(queue.full());
  REQUIRE(queue.flush() == TransmitQueue::FlushResult::kDone);
  CHECK(queue.empty());
  CHECK(queue.stats().send_calls == 1);  // nine datagrams, one sendmmsg
  CHECK(queue.stats().datagrams_sent == 9);
  auto got = receive_datagrams(receiver, 9);
  REQUIRE(got.size() == 9);
  const auto second = pattern(1500, 21);
  CHECK(got[4].bytes == std::vector<uint8_t>(second.begin() + 500, second.begin() + 1000));
}

TEST_CASE("Buffer sizes granted by the kernel are reported", "[io][socket]") {
  UdpSocketOptions options;
  options.bind_address = *SocketAddress::parse("127.0.0.1:0");
  options.receive_buffer_size = size_t{1} << 29;  // far above any default limit
  auto socket = UdpSocket::open(options);
  REQUIRE(socket.ok());
  CHECK(socket->features().receive_buffer_size > 0);
  if (socket->features().receive_buffer_size < options.receive_buffer_size) {
    bool warned = false;
    for (const auto& w : socket->features().warnings) {
      warned = warned || w.find("receive buffer") != std::string::npos;
    }
    CHECK(warned);
  }
}

TEST_CASE("Sockaddr conversion maps IPv4 on IPv6 sockets and unmaps on the way back",
          "[io][socket]") {
  const SocketAddress v4 = *SocketAddress::parse("192.0.2.7:443");
  sockaddr_storage storage;
  REQUIRE(to_sockaddr(v4, AF_INET6, storage) == sizeof(sockaddr_in6));
  const auto* in6 = reinterpret_cast<const sockaddr_in6*>(&storage);
  CHECK(is_ipv4_mapped(in6->sin6_addr));
  CHECK(from_sockaddr(reinterpret_cast<const sockaddr*>(&storage), sizeof(sockaddr_in6)) == v4);
  CHECK(to_sockaddr(*SocketAddress::parse("[2001:db8::1]:1"), AF_INET, storage) == 0);
  REQUIRE(to_sockaddr(v4, AF_INET, storage) == sizeof(sockaddr_in));
  CHECK(from_sockaddr(reinterpret_cast<const sockaddr*>(&storage), sizeof(sockaddr_in)) == v4);
}

}  // namespace
}  // namespace quasar::test
