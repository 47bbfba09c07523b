// TransmitQueue: the datagram batches poll_transmit() wrote, waiting to be sent with as few
// sendmmsg calls as possible — one message per batch with UDP GSO, one per datagram without.
#pragma once

#include <sys/socket.h>

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "quic/conn/transmit.h"
#include "quic/io/control_messages.h"
#include "quic/io/io_error.h"

namespace quasar {

class UdpSocket;

// The largest batch one GSO send may carry: UDP's 16-bit length minus headers, rounded down.
inline constexpr size_t kMaxBatchBytes = 64000;
// Datagrams per GSO batch (the kernel's UDP_MAX_SEGMENTS is 64 on older kernels).
inline constexpr size_t kMaxBatchSegments = 64;

struct TransmitQueueStats {
  uint64_t send_calls = 0;      // sendmmsg system calls
  uint64_t messages_sent = 0;   // sendmmsg messages (a GSO batch is one)
  uint64_t datagrams_sent = 0;  // UDP datagrams on the wire
  uint64_t gso_batches = 0;     // messages that carried more than one datagram
  uint64_t would_block = 0;     // flushes stopped by a full socket buffer
  uint64_t send_errors = 0;     // messages dropped after an error other than EAGAIN
  uint64_t gso_disabled = 0;    // sockets that stopped using GSO after EIO
  int last_error = 0;           // errno of the last dropped message
};

class TransmitQueue {
 public:
  // `capacity` batches, each in a buffer of kMaxBatchBytes, allocated once.
  explicit TransmitQueue(size_t capacity = 16);
  TransmitQueue(const TransmitQueue&) = delete;
  TransmitQueue& operator=(const TransmitQueue&) = delete;

  bool empty() const { return count_ == 0; }
  bool full() const { return count_ == capacity_; }
  size_t size() const { return count_; }

  // Where poll_transmit() writes the next batch; call push() with its result. Empty when full.
  std::span<uint8_t> next_buffer();
  // Queues the batch poll_transmit() just wrote into next_buffer(), to go out of `socket`.
  void push(const Transmit& transmit, UdpSocket& socket);

  enum class FlushResult : uint8_t {
    kDone,     // everything queued was sent (or dropped after an error)
    kBlocked,  // a socket buffer is full: wait until blocked_socket() is writable
  };
  // Sends the queued batches in order. On EIO from a GSO send, the socket stops using GSO and the
  // batch goes again as single datagrams (some kernels and virtual NICs fail GSO this way).
  FlushResult flush();
  UdpSocket* blocked_socket() const { return blocked_socket_; }

  const TransmitQueueStats& stats() const { return stats_; }

 private:
  struct Entry {
    UdpSocket* socket = nullptr;
    Transmit transmit;
    sockaddr_storage destination;
    socklen_t destination_length = 0;
    size_t segments_sent = 0;  // datagrams of the batch already sent (without GSO)
  };

  Entry& entry_at(size_t k) { return entries_[(head_ + k) % capacity_]; }
  uint8_t* buffer_of(const Entry& e) {
    return buffers_.data() + static_cast<size_t>(&e - entries_.data()) * kMaxBatchBytes;
  }
  // Fills messages_ for consecutive entries of one socket; returns the message count.
  size_t build_messages(UdpSocket& socket);
  // Marks the first `sent` built messages as sent and drops finished entries.
  void advance(size_t sent);
  void drop_head();

  size_t capacity_;
  size_t head_ = 0;
  size_t count_ = 0;
  std::vector<uint8_t> buffers_;
  std::vector<Entry> entries_;
  // Per message of the sendmmsg being built.
  std::vector<mmsghdr> messages_;
  std::vector<iovec> iovecs_;
  std::vector<ControlBuffer<kSendControlSize>> controls_;
  std::vector<uint32_t> message_segments_;
  UdpSocket* blocked_socket_ = nullptr;
  TransmitQueueStats stats_;
};

}  // namespace quasar
