// AddressTable: local addresses, NAT mappings and rebinding grace periods.
#include "quic/sim/address_table.h"

#include <cstdint>

namespace quasar::sim {
namespace {

constexpr Instant kAlreadyExpired = Instant::from_nanos(INT64_MIN);

}  // namespace

bool AddressTable::add_local(NodeId node, const SocketAddress& local) {
  if (locals_.contains(local) || publics_.contains(local)) return false;
  locals_.emplace(local, Local{node, local});
  publics_[local] = Public{AddressBinding{node, local}, Instant::infinite_future()};
  return true;
}

bool AddressTable::set_public(const SocketAddress& local, const SocketAddress& public_address) {
  auto it = locals_.find(local);
  if (it == locals_.end()) return false;
  const SocketAddress& old_public = it->second.public_address;
  if (old_public == local) {
    publics_.erase(old_public);  // a private address is not reachable from outside
  } else {
    publics_[old_public].expires = kAlreadyExpired;  // still routed to the NAT, dropped there
  }
  it->second.public_address = public_address;
  publics_[public_address] =
      Public{AddressBinding{it->second.node, local}, Instant::infinite_future()};
  return true;
}

bool AddressTable::rebind(Instant now, const SocketAddress& local, const SocketAddress& new_public,
                          Duration grace) {
  auto it = locals_.find(local);
  if (it == locals_.end()) return false;
  const SocketAddress old_public = it->second.public_address;
  it->second.public_address = new_public;
  if (old_public != new_public) {
    auto old_entry = publics_.find(old_public);
    if (old_entry != publics_.end()) old_entry->second.expires = now + grace;
  }
  publics_[new_public] = Public{AddressBinding{it->second.node, local}, Instant::infinite_future()};
  return true;
}

std::optional<NodeId> AddressTable::owner(const SocketAddress& local) const {
  auto it = locals_.find(local);
  if (it == locals_.end()) return std::nullopt;
  return it->second.node;
}

const SocketAddress* AddressTable::public_of(const SocketAddress& local) const {
  auto it = locals_.find(local);
  return it == locals_.end() ? nullptr : &it->second.public_address;
}

std::optional<NodeId> AddressTable::route_target(const SocketAddress& destination) const {
  auto it = publics_.find(destination);
  if (it == publics_.end()) return std::nullopt;
  return it->second.binding.node;
}

std::optional<AddressBinding> AddressTable::resolve(Instant now,
                                                    const SocketAddress& destination) const {
  auto it = publics_.find(destination);
  if (it == publics_.end() || now >= it->second.expires) return std::nullopt;
  return it->second.binding;
}

}  // namespace quasar::sim
