// Fuzz target: a server endpoint fed arbitrary datagrams and arbitrary 1-RTT frames.
//
// Each input is a sequence of records: kind (1 byte), length (2 bytes, big-endian), bytes.
//   kind % 3 == 0: a raw datagram from the client's address, delivered as it is;
//   kind % 3 == 1: the bytes as the frames of a 1-RTT packet protected with the client's keys
//                  (null cipher, deterministic fake TLS), after a real handshake;
//   kind % 3 == 2: virtual time advances by `length` milliseconds, timers fire.
// Everything the server sends goes back through the real client. Must never crash, leak or
// hang; ASan and UBSan check memory.
#include <cstdint>
#include <cstdlib>

#include "tests/conn/crafted_peer.h"

namespace {

using namespace quasar;
using namespace quasar::test;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  EndpointPair pair(null_client_config(), null_server_config());
  pair.connect();
  const bool established = pair.run_until(
      [&] { return !pair.server_events.empty() && pair.client().connection_count() == 1; },
      Duration::from_seconds(2));
  (void)established;
  uint64_t packet_number = 1'000'000;
  size_t offset = 0;
  while (offset + 3 <= size) {
    const uint8_t kind = data[offset];
    const size_t length = std::min<size_t>((size_t{data[offset + 1]} << 8) | data[offset + 2],
                                           size - offset - 3);
    std::span<const uint8_t> bytes(data + offset + 3, length);
    offset += 3 + length;
    switch (kind % 3) {
      case 0: {
        std::vector<uint8_t> datagram(bytes.begin(), bytes.end());
        pair.server().handle_datagram(pair.now(), pair.server_address, pair.client_address,
                                      Ecn::kNotEct, datagram);
        break;
      }
      case 1: {
        if (pair.server_events.empty()) break;
        Connection* server = pair.server().connection(pair.server_events.front().connection);
        if (!server) break;
        auto packet = crafted_one_rtt_packet(server->local_cids().all().front().cid, bytes,
                                             packet_number++);
        pair.server().handle_datagram(pair.now(), pair.server_address, pair.client_address,
                                      Ecn::kEct0, packet);
        break;
      }
      case 2:
        pair.run_until([] { return false; }, Duration::from_millis(static_cast<int64_t>(length)));
        break;
    }
  }
  pair.run_until([] { return false; }, Duration::from_millis(100));
  return 0;
}
