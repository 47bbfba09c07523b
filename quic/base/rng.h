// Rng: the randomness interface injected into the core, and SeededRng, a deterministic
// implementation (xoshiro256**) for tests, the simulator and fuzzing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace quasar {

class Rng {
 public:
  virtual ~Rng() = default;
  virtual void fill(std::span<uint8_t> out) = 0;

  uint64_t next_u64();
  // Uniform in [0, bound); 0 when bound is 0.
  uint64_t uniform(uint64_t bound);
  // Uniform in [0, 1).
  double next_double();
  // True with probability p.
  bool chance(double p) { return p > 0 && next_double() < p; }
};

// Deterministic: the same seed gives the same sequence on every platform.
class SeededRng final : public Rng {
 public:
  explicit SeededRng(uint64_t seed);
  void fill(std::span<uint8_t> out) override;
  uint64_t next();

 private:
  uint64_t state_[4];
};

}  // namespace quasar
