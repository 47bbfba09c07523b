// ConnectionId formatting.
#include "quic/base/connection_id.h"

#include "quic/base/hex.h"

namespace quasar {

std::string ConnectionId::to_hex() const { return hex_encode(span()); }

}  // namespace quasar
