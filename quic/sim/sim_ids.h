// NodeId and LinkId: strong indices naming the simulator's hosts and one-way links.
#pragma once

#include <cstdint>

namespace quasar::sim {

enum class NodeId : uint32_t {};
enum class LinkId : uint32_t {};

// Marks "no link" in traces of datagrams that never reached one.
inline constexpr LinkId kNoLink{UINT32_MAX};

constexpr uint32_t index_of(NodeId id) { return static_cast<uint32_t>(id); }
constexpr uint32_t index_of(LinkId id) { return static_cast<uint32_t>(id); }

}  // namespace quasar::sim
