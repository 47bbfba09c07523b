// ReceiveBatch: preallocated buffers for receiving many datagrams with one recvmmsg, each
// message possibly several datagrams coalesced by UDP GRO.
#pragma once

#include <sys/socket.h>

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "quic/base/ecn.h"
#include "quic/base/result.h"
#include "quic/base/socket_address.h"
#include "quic/io/control_messages.h"
#include "quic/io/io_error.h"

namespace quasar {

class UdpSocket;

// One received message: a datagram, or with GRO several of `segment_size` bytes back to back
// (the last may be shorter), all from the same peer with the same ECN codepoint.
struct ReceivedMessage {
  SocketAddress peer;
  SocketAddress local;  // the destination address and the socket's port
  Ecn ecn = Ecn::kNotEct;
  std::span<uint8_t> data;
  size_t segment_size = 0;

  size_t datagram_count() const {
    return segment_size == 0 ? 1 : (data.size() + segment_size - 1) / segment_size;
  }
  // The i-th datagram of the message (mutable: the core decrypts in place).
  std::span<uint8_t> datagram(size_t i) const {
    if (segment_size == 0) return data;
    const size_t offset = i * segment_size;
    return data.subspan(offset, std::min(segment_size, data.size() - offset));
  }
};

class ReceiveBatch {
 public:
  // Every message buffer holds the largest UDP payload, so a full GRO batch fits.
  static constexpr size_t kMessageCapacity = 65536;

  explicit ReceiveBatch(size_t max_messages = 32);
  ReceiveBatch(const ReceiveBatch&) = delete;
  ReceiveBatch& operator=(const ReceiveBatch&) = delete;

  // One recvmmsg on `socket`: the number of messages now in messages(), 0 when none was
  // waiting. Truncated messages are dropped (counted in truncated()).
  Result<size_t, IoError> receive(const UdpSocket& socket);
  std::span<const ReceivedMessage> messages() const {
    return std::span(received_).first(received_count_);
  }
  uint64_t truncated() const { return truncated_; }

 private:
  size_t max_messages_;
  std::vector<uint8_t> buffers_;
  std::vector<mmsghdr> headers_;
  std::vector<iovec> iovecs_;
  std::vector<sockaddr_storage> names_;
  std::vector<ControlBuffer<kReceiveControlSize>> controls_;
  std::vector<ReceivedMessage> received_;
  size_t received_count_ = 0;
  uint64_t truncated_ = 0;
};

}  // namespace quasar
