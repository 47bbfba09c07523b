// Stream transfers over an in-memory link with real TLS: sizes, directions, stream kinds and
// many concurrent streams (RFC 9000 §2-§4).
#include <catch2/catch.hpp>

#include "tests/conn/bulk_transfer.h"

namespace quasar::test {
namespace {

TEST_CASE("transfers of 0 B, 1 B and 1 MB on one stream, both directions", "[transfer]") {
  for (uint64_t size : {uint64_t{0}, uint64_t{1}, uint64_t{1} << 20}) {
    for (bool from_client : {true, false}) {
      EndpointPair pair(client_config(), server_config());
      BulkTransfer transfer({{from_client, true, size}});
      INFO("size " << size << (from_client ? " upload" : " download"));
      CHECK(run_transfer(pair, transfer));
      CHECK(transfer.bytes_read() == size);
    }
  }
}

TEST_CASE("a 50 MB download completes intact", "[transfer]") {
  EndpointPair pair(client_config(), server_config());
  BulkTransfer transfer({{false, true, 50ull << 20}});
  CHECK(run_transfer(pair, transfer, Duration::from_seconds(120)));
  CHECK(transfer.bytes_read() == 50ull << 20);
}

TEST_CASE("unidirectional streams carry data both ways", "[transfer]") {
  EndpointPair pair(client_config(), server_config());
  BulkTransfer transfer({{true, false, 100000}, {false, false, 200000}, {true, false, 0}});
  CHECK(run_transfer(pair, transfer));
}

TEST_CASE("100 concurrent streams in each direction", "[transfer]") {
  std::vector<BulkTransfer::Plan> plans;
  for (int i = 0; i < 100; ++i) {
    plans.push_back({true, true, 10000 + static_cast<uint64_t>(i) * 100});
    plans.push_back({false, true, 20000 + static_cast<uint64_t>(i) * 50});
  }
  EndpointPair pair(client_config(), server_config());
  BulkTransfer transfer(std::move(plans));
  CHECK(run_transfer(pair, transfer));
}

TEST_CASE("more streams than the peer allows open as credit returns", "[transfer]") {
  EndpointConfig server = server_config();
  server.transport.initial_max_streams_bidi = 4;
  std::vector<BulkTransfer::Plan> plans(20, {true, true, 5000});
  EndpointPair pair(client_config(), std::move(server));
  BulkTransfer transfer(std::move(plans));
  CHECK(run_transfer(pair, transfer));
}

}  // namespace
}  // namespace quasar::test
