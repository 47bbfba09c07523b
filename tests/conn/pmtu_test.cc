// Path MTU discovery (RFC 8899 §5, RFC 9000 §14.3): the PmtuDiscovery search and black-hole
// detection on their own, then connections probing paths of known MTU.
#include <catch2/catch.hpp>

#include "quic/conn/pmtu_discovery.h"
#include "tests/conn/bulk_transfer.h"
#include "tests/conn/crafted_peer.h"
#include "tests/conn/test_events.h"

namespace quasar::test {
namespace {

const Instant kStart = Instant::from_nanos(1'000'000'000);
const Duration kRtt = Duration::from_millis(50);

// Runs the search against a path carrying datagrams up to `path_mtu`: each probe is
// acknowledged or declared lost one round trip later. Returns the probes sent.
uint64_t search(PmtuDiscovery& pmtu, size_t path_mtu, uint64_t& pn, Instant& now) {
  uint64_t probes = 0;
  while (auto size = pmtu.probe_to_send()) {
    REQUIRE(probes < 100);
    ++probes;
    pmtu.on_probe_sent(pn, *size, now + kRtt * 3);
    now += kRtt;
    if (*size <= path_mtu) {
      pmtu.on_packet_acked(now, pn, *size, true);
    } else {
      pmtu.on_packet_lost(now, pn, *size, true);
    }
    ++pn;
  }
  return probes;
}

TEST_CASE("pmtu: a path carrying the ceiling needs one probe", "[pmtu]") {
  PmtuDiscovery pmtu;
  CHECK(pmtu.current() == 1200);
  CHECK_FALSE(pmtu.probe_to_send());  // nothing before start()
  pmtu.start(kStart, 1472);
  CHECK(pmtu.state() == PmtuState::kSearching);
  REQUIRE(pmtu.probe_to_send() == 1472u);
  pmtu.on_probe_sent(10, 1472, kStart + kRtt * 3);
  CHECK_FALSE(pmtu.probe_to_send());  // one probe at a time
  CHECK(pmtu.on_packet_acked(kStart + kRtt, 10, 1472, true));
  CHECK(pmtu.current() == 1472);
  CHECK(pmtu.state() == PmtuState::kSearchComplete);
  CHECK_FALSE(pmtu.probe_to_send());
  CHECK(pmtu.next_timeout().is_infinite());  // nothing larger to look for
  CHECK(pmtu.stats().probes_sent == 1);
  CHECK(pmtu.stats().probes_acked == 1);
}

TEST_CASE("pmtu: the search stops just below a smaller path MTU", "[pmtu]") {
  for (size_t path : {1272u, 1350u, 1205u, 1450u}) {
    INFO("path " << path);
    PmtuDiscovery pmtu;
    uint64_t pn = 0;
    Instant now = kStart;
    pmtu.start(now, 1472);
    search(pmtu, path, pn, now);
    CHECK(pmtu.state() == PmtuState::kSearchComplete);
    CHECK(pmtu.current() <= path);
    CHECK(pmtu.current() + 16 >= path);  // the search resolution
    // Every size that did not fit was tried three times (RFC 8899 MAX_PROBES).
    CHECK(pmtu.stats().probes_lost % 3 == 0);
    CHECK(pmtu.stats().probes_lost > 0);
    // The raise timer searches again later (RFC 8899 PMTU_RAISE_TIMER).
    REQUIRE_FALSE(pmtu.next_timeout().is_infinite());
    pmtu.on_timeout(pmtu.next_timeout());
    CHECK(pmtu.state() == PmtuState::kSearching);
    CHECK(pmtu.probe_to_send() == 1472u);
  }
}

TEST_CASE("pmtu: a probe not acknowledged by its deadline counts as lost", "[pmtu]") {
  PmtuDiscovery pmtu;
  pmtu.start(kStart, 1472);
  Instant now = kStart;
  for (uint64_t pn = 1; pn <= 3; ++pn) {
    REQUIRE(pmtu.probe_to_send() == 1472u);
    pmtu.on_probe_sent(pn, 1472, now + kRtt * 3);
    CHECK(pmtu.next_timeout() == now + kRtt * 3);
    now += kRtt * 3;
    pmtu.on_timeout(now);
  }
  CHECK(pmtu.stats().probes_lost == 3);
  // 1472 given up: halfway between 1200 and 1472 next.
  CHECK(pmtu.probe_to_send() == 1336u);
  // A late acknowledgment of a given-up probe still proves the size.
  CHECK(pmtu.on_packet_acked(now, 2, 1472, true));
  CHECK(pmtu.current() == 1472);
  CHECK(pmtu.state() == PmtuState::kSearchComplete);
}

TEST_CASE("pmtu: the first search can start later", "[pmtu]") {
  PmtuDiscovery pmtu;
  pmtu.start(kStart, 1472, Duration::from_millis(100));
  CHECK_FALSE(pmtu.probe_to_send());
  REQUIRE(pmtu.next_timeout() == kStart + Duration::from_millis(100));
  pmtu.on_timeout(kStart + Duration::from_millis(99));
  CHECK_FALSE(pmtu.probe_to_send());
  pmtu.on_timeout(kStart + Duration::from_millis(100));
  CHECK(pmtu.state() == PmtuState::kSearching);
  CHECK(pmtu.probe_to_send() == 1472u);
}

TEST_CASE("pmtu: no search when the ceiling is the base size", "[pmtu]") {
  PmtuDiscovery pmtu;
  pmtu.start(kStart, 1200);
  CHECK(pmtu.state() == PmtuState::kDisabled);
  CHECK_FALSE(pmtu.probe_to_send());
}

// A PmtuDiscovery that found 1472 bytes with probe packet 0.
PmtuDiscovery at_1472() {
  PmtuDiscovery pmtu;
  pmtu.start(kStart, 1472);
  pmtu.on_probe_sent(0, 1472, kStart + kRtt * 3);
  pmtu.on_packet_acked(kStart + kRtt, 0, 1472, true);
  return pmtu;
}

TEST_CASE("pmtu: large packets lost while smaller ones get through: black hole", "[pmtu]") {
  PmtuDiscovery pmtu = at_1472();
  const Instant now = kStart + kRtt * 2;
  pmtu.on_packet_acked(now, 5, 1472, false);  // large packets get through up to 5
  // Small packets still arrive; the large ones after 5 do not.
  CHECK_FALSE(pmtu.on_packet_acked(now, 7, 80, false));
  CHECK_FALSE(pmtu.on_packet_lost(now, 6, 1472, false));
  CHECK_FALSE(pmtu.on_packet_lost(now, 8, 1472, false));
  CHECK(pmtu.current() == 1472);
  CHECK(pmtu.on_packet_lost(now, 9, 1472, false));
  CHECK(pmtu.current() == 1200);
  CHECK(pmtu.state() == PmtuState::kBase);
  CHECK(pmtu.stats().black_holes == 1);
  CHECK_FALSE(pmtu.probe_to_send());
  // Packets sent before the fallback prove nothing; one sent after it confirms the base size
  // and the search starts over (RFC 8899 §5.2).
  pmtu.on_packet_acked(now, 4, 1200, false);
  CHECK(pmtu.state() == PmtuState::kBase);
  pmtu.on_packet_acked(now + kRtt, 10, 1200, false);
  CHECK(pmtu.state() == PmtuState::kSearching);
  CHECK(pmtu.probe_to_send() == 1472u);
}

TEST_CASE("pmtu: congestion losses before an acknowledged large packet are no black hole",
          "[pmtu]") {
  PmtuDiscovery pmtu = at_1472();
  const Instant now = kStart + kRtt * 2;
  // A burst of large packets dropped at a full queue, declared lost by later ones that arrived.
  pmtu.on_packet_acked(now, 20, 1472, false);
  for (uint64_t pn = 10; pn < 20; ++pn) CHECK_FALSE(pmtu.on_packet_lost(now, pn, 1472, false));
  // Nor are lost packets no larger than the base size.
  for (uint64_t pn = 21; pn < 30; ++pn) CHECK_FALSE(pmtu.on_packet_lost(now, pn, 600, false));
  CHECK(pmtu.current() == 1472);
  CHECK(pmtu.stats().black_holes == 0);
}

TEST_CASE("pmtu: consecutive PTOs at a raised size: black hole", "[pmtu]") {
  PmtuDiscovery pmtu = at_1472();
  const Instant now = kStart + kRtt * 2;
  CHECK_FALSE(pmtu.on_pto(now, 1));
  CHECK_FALSE(pmtu.on_pto(now, 2));
  CHECK(pmtu.on_pto(now, 3));
  CHECK(pmtu.current() == 1200);
  // At the base size PTOs say nothing about the MTU.
  CHECK_FALSE(pmtu.on_pto(now, 4));
  CHECK(pmtu.stats().black_holes == 1);
}

// --- Connections ---

EndpointConfig with(EndpointConfig c, const TransportSettings& t) {
  c.transport = t;
  return c;
}

ConnectionHandle server_of(const EndpointPair& pair) {
  return pair.server_events.front().connection;
}

// A download of `size` bytes from the server through `pair`, then a wait until `until(server)`
// holds (if given); the largest datagram crossing the link goes to `largest`.
bool download(EndpointPair& pair, uint64_t size, size_t& largest,
              std::function<void(Connection&)> during = nullptr,
              std::function<bool(Connection&)> until = nullptr) {
  auto previous = pair.drop;
  pair.drop = [&largest, previous](bool to_server, std::span<const uint8_t> d) {
    largest = std::max(largest, d.size());
    return previous && previous(to_server, d);
  };
  BulkTransfer transfer({{.from_client = false, .bidirectional = false, .size = size}});
  const ConnectionHandle client = pair.connect();
  bool ok = true;
  const bool done = pair.run_until(
      [&] {
        Connection* c = pair.client().connection(client);
        Connection* s =
            pair.server_events.empty() ? nullptr : pair.server().connection(server_of(pair));
        if (s && during) during(*s);
        ok = ok && transfer.pump(c, s, pair.now());
        return !ok || (transfer.done() && (!until || until(*s)));
      },
      Duration::from_seconds(30));
  return ok && done && transfer.bytes_read() == size;
}

TEST_CASE("pmtu: a 1500-byte IPv4 path is probed up to 1472 bytes", "[pmtu]") {
  EndpointPair pair(null_client_config(), null_server_config());
  pair.link_mtu = 1500 - 28;
  size_t largest = 0;
  REQUIRE(download(pair, 2'000'000, largest, nullptr, [](Connection& s) {
    return s.pmtu_discovery().state() == PmtuState::kSearchComplete;
  }));
  Connection* server = pair.server().connection(server_of(pair));
  CHECK(server->max_datagram_size() == 1472);
  CHECK(server->congestion_controller().max_datagram_size() == 1472);
  CHECK(server->pmtu_discovery().state() == PmtuState::kSearchComplete);
  CHECK(largest == 1472);  // full-size packets went out at the new size, none above
  CHECK(server->pmtu_discovery().stats().probes_lost == 0);
}

TEST_CASE("pmtu: a 1300-byte path stops the search below it, without congestion response",
          "[pmtu]") {
  TransportSettings t;
  t.congestion_control = "newreno";  // its ssthresh moves only on congestion
  EndpointPair pair(with(null_client_config(), t), with(null_server_config(), t));
  pair.link_mtu = 1300 - 28;
  size_t largest = 0;
  uint64_t ssthresh_at_start = 0;
  REQUIRE(download(
      pair, 2'000'000, largest,
      [&](Connection& s) {
        if (ssthresh_at_start == 0) {
          ssthresh_at_start = s.congestion_controller().slow_start_threshold();
        }
      },
      [](Connection& s) { return s.pmtu_discovery().state() == PmtuState::kSearchComplete; }));
  Connection* server = pair.server().connection(server_of(pair));
  const PmtuStats& stats = server->pmtu_discovery().stats();
  INFO("pmtu " << server->max_datagram_size() << " probes lost " << stats.probes_lost);
  CHECK(server->max_datagram_size() <= 1272);
  CHECK(server->max_datagram_size() > 1250);
  CHECK(stats.probes_lost >= 3);
  CHECK(stats.black_holes == 0);
  // RFC 9000 §14.4: the lost probes were no congestion signal, and are counted as probes, not
  // as lost packets (nothing else was lost).
  CHECK(server->recovery_stats().packets_lost == 0);
  CHECK(server->congestion_controller().slow_start_threshold() == ssthresh_at_start);
  CHECK(server->congestion_controller().slow_start_threshold() == UINT64_MAX);
  CHECK_FALSE(server->congestion_controller().in_recovery());
}

TEST_CASE("pmtu: the path MTU shrinking mid-transfer falls back to 1200", "[pmtu]") {
  EndpointPair pair(null_client_config(), null_server_config());
  pair.link_mtu = 1500 - 28;
  size_t largest = 0;
  bool shrunk = false;
  REQUIRE(download(pair, 3'000'000, largest, [&](Connection& s) {
    // Once full-size packets flow at 1472 bytes, the path starts dropping them.
    if (!shrunk && s.max_datagram_size() == 1472 && s.stats().bytes_sent > 500'000) {
      shrunk = true;
      pair.link_mtu = 1250 - 28;
    }
  }));
  REQUIRE(shrunk);
  Connection* server = pair.server().connection(server_of(pair));
  CHECK(server->pmtu_discovery().stats().black_holes >= 1);
  CHECK(server->max_datagram_size() <= 1222);
  CHECK(server->congestion_controller().max_datagram_size() == server->max_datagram_size());
}

TEST_CASE("pmtu: switched off, datagrams stay at 1200 bytes", "[pmtu]") {
  TransportSettings t;
  t.pmtu_discovery = false;
  EndpointPair pair(with(null_client_config(), t), with(null_server_config(), t));
  size_t largest = 0;
  REQUIRE(download(pair, 200'000, largest));
  CHECK(pair.server().connection(server_of(pair))->max_datagram_size() == 1200);
  CHECK(largest == 1200);
}

}  // namespace
}  // namespace quasar::test
