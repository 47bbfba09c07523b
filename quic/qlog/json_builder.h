// JsonBuilder: a minimal streaming JSON writer for qlog events (objects, arrays, scalars).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace quasar {

// Appends to a string the caller may reuse between events, so steady-state logging does not
// allocate once the string has grown. Commas between members are inserted automatically.
class JsonBuilder {
 public:
  explicit JsonBuilder(std::string& out) : out_(out) {}

  JsonBuilder& begin_object();
  JsonBuilder& end_object();
  JsonBuilder& begin_array();
  JsonBuilder& end_array();
  // Starts a member of the enclosing object; follow with a value or begin_object/begin_array.
  JsonBuilder& key(std::string_view name);

  JsonBuilder& value(std::string_view s);
  JsonBuilder& value(const char* s) { return value(std::string_view(s)); }
  JsonBuilder& value(uint64_t v);
  JsonBuilder& value(int64_t v);
  JsonBuilder& value(int v) { return value(static_cast<int64_t>(v)); }
  JsonBuilder& value(unsigned v) { return value(static_cast<uint64_t>(v)); }
  JsonBuilder& value(double v);
  JsonBuilder& value(bool v);
  // Bytes as a lowercase hex string.
  JsonBuilder& hex(std::span<const uint8_t> bytes);

  template <typename T>
  JsonBuilder& member(std::string_view name, const T& v) {
    key(name);
    return value(v);
  }

 private:
  void separator();
  std::string& out_;
  bool need_comma_ = false;
};

}  // namespace quasar
