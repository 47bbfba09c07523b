// JsonBuilder implementation: escaping per RFC 8259 §7.
#include "quic/qlog/json_builder.h"

#include <cinttypes>
#include <cmath>
#include <cstdio>

namespace quasar {

void JsonBuilder::separator() {
  if (need_comma_) out_.push_back(',');
  need_comma_ = true;
}

JsonBuilder& JsonBuilder::begin_object() {
  separator();
  out_.push_back('{');
  need_comma_ = false;
  return *this;
}

JsonBuilder& JsonBuilder::end_object() {
  out_.push_back('}');
  need_comma_ = true;
  return *this;
}

JsonBuilder& JsonBuilder::begin_array() {
  separator();
  out_.push_back('[');
  need_comma_ = false;
  return *this;
}

JsonBuilder& JsonBuilder::end_array() {
  out_.push_back(']');
  need_comma_ = true;
  return *this;
}

JsonBuilder& JsonBuilder::key(std::string_view name) {
  value(name);
  out_.push_back(':');
  need_comma_ = false;
  return *this;
}

JsonBuilder& JsonBuilder::value(std::string_view s) {
  separator();
  out_.push_back('"');
  for (char c : s) {
    switch (c) {
      case '"':
        out_ += "\\\"";
        break;
      case '\\':
        out_ += "\\\\";
        break;
      case '\n':
        out_ += "\\n";
        break;
      case '\r':
        out_ += "\\r";
        break;
      case '\t':
        out_ += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
          out_ += buf;
        } else {
          out_.push_back(c);
        }
    }
  }
  out_.push_back('"');
  return *this;
}

JsonBuilder& JsonBuilder::value(uint64_t v) {
  separator();
  char buf[24];
  const int n = std::snprintf(buf, sizeof buf, "%" PRIu64, v);
  out_.append(buf, static_cast<size_t>(n));
  return *this;
}

JsonBuilder& JsonBuilder::value(int64_t v) {
  separator();
  char buf[24];
  const int n = std::snprintf(buf, sizeof buf, "%" PRId64, v);
  out_.append(buf, static_cast<size_t>(n));
  return *this;
}

JsonBuilder& JsonBuilder::value(double v) {
  separator();
  if (!std::isfinite(v)) {
    out_ += "null";
    return *this;
  }
  char buf[32];
  const int n = std::snprintf(buf, sizeof buf, "%.3f", v);
  out_.append(buf, static_cast<size_t>(n));
  return *this;
}

JsonBuilder& JsonBuilder::value(bool v) {
  separator();
  out_ += v ? "true" : "false";
  return *this;
}

JsonBuilder& JsonBuilder::hex(std::span<const uint8_t> bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  separator();
  out_.push_back('"');
  for (uint8_t b : bytes) {
    out_.push_back(kDigits[b >> 4]);
    out_.push_back(kDigits[b & 0xf]);
  }
  out_.push_back('"');
  return *this;
}

}  // namespace quasar
