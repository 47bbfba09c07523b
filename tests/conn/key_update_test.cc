// 1-RTT key updates over an in-memory link with real TLS (RFC 9001 §6): either side may
// initiate, both keep up, and data survives every phase change.
#include <catch2/catch.hpp>

#include "tests/conn/bulk_transfer.h"

namespace quasar::test {
namespace {

TEST_CASE("key updates initiated by either side during a transfer", "[key-update]") {
  for (int initiators : {1, 2, 3}) {  // bit 0: client, bit 1: server
    EndpointConfig client = client_config();
    EndpointConfig server = server_config();
    if (initiators & 1) client.transport.key_update_interval_packets = 40;
    if (initiators & 2) server.transport.key_update_interval_packets = 40;
    EndpointPair pair(std::move(client), std::move(server));
    BulkTransfer transfer({{false, true, 2'000'000}, {true, true, 300'000}});
    ConnectionHandle client_handle = 0;
    INFO("initiators " << initiators);
    REQUIRE(run_transfer(pair, transfer, Duration::from_seconds(60), &client_handle));
    const ConnectionStats& c = pair.client().connection(client_handle)->stats();
    const ConnectionStats& s =
        pair.server().connection(pair.server_events.front().connection)->stats();
    CHECK(c.key_updates >= 5);
    CHECK(s.key_updates >= 5);
    CHECK((c.key_updates_initiated > 0) == ((initiators & 1) != 0));
    CHECK((s.key_updates_initiated > 0) == ((initiators & 2) != 0));
    // Each side sees every phase change; the last may still be on its way to one of them. An
    // update both sides start at once is one phase change.
    CHECK(std::max(c.key_updates, s.key_updates) - std::min(c.key_updates, s.key_updates) <= 1);
    CHECK(c.key_updates_initiated + s.key_updates_initiated + 1 >= c.key_updates);
  }
}

TEST_CASE("no key update without a configured interval", "[key-update]") {
  EndpointPair pair(client_config(), server_config());
  BulkTransfer transfer({{false, true, 500'000}});
  ConnectionHandle client_handle = 0;
  REQUIRE(run_transfer(pair, transfer, Duration::from_seconds(60), &client_handle));
  CHECK(pair.client().connection(client_handle)->stats().key_updates == 0);
}

TEST_CASE("a key update interval below 10 packets is refused", "[key-update]") {
  TransportSettings settings;
  settings.key_update_interval_packets = 5;
  CHECK(settings.validate(false));
  settings.key_update_interval_packets = 10;
  CHECK_FALSE(settings.validate(false));
}

}  // namespace
}  // namespace quasar::test
