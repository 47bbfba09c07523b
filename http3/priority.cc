// A Structured Field Dictionary parser (RFC 8941 §4.2.2) keeping what RFC 9218 needs.
#include "http3/priority.h"

#include <cstdint>

namespace quasar::http3 {

namespace {

// A member value, reduced to what the priority parameters can use.
struct Item {
  enum class Type : uint8_t { kInteger, kBoolean, kOther };
  Type type = Type::kOther;
  int64_t integer = 0;
  bool boolean = false;
};

class DictionaryParser {
 public:
  explicit DictionaryParser(std::string_view input) : in_(input) {}

  // Calls on_member(key, item) for every member, in order; false if the input is invalid.
  template <typename OnMember>
  bool parse(OnMember&& on_member) {
    skip_sp();  // RFC 8941 §4.2: leading and trailing SP are discarded
    while (pos_ < in_.size()) {
      std::string_view key;
      if (!parse_key(key)) return false;
      Item item;
      if (peek() == '=') {
        ++pos_;
        if (peek() == '(') {
          if (!parse_inner_list()) return false;
        } else if (!parse_bare_item(item)) {
          return false;
        }
      } else {
        item.type = Item::Type::kBoolean;  // a key alone is Boolean true
        item.boolean = true;
      }
      if (!parse_parameters()) return false;
      on_member(key, item);
      skip_ows();
      if (pos_ == in_.size()) return true;
      if (in_[pos_] != ',') return false;
      ++pos_;
      skip_ows();
      if (pos_ == in_.size()) return false;  // trailing comma
    }
    return true;
  }

 private:
  char peek() const { return pos_ < in_.size() ? in_[pos_] : '\0'; }
  void skip_sp() {
    while (pos_ < in_.size() && in_[pos_] == ' ') ++pos_;
  }
  void skip_ows() {
    while (pos_ < in_.size() && (in_[pos_] == ' ' || in_[pos_] == '\t')) ++pos_;
  }
  static bool is_lcalpha(char c) { return c >= 'a' && c <= 'z'; }
  static bool is_digit(char c) { return c >= '0' && c <= '9'; }
  static bool is_alpha(char c) { return is_lcalpha(c) || (c >= 'A' && c <= 'Z'); }
  static bool is_tchar(char c) {
    if (is_alpha(c) || is_digit(c)) return true;
    switch (c) {
      case '!':
      case '#':
      case '$':
      case '%':
      case '&':
      case '\'':
      case '*':
      case '+':
      case '-':
      case '.':
      case '^':
      case '_':
      case '`':
      case '|':
      case '~':
        return true;
      default:
        return false;
    }
  }

  // key = ( lcalpha / "*" ) *( lcalpha / DIGIT / "_" / "-" / "." / "*" )
  bool parse_key(std::string_view& key) {
    const size_t start = pos_;
    const char first = peek();
    if (!is_lcalpha(first) && first != '*') return false;
    ++pos_;
    while (pos_ < in_.size()) {
      const char c = in_[pos_];
      if (!is_lcalpha(c) && !is_digit(c) && c != '_' && c != '-' && c != '.' && c != '*') break;
      ++pos_;
    }
    key = in_.substr(start, pos_ - start);
    return true;
  }

  bool parse_parameters() {
    while (peek() == ';') {
      ++pos_;
      skip_sp();
      std::string_view key;
      if (!parse_key(key)) return false;
      if (peek() == '=') {
        ++pos_;
        Item ignored;
        if (!parse_bare_item(ignored)) return false;
      }
    }
    return true;
  }

  bool parse_inner_list() {
    ++pos_;  // '('
    for (;;) {
      skip_sp();
      if (peek() == ')') {
        ++pos_;
        return true;
      }
      Item ignored;
      if (!parse_bare_item(ignored) || !parse_parameters()) return false;
      const char c = peek();
      if (c != ' ' && c != ')') return false;
    }
  }

  bool parse_bare_item(Item& item) {
    const char c = peek();
    if (c == '-' || is_digit(c)) return parse_number(item);
    if (c == '"') return parse_string();
    if (c == '*' || is_alpha(c)) return parse_token();
    if (c == ':') return parse_binary();
    if (c == '?') return parse_boolean(item);
    return false;
  }

  // RFC 8941 §4.2.4: at most 15 integer digits, or a decimal with at most 12 integer and 3
  // fractional digits.
  bool parse_number(Item& item) {
    bool negative = false;
    if (peek() == '-') {
      negative = true;
      ++pos_;
    }
    if (!is_digit(peek())) return false;
    int64_t value = 0;
    size_t digits = 0;
    while (is_digit(peek())) {
      value = value * 10 + (in_[pos_] - '0');
      ++pos_;
      if (++digits > 15) return false;
    }
    if (peek() != '.') {
      item.type = Item::Type::kInteger;
      item.integer = negative ? -value : value;
      return true;
    }
    if (digits > 12) return false;
    ++pos_;
    size_t fraction = 0;
    while (is_digit(peek())) {
      ++pos_;
      ++fraction;
    }
    if (fraction == 0 || fraction > 3) return false;
    item.type = Item::Type::kOther;  // a Decimal: no priority parameter takes one
    return true;
  }

  bool parse_string() {
    ++pos_;  // '"'
    while (pos_ < in_.size()) {
      const char c = in_[pos_++];
      if (c == '\\') {
        const char next = peek();
        if (next != '"' && next != '\\') return false;
        ++pos_;
      } else if (c == '"') {
        return true;
      } else if (c < 0x20 || c > 0x7e) {
        return false;
      }
    }
    return false;
  }

  bool parse_token() {
    ++pos_;
    while (pos_ < in_.size() && (is_tchar(in_[pos_]) || in_[pos_] == ':' || in_[pos_] == '/')) {
      ++pos_;
    }
    return true;
  }

  bool parse_binary() {
    ++pos_;  // ':'
    while (pos_ < in_.size()) {
      const char c = in_[pos_++];
      if (c == ':') return true;
      if (!is_alpha(c) && !is_digit(c) && c != '+' && c != '/' && c != '=') return false;
    }
    return false;
  }

  bool parse_boolean(Item& item) {
    ++pos_;  // '?'
    const char c = peek();
    if (c != '0' && c != '1') return false;
    ++pos_;
    item.type = Item::Type::kBoolean;
    item.boolean = c == '1';
    return true;
  }

  std::string_view in_;
  size_t pos_ = 0;
};

}  // namespace

std::optional<Priority> parse_priority(std::string_view field_value, Priority base) {
  // Later members replace earlier ones with the same key (RFC 8941 §4.2.2), so the result is
  // the last valid value of each parameter, or the base when the last one is unusable.
  std::optional<Item> urgency;
  std::optional<Item> incremental;
  DictionaryParser parser(field_value);
  const bool ok = parser.parse([&](std::string_view key, const Item& item) {
    if (key == "u") urgency = item;
    if (key == "i") incremental = item;
  });
  if (!ok) return std::nullopt;
  Priority p = base;
  if (urgency && urgency->type == Item::Type::kInteger && urgency->integer >= 0 &&
      urgency->integer <= Priority::kLowestUrgency) {
    p.urgency = static_cast<uint8_t>(urgency->integer);
  }
  if (incremental && incremental->type == Item::Type::kBoolean) {
    p.incremental = incremental->boolean;
  }
  return p;
}

std::string format_priority(const Priority& priority) {
  std::string out;
  if (priority.urgency != Priority::kDefaultUrgency) {
    out = "u=" + std::to_string(priority.urgency);
  }
  if (priority.incremental) out += out.empty() ? "i" : ", i";
  return out;
}

}  // namespace quasar::http3
