// DatagramFate: what became of a datagram on a link: delivered, or dropped and why.
#pragma once

#include <cstdint>
#include <string_view>

namespace quasar::sim {

enum class DatagramFate : uint8_t {
  kDelivered,          // reached the end of the link (the next hop or the host)
  kDroppedPattern,     // its index is in the link's explicit drop list
  kDroppedBlackhole,   // offered during a blackhole period
  kDroppedMtu,         // larger than the link MTU
  kDroppedLoss,        // random (Bernoulli or Gilbert-Elliott) loss
  kDroppedQueue,       // the drop-tail queue was full
  kDroppedUnroutable,  // arrived for an address no host holds (e.g. an expired NAT mapping)
  kDroppedNoRoute,     // the sender had no route to the destination (never reached a link)
};

constexpr std::string_view to_string(DatagramFate fate) {
  switch (fate) {
    case DatagramFate::kDelivered:
      return "delivered";
    case DatagramFate::kDroppedPattern:
      return "dropped-pattern";
    case DatagramFate::kDroppedBlackhole:
      return "dropped-blackhole";
    case DatagramFate::kDroppedMtu:
      return "dropped-mtu";
    case DatagramFate::kDroppedLoss:
      return "dropped-loss";
    case DatagramFate::kDroppedQueue:
      return "dropped-queue";
    case DatagramFate::kDroppedUnroutable:
      return "dropped-unroutable";
    case DatagramFate::kDroppedNoRoute:
      return "dropped-no-route";
  }
  return "unknown";
}

}  // namespace quasar::sim
