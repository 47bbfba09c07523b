// Utilities shared by the qpack tests: hex conversion, a collecting sink, corpus paths.
#pragma once

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "qpack/field_line.h"

namespace quasar::qpack::test {

// "51 0b 2f69" -> bytes; spaces are ignored.
inline std::vector<uint8_t> from_hex(std::string_view hex) {
  std::vector<uint8_t> out;
  int high = -1;
  for (char c : hex) {
    int v;
    if (c >= '0' && c <= '9') {
      v = c - '0';
    } else if (c >= 'a' && c <= 'f') {
      v = c - 'a' + 10;
    } else if (c >= 'A' && c <= 'F') {
      v = c - 'A' + 10;
    } else {
      continue;
    }
    if (high < 0) {
      high = v;
    } else {
      out.push_back(static_cast<uint8_t>(high << 4 | v));
      high = -1;
    }
  }
  return out;
}

inline std::string to_hex(const std::vector<uint8_t>& bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (uint8_t b : bytes) {
    out += kDigits[b >> 4];
    out += kDigits[b & 15];
  }
  return out;
}

struct DecodedLine {
  std::string name;
  std::string value;
  bool never_index = false;
  friend bool operator==(const DecodedLine&, const DecodedLine&) = default;
};

inline std::ostream& operator<<(std::ostream& os, const DecodedLine& line) {
  return os << "{" << line.name << ": " << line.value << (line.never_index ? " (N)" : "") << "}";
}

class CollectingSink : public FieldLineSink {
 public:
  void on_field_line(std::string_view name, std::string_view value, bool never_index) override {
    lines.push_back({std::string(name), std::string(value), never_index});
  }
  std::vector<DecodedLine> lines;
};

// Where the build extracted the QPACK offline-interop corpus.
inline std::filesystem::path interop_dir() { return QUASAR_QPACK_INTEROP_DIR; }

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace quasar::qpack::test
