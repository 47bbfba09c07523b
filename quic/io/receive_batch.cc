// ReceiveBatch: recvmmsg into preallocated buffers.
#include "quic/io/receive_batch.h"

#include <cerrno>
#include <cstring>

#include "quic/io/sockaddr_conversion.h"
#include "quic/io/udp_socket.h"

namespace quasar {

ReceiveBatch::ReceiveBatch(size_t max_messages)
    : max_messages_(max_messages == 0 ? 1 : max_messages),
      buffers_(max_messages_ * kMessageCapacity),
      headers_(max_messages_),
      iovecs_(max_messages_),
      names_(max_messages_),
      controls_(max_messages_),
      received_(max_messages_) {
  for (size_t i = 0; i < max_messages_; ++i) {
    iovecs_[i].iov_base = buffers_.data() + i * kMessageCapacity;
    iovecs_[i].iov_len = kMessageCapacity;
  }
}

Result<size_t, IoError> ReceiveBatch::receive(const UdpSocket& socket) {
  received_count_ = 0;
  for (size_t i = 0; i < max_messages_; ++i) {
    msghdr& h = headers_[i].msg_hdr;
    h.msg_name = &names_[i];
    h.msg_namelen = sizeof(sockaddr_storage);
    h.msg_iov = &iovecs_[i];
    h.msg_iovlen = 1;
    h.msg_control = controls_[i].bytes;
    h.msg_controllen = kReceiveControlSize;
    h.msg_flags = 0;
    headers_[i].msg_len = 0;
  }
  int n;
  do {
    n = recvmmsg(socket.fd(), headers_.data(), static_cast<unsigned>(max_messages_), 0, nullptr);
  } while (n < 0 && errno == EINTR);
  if (n < 0) {
    if (errno == EAGAIN || errno == EWOULDBLOCK) return size_t{0};
    return Err(IoError::from_errno("recvmmsg"));
  }
  for (int i = 0; i < n; ++i) {
    const msghdr& h = headers_[i].msg_hdr;
    if ((h.msg_flags & MSG_TRUNC) != 0) {
      ++truncated_;
      continue;
    }
    const ReceivedControl control = parse_received_control(h);
    ReceivedMessage& m = received_[received_count_++];
    m.peer = from_sockaddr(reinterpret_cast<const sockaddr*>(&names_[i]), h.msg_namelen);
    if (control.destination.family() != SocketAddress::Family::kNone) {
      m.local = control.destination;
      m.local.set_port(socket.local_address().port());
    } else {
      m.local = socket.local_address();
    }
    m.ecn = control.ecn;
    m.data =
        std::span(buffers_).subspan(static_cast<size_t>(i) * kMessageCapacity, headers_[i].msg_len);
    m.segment_size = control.segment_size >= m.data.size() ? 0 : control.segment_size;
  }
  return received_count_;
}

}  // namespace quasar
