// SystemRng: the production Rng, drawing from BoringSSL's CSPRNG (RAND_bytes).
#pragma once

#include <cstdint>
#include <span>

#include "quic/base/rng.h"

namespace quasar {

class SystemRng final : public Rng {
 public:
  void fill(std::span<uint8_t> out) override;
};

}  // namespace quasar
