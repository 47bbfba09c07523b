// Fuzz target: a client endpoint in the middle of its handshake fed arbitrary datagrams, as an
// on-path attacker or a broken server would send them.
//
// Each input is a sequence of records: kind (1 byte), length (2 bytes, big-endian), bytes.
//   kind % 4 == 0: a raw datagram from the server's address, delivered as it is;
//   kind % 4 == 1: a Version Negotiation packet echoing the client's connection IDs (so that it
//                  passes the first checks), listing the record's bytes as versions;
//   kind % 4 == 2: virtual time advances by `length` milliseconds (no bytes follow), the real
//                  (null cipher, fake TLS) server answers whatever the client sent, timers fire;
//   kind % 4 == 3: a raw datagram from another server address (a probed or spoofed path).
// The client speaks v1 and v2 and the server prefers v2, so version switches, Retry and the
// handshake interleave with the input. Must never crash, leak or hang; ASan and UBSan check
// memory.
#include <cstdint>
#include <cstdlib>

#include "quic/wire/version_negotiation.h"
#include "tests/conn/crafted_peer.h"

namespace {

using namespace quasar;
using namespace quasar::test;

// A Version Negotiation packet to `client` listing `version_bytes` (whole versions only).
std::vector<uint8_t> version_negotiation(const Connection& client,
                                         std::span<const uint8_t> version_bytes) {
  std::vector<uint8_t> packet = {0x80, 0, 0, 0, 0};  // long header, version 0 (RFC 9000 §17.2.1)
  const auto dcid = client.local_cids().all().front().cid.span();
  const auto scid = client.initial_dcid().span();
  packet.push_back(static_cast<uint8_t>(dcid.size()));
  packet.insert(packet.end(), dcid.begin(), dcid.end());
  packet.push_back(static_cast<uint8_t>(scid.size()));
  packet.insert(packet.end(), scid.begin(), scid.end());
  const size_t whole = version_bytes.size() / 4 * 4;
  packet.insert(packet.end(), version_bytes.begin(), version_bytes.begin() + whole);
  return packet;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  EndpointConfig server = null_server_config();
  server.versions = {kQuicVersion2, kQuicVersion1};
  server.preferred_address_ipv4 = *SocketAddress::parse("10.0.0.3:4433");
  EndpointPair pair(null_client_config(), std::move(server));
  const ConnectionHandle handle = pair.connect();
  const SocketAddress other_server = *SocketAddress::parse("10.0.0.9:443");
  size_t offset = 0;
  while (offset + 3 <= size) {
    const uint8_t kind = data[offset];
    const size_t declared = (size_t{data[offset + 1]} << 8) | data[offset + 2];
    offset += 3;
    if (kind % 4 == 2) {
      pair.run_until([] { return false; }, Duration::from_millis(static_cast<int64_t>(declared)));
      continue;
    }
    std::span<const uint8_t> bytes(data + offset, std::min(declared, size - offset));
    offset += bytes.size();
    Connection* client = pair.client().connection(handle);
    switch (kind % 4) {
      case 0:
      case 3: {
        std::vector<uint8_t> datagram(bytes.begin(), bytes.end());
        pair.client().handle_datagram(pair.now(), pair.client_address,
                                      kind % 4 == 0 ? pair.server_address : other_server,
                                      Ecn::kNotEct, datagram);
        break;
      }
      case 1: {
        if (!client) break;
        auto datagram = version_negotiation(*client, bytes);
        pair.client().handle_datagram(pair.now(), pair.client_address, pair.server_address,
                                      Ecn::kNotEct, datagram);
        break;
      }
    }
  }
  pair.run_until([] { return false; }, Duration::from_millis(100));
  return 0;
}
