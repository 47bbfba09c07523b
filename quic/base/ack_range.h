// AckRange and EcnCounts: the content of an ACK frame as both the wire codec and loss recovery
// see it (RFC 9000 §19.3).
#pragma once

#include <cstdint>

namespace quasar {

// One ACK Range: every packet number in [smallest, largest] (RFC 9000 §19.3.1).
struct AckRange {
  uint64_t smallest = 0;
  uint64_t largest = 0;
  friend bool operator==(const AckRange&, const AckRange&) = default;
};

// RFC 9000 §19.3.2: cumulative counts of packets received with each ECN codepoint.
struct EcnCounts {
  uint64_t ect0 = 0;
  uint64_t ect1 = 0;
  uint64_t ce = 0;
  friend bool operator==(const EcnCounts&, const EcnCounts&) = default;
};

}  // namespace quasar
