// CryptoStream: the CRYPTO data of one encryption level in both directions (RFC 9000 §19.6,
// §7.5): outgoing handshake bytes until acknowledged, incoming bytes reassembled in order.
#pragma once

#include <cstdint>
#include <span>

#include "quic/base/result.h"
#include "quic/stream/chunk_pool.h"
#include "quic/stream/receive_buffer.h"
#include "quic/stream/send_buffer.h"

namespace quasar {

class CryptoStream {
 public:
  // RFC 9000 §7.5: an endpoint must buffer at least 4096 bytes of out-of-order CRYPTO data;
  // certificate chains make more useful. Beyond `receive_limit` ahead of what TLS has consumed
  // the connection closes with CRYPTO_BUFFER_EXCEEDED.
  static constexpr uint64_t kDefaultReceiveLimit = 64 * 1024;

  explicit CryptoStream(ChunkPool& pool, uint64_t receive_limit = kDefaultReceiveLimit)
      : send_(pool, UINT64_MAX), receive_(pool), receive_limit_(receive_limit) {}

  // --- outgoing ---
  void write(std::span<const uint8_t> data) { (void)send_.write(data); }
  SendBuffer& send() { return send_; }
  const SendBuffer& send() const { return send_; }
  bool has_data_to_send() const { return send_.has_retransmission() || send_.unsent_bytes() != 0; }

  // --- incoming ---
  // A received CRYPTO frame. CRYPTO_BUFFER_EXCEEDED when it reaches too far ahead.
  Status on_crypto_frame(uint64_t offset, std::span<const uint8_t> data) {
    if (offset + data.size() > receive_.read_offset() + receive_limit_) {
      return QuicError::transport(TransportError::kCryptoBufferExceeded, 0x06,
                                  "CRYPTO data beyond the buffer limit");
    }
    return receive_.insert(offset, data, false, 0x06);
  }
  // The next in-order bytes for TLS (a view; consume() them once TLS took them).
  std::span<const uint8_t> peek() const { return receive_.peek(); }
  void consume(size_t n) { receive_.consume(n); }

 private:
  SendBuffer send_;
  ReceiveBuffer receive_;
  uint64_t receive_limit_;
};

}  // namespace quasar
