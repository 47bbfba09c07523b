// AddressTable: which host holds which address, and the NAT in front of it: each local
// address appears to peers as a public address, which can be rebound while the old mapping
// keeps working for a grace period.
#pragma once

#include <optional>
#include <unordered_map>

#include "quic/base/socket_address.h"
#include "quic/base/time.h"
#include "quic/sim/sim_ids.h"

namespace quasar::sim {

// Where a datagram sent to some address ends up.
struct AddressBinding {
  NodeId node;
  SocketAddress local;  // the address the host sees the datagram arrive on
};

// A full-cone NAT per local address: anyone may send to the public address.
class AddressTable {
 public:
  // Gives `node` a local address that peers see unchanged (until a NAT mapping is set).
  // False if the address is taken.
  bool add_local(NodeId node, const SocketAddress& local);

  // Puts a NAT in front of `local`: peers see `public_address` from now on. Datagrams to the
  // previous public address stop arriving at once; the host's private address is no longer
  // reachable at all. False if `local` is unknown.
  bool set_public(const SocketAddress& local, const SocketAddress& public_address);

  // NAT rebinding at `now`: `local` appears as `new_public` from now on; datagrams to its old
  // public address keep arriving until `now + grace`. False if `local` is unknown.
  bool rebind(Instant now, const SocketAddress& local, const SocketAddress& new_public,
              Duration grace);

  // The node owning a local address.
  std::optional<NodeId> owner(const SocketAddress& local) const;
  // The address a datagram sent from `local` carries on the wire; nullptr if unknown.
  const SocketAddress* public_of(const SocketAddress& local) const;
  // The host a datagram to `destination` travels toward, even if its NAT mapping has expired
  // (the datagram then crosses the network and is dropped at the NAT).
  std::optional<NodeId> route_target(const SocketAddress& destination) const;
  // Where a datagram addressed to `destination` arrives at `now`, if anywhere.
  std::optional<AddressBinding> resolve(Instant now, const SocketAddress& destination) const;

 private:
  struct Local {
    NodeId node;
    SocketAddress public_address;
  };
  struct Public {
    AddressBinding binding;
    Instant expires = Instant::infinite_future();
  };

  std::unordered_map<SocketAddress, Local, SocketAddressHash> locals_;
  std::unordered_map<SocketAddress, Public, SocketAddressHash> publics_;
};

}  // namespace quasar::sim
