// Utilities for socket tests: loopback sockets on ephemeral ports and bounded waits.
#pragma once

#include <poll.h>

#include <catch2/catch.hpp>
#include <string>

#include "quic/io/receive_batch.h"
#include "quic/io/transmit_queue.h"
#include "quic/io/udp_socket.h"

namespace quasar::test {

inline UdpSocket open_socket(const std::string& address, bool gso = true, bool gro = true) {
  UdpSocketOptions options;
  options.bind_address = *SocketAddress::parse(address);
  options.enable_gso = gso;
  options.enable_gro = gro;
  options.receive_buffer_size = 1 << 20;
  options.send_buffer_size = 1 << 20;
  auto socket = UdpSocket::open(options);
  if (!socket.ok()) FAIL("opening " << address << ": " << socket.error().message);
  return std::move(socket).value();
}

inline bool wait_readable(const UdpSocket& socket, int timeout_ms = 2000) {
  pollfd p{socket.fd(), POLLIN, 0};
  return ::poll(&p, 1, timeout_ms) == 1;
}

// Receives until `datagrams` datagrams arrived (GRO messages split) or 2 s pass; returns the
// messages' datagrams copied out, with the metadata of the last message in `last`.
struct ReceivedDatagram {
  std::vector<uint8_t> bytes;
  SocketAddress peer;
  SocketAddress local;
  Ecn ecn = Ecn::kNotEct;
  size_t message_index = 0;  // which recvmmsg message it came in
};

inline std::vector<ReceivedDatagram> receive_datagrams(const UdpSocket& socket, size_t datagrams) {
  ReceiveBatch batch(8);
  std::vector<ReceivedDatagram> out;
  size_t message_index = 0;
  while (out.size() < datagrams && wait_readable(socket)) {
    auto n = batch.receive(socket);
    REQUIRE(n.ok());
    for (const ReceivedMessage& m : batch.messages()) {
      for (size_t i = 0; i < m.datagram_count(); ++i) {
        auto d = m.datagram(i);
        out.push_back(
            {std::vector<uint8_t>(d.begin(), d.end()), m.peer, m.local, m.ecn, message_index});
      }
      ++message_index;
    }
  }
  return out;
}

// Queues `payload` as one batch of `segment_size` datagrams from `from` to `to` and flushes it.
inline void send_batch(TransmitQueue& queue, UdpSocket& from, const SocketAddress& to,
                       const std::vector<uint8_t>& payload, size_t segment_size,
                       Ecn ecn = Ecn::kNotEct, SocketAddress source = {}) {
  auto buffer = queue.next_buffer();
  REQUIRE(buffer.size() >= payload.size());
  std::copy(payload.begin(), payload.end(), buffer.begin());
  Transmit t;
  t.source = source;
  t.destination = to;
  t.ecn = ecn;
  t.size = payload.size();
  t.segment_size = segment_size;
  queue.push(t, from);
  REQUIRE(queue.flush() == TransmitQueue::FlushResult::kDone);
}

inline std::vector<uint8_t> pattern(size_t size, uint8_t seed) {
  std::vector<uint8_t> bytes(size);
  for (size_t i = 0; i < size; ++i) bytes[i] = static_cast<uint8_t>(seed + i * 7 + (i >> 8));
  return bytes;
}

}  // namespace quasar::test
