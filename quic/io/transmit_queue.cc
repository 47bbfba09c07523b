// TransmitQueue: batching Transmits into sendmmsg calls, with and without UDP GSO.
#include "quic/io/transmit_queue.h"

#include <algorithm>
#include <cerrno>

#include "quic/io/sockaddr_conversion.h"
#include "quic/io/udp_socket.h"

namespace quasar {

namespace {

// The kernel accepts at most UIO_MAXIOV messages per sendmmsg.
constexpr size_t kMaxMessagesPerCall = 1024;

size_t segments_of(const Transmit& t) {
  return t.segment_size == 0 || t.segment_size >= t.size ? 1 : t.segment_count();
}

}  // namespace

TransmitQueue::TransmitQueue(size_t capacity)
    : capacity_(capacity == 0 ? 1 : capacity),
      buffers_(capacity_ * kMaxBatchBytes),
      entries_(capacity_),
      messages_(std::min(capacity_ * kMaxBatchSegments, kMaxMessagesPerCall)),
      iovecs_(messages_.size()),
      controls_(messages_.size()),
      message_segments_(messages_.size()) {}

std::span<uint8_t> TransmitQueue::next_buffer() {
  if (full()) return {};
  const size_t slot = (head_ + count_) % capacity_;
  return std::span(buffers_).subspan(slot * kMaxBatchBytes, kMaxBatchBytes);
}

void TransmitQueue::push(const Transmit& transmit, UdpSocket& socket) {
  if (full()) return;
  Entry& e = entries_[(head_ + count_) % capacity_];
  e.socket = &socket;
  e.transmit = transmit;
  e.destination_length = to_sockaddr(transmit.destination, socket.family(), e.destination);
  e.segments_sent = 0;
  ++count_;
}

size_t TransmitQueue::build_messages(UdpSocket& socket) {
  size_t m = 0;
  for (size_t k = 0; k < count_ && m < messages_.size(); ++k) {
    Entry& e = entry_at(k);
    if (e.socket != &socket) break;
    const Transmit& t = e.transmit;
    const size_t segment = t.segment_size == 0 ? t.size : t.segment_size;
    const size_t total = segments_of(t);
    uint8_t* base = buffer_of(e);
    SendControl control;
    control.source = t.source;
    control.ecn = t.ecn;
    auto add = [&](size_t first_segment, size_t segments, bool gso) {
      const size_t offset = first_segment * segment;
      const size_t length = std::min(t.size - offset, segments * segment);
      iovecs_[m].iov_base = base + offset;
      iovecs_[m].iov_len = length;
      msghdr& h = messages_[m].msg_hdr;
      h.msg_name = &e.destination;
      h.msg_namelen = e.destination_length;
      h.msg_iov = &iovecs_[m];
      h.msg_iovlen = 1;
      h.msg_flags = 0;
      control.segment_size = gso ? segment : 0;
      write_send_control(h, controls_[m], t.destination, control);
      message_segments_[m] = static_cast<uint32_t>(segments);
      ++m;
    };
    const size_t remaining = total - e.segments_sent;
    if (remaining > 1 && socket.gso_enabled()) {
      add(e.segments_sent, remaining, true);
    } else {
      for (size_t s = e.segments_sent; s < total && m < messages_.size(); ++s) add(s, 1, false);
    }
  }
  return m;
}

void TransmitQueue::advance(size_t sent) {
  for (size_t i = 0; i < sent; ++i) {
    Entry& e = entries_[head_];
    e.segments_sent += message_segments_[i];
    if (e.segments_sent >= segments_of(e.transmit)) {
      head_ = (head_ + 1) % capacity_;
      --count_;
    }
  }
  if (count_ == 0) head_ = 0;
}

void TransmitQueue::drop_head() {
  head_ = (head_ + 1) % capacity_;
  if (--count_ == 0) head_ = 0;
}

TransmitQueue::FlushResult TransmitQueue::flush() {
  blocked_socket_ = nullptr;
  while (count_ > 0) {
    UdpSocket& socket = *entries_[head_].socket;
    if (entries_[head_].destination_length == 0) {
      // Not reachable from this socket (e.g. IPv6 peer, IPv4 socket): drop the batch.
      ++stats_.send_errors;
      stats_.last_error = EAFNOSUPPORT;
      drop_head();
      continue;
    }
    const size_t built = build_messages(socket);
    int n;
    do {
      n = sendmmsg(socket.fd(), messages_.data(), static_cast<unsigned>(built), 0);
    } while (n < 0 && errno == EINTR);
    ++stats_.send_calls;
    if (n < 0) {
      const int error = errno;
      if (error == EAGAIN || error == EWOULDBLOCK) {
        ++stats_.would_block;
        blocked_socket_ = &socket;
        return FlushResult::kBlocked;
      }
      if (error == EIO && message_segments_[0] > 1 && socket.gso_enabled()) {
        socket.disable_gso();
        ++stats_.gso_disabled;
        continue;  // the same batch again, one datagram per message
      }
      // Anything else loses this message, as the network might: QUIC recovers.
      ++stats_.send_errors;
      stats_.last_error = error;
      advance(1);
      continue;
    }
    for (int i = 0; i < n; ++i) {
      ++stats_.messages_sent;
      stats_.datagrams_sent += message_segments_[i];
      if (message_segments_[i] > 1) ++stats_.gso_batches;
    }
    advance(static_cast<size_t>(n));
  }
  return FlushResult::kDone;
}

}  // namespace quasar
