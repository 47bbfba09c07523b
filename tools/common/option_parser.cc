// OptionParser.
#include "tools/common/option_parser.h"

#include <charconv>

namespace quasar::tools {

void OptionParser::add_switch(std::string name, char short_name, std::string help,
                              std::function<void()> on) {
  Option o;
  o.name = std::move(name);
  o.short_name = short_name;
  o.help = std::move(help);
  o.on_switch = std::move(on);
  options_.push_back(std::move(o));
}

void OptionParser::add_value(std::string name, char short_name, std::string value_name,
                             std::string help, ValueHandler on) {
  Option o;
  o.name = std::move(name);
  o.short_name = short_name;
  o.value_name = std::move(value_name);
  o.help = std::move(help);
  o.on_value = std::move(on);
  options_.push_back(std::move(o));
}

const OptionParser::Option* OptionParser::find(std::string_view name) const {
  for (const Option& o : options_) {
    if (o.name == name) return &o;
  }
  return nullptr;
}

const OptionParser::Option* OptionParser::find_short(char name) const {
  for (const Option& o : options_) {
    if (o.short_name != 0 && o.short_name == name) return &o;
  }
  return nullptr;
}

std::optional<std::string> OptionParser::parse(int argc, const char* const* argv) {
  positional_.clear();
  bool only_positional = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (only_positional || arg.size() < 2 || arg[0] != '-') {
      positional_.emplace_back(arg);
      continue;
    }
    if (arg == "--") {
      only_positional = true;
      continue;
    }
    const Option* option = nullptr;
    std::optional<std::string_view> inline_value;
    std::string shown;
    if (arg.starts_with("--")) {
      std::string_view name = arg.substr(2);
      if (const size_t eq = name.find('='); eq != std::string_view::npos) {
        inline_value = name.substr(eq + 1);
        name = name.substr(0, eq);
      }
      option = find(name);
      shown = "--" + std::string(name);
    } else {
      option = arg.size() == 2 ? find_short(arg[1]) : nullptr;
      shown = std::string(arg);
    }
    if (option == nullptr) return "unknown option " + shown;
    if (option->value_name.empty()) {
      if (inline_value) return shown + " takes no value";
      option->on_switch();
      continue;
    }
    std::string_view value;
    if (inline_value) {
      value = *inline_value;
    } else if (i + 1 < argc) {
      value = argv[++i];
    } else {
      return "missing value for " + shown;
    }
    if (auto error = option->on_value(value)) return shown + ": " + *error;
  }
  return std::nullopt;
}

std::string OptionParser::option_list() const {
  std::string out;
  for (const Option& o : options_) {
    std::string left = o.short_name != 0 ? std::string("  -") + o.short_name + ", " : "      ";
    left += "--" + o.name;
    if (!o.value_name.empty()) left += " " + o.value_name;
    if (left.size() < 28)
      left.resize(28, ' ');
    else
      left += "  ";
    out += left + o.help + "\n";
  }
  return out;
}

std::optional<std::string> parse_unsigned(std::string_view text, uint64_t min, uint64_t max,
                                          uint64_t& out) {
  uint64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || text.empty()) {
    return "'" + std::string(text) + "' is not a number";
  }
  if (value < min || value > max) {
    return "must be between " + std::to_string(min) + " and " + std::to_string(max);
  }
  out = value;
  return std::nullopt;
}

}  // namespace quasar::tools
