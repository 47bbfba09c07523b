// Secret: key material of up to 48 bytes held inline (no allocation) and wiped when destroyed.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace quasar {

class Secret {
 public:
  static constexpr size_t kCapacity = 48;

  Secret() = default;
  // Returns false (and leaves `out` empty) if `bytes` is longer than kCapacity.
  [[nodiscard]] static bool from_bytes(std::span<const uint8_t> bytes, Secret& out);
  // A secret of `length` zero bytes to be filled through mutable_span(); length <= kCapacity.
  static Secret of_length(size_t length);

  Secret(const Secret& other) { *this = other; }
  Secret& operator=(const Secret& other);
  ~Secret() { wipe(); }

  size_t size() const { return length_; }
  bool empty() const { return length_ == 0; }
  std::span<const uint8_t> span() const { return {bytes_.data(), length_}; }
  std::span<uint8_t> mutable_span() { return {bytes_.data(), length_}; }
  const uint8_t* data() const { return bytes_.data(); }

  // Overwrites the bytes with zeros and empties the secret.
  void wipe();

  // Constant-time comparison of length and contents.
  friend bool operator==(const Secret& a, const Secret& b);

 private:
  std::array<uint8_t, kCapacity> bytes_{};
  uint8_t length_ = 0;
};

}  // namespace quasar
