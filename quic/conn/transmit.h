// Transmit: one batch of datagrams poll_transmit() wrote into caller memory.
#pragma once

#include <cstddef>

#include "quic/base/ecn.h"
#include "quic/base/socket_address.h"

namespace quasar {

// `size` bytes were written: datagrams of `segment_size` bytes each, the last one possibly
// shorter — exactly what one sendmsg with UDP_SEGMENT (GSO) sends.
struct Transmit {
  SocketAddress source;
  SocketAddress destination;
  Ecn ecn = Ecn::kNotEct;
  size_t size = 0;
  size_t segment_size = 0;

  size_t segment_count() const {
    return segment_size == 0 ? 0 : (size + segment_size - 1) / segment_size;
  }
};

}  // namespace quasar
