// DatagramSendError: why Connection::send_datagram() refused a payload (RFC 9221 §3, §5).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace quasar {

struct DatagramSendError {
  enum class Kind : uint8_t {
    kNotNegotiated,  // the peer did not send max_datagram_frame_size (or it is not known yet)
    kTooLarge,       // the frame would exceed the peer's limit or what one packet carries
    kClosed,         // the connection is closing or closed
  };
  Kind kind = Kind::kNotNegotiated;
  size_t size = 0;   // the payload refused
  size_t limit = 0;  // kTooLarge: the largest payload that would have been accepted

  // e.g. "datagram of 1300 bytes too large: at most 1163 bytes fit"
  std::string message() const {
    switch (kind) {
      case Kind::kNotNegotiated:
        return "the peer does not accept DATAGRAM frames";
      case Kind::kTooLarge:
        return "datagram of " + std::to_string(size) + " bytes too large: at most " +
               std::to_string(limit) + " bytes fit";
      case Kind::kClosed:
        return "the connection is closed";
    }
    return "?";
  }
};

}  // namespace quasar
