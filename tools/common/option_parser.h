// OptionParser: the command-line parser of the quasar tools — long options with values
// (`--name VALUE` or `--name=VALUE`), switches, optional short aliases, positional arguments
// and a generated option list for --help.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace quasar::tools {

class OptionParser {
 public:
  // A handler returns an error message for a bad value, or nullopt.
  using ValueHandler = std::function<std::optional<std::string>(std::string_view value)>;

  // A switch without a value, e.g. --quiet.
  void add_switch(std::string name, char short_name, std::string help, std::function<void()> on);
  // An option taking a value, e.g. --root DIR.
  void add_value(std::string name, char short_name, std::string value_name, std::string help,
                 ValueHandler on);

  // Parses argv[1..]; arguments not starting with '-' (and everything after "--") are
  // positional. Returns an error message, or nullopt on success.
  std::optional<std::string> parse(int argc, const char* const* argv);
  const std::vector<std::string>& positional() const { return positional_; }

  // One line per option: "  -o, --out DIR      where to save downloads".
  std::string option_list() const;

 private:
  struct Option {
    std::string name;
    char short_name = 0;
    std::string value_name;  // empty for a switch
    std::string help;
    std::function<void()> on_switch;
    ValueHandler on_value;
  };
  const Option* find(std::string_view name) const;
  const Option* find_short(char name) const;

  std::vector<Option> options_;
  std::vector<std::string> positional_;
};

// Value parsers for handlers: an unsigned decimal in [min, max], or an error message.
std::optional<std::string> parse_unsigned(std::string_view text, uint64_t min, uint64_t max,
                                          uint64_t& out);

}  // namespace quasar::tools
