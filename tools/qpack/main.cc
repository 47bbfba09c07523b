// quasar-qpack: the QPACK offline interop tool.
//   quasar-qpack encode IN.qif OUT --table-size N --blocked N [--immediate-ack]
//   quasar-qpack decode IN OUT.qif --table-size N --blocked N
// Exit status: 0 on success, 1 when the input cannot be read or decoded, 2 on bad usage.
#include <charconv>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tools/qpack/interop_file.h"
#include "tools/qpack/offline_codec.h"
#include "tools/qpack/qif.h"

namespace {

using namespace quasar::qpack::offline;

constexpr const char* kUsage =
    "usage: quasar-qpack encode IN.qif OUT --table-size N --blocked N [--immediate-ack]\n"
    "       quasar-qpack decode IN OUT.qif --table-size N --blocked N\n";

int usage_error(const std::string& message) {
  std::fprintf(stderr, "quasar-qpack: %s\n%s", message.c_str(), kUsage);
  return 2;
}

int input_error(const std::string& message) {
  std::fprintf(stderr, "quasar-qpack: %s\n", message.c_str());
  return 1;
}

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

bool write_file(const std::string& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return static_cast<bool>(out);
}

std::optional<uint64_t> parse_number(std::string_view text) {
  uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

struct Arguments {
  std::string command;
  std::string input;
  std::string output;
  std::optional<uint64_t> table_size;
  std::optional<uint64_t> blocked;
  bool immediate_ack = false;
};

// Returns an error message, or nothing when the arguments are usable.
std::optional<std::string> parse_arguments(int argc, char** argv, Arguments& args) {
  std::vector<std::string_view> positional;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--table-size" || arg == "--blocked") {
      if (i + 1 >= argc) return std::string(arg) + " needs a value";
      const auto value = parse_number(argv[++i]);
      if (!value) return std::string(arg) + ": not a number: " + argv[i];
      (arg == "--table-size" ? args.table_size : args.blocked) = *value;
    } else if (arg == "--immediate-ack") {
      args.immediate_ack = true;
    } else if (arg.starts_with("--")) {
      return "unknown option " + std::string(arg);
    } else {
      positional.push_back(arg);
    }
  }
  if (positional.size() != 3) return std::string("expected a command, an input and an output");
  args.command = positional[0];
  args.input = positional[1];
  args.output = positional[2];
  if (args.command != "encode" && args.command != "decode") {
    return "unknown command " + args.command;
  }
  if (!args.table_size || !args.blocked)
    return std::string("--table-size and --blocked are required");
  if (args.command == "decode" && args.immediate_ack) {
    return std::string("--immediate-ack applies to encode only");
  }
  if (*args.table_size > quasar::qpack::EncoderConfig::kMaxCapacity) {
    return "--table-size above " + std::to_string(quasar::qpack::EncoderConfig::kMaxCapacity);
  }
  return std::nullopt;
}

int encode(const Arguments& args, const OfflineSettings& settings) {
  const auto text = read_file(args.input);
  if (!text) return input_error("cannot read " + args.input);
  const std::vector<HeaderList> lists = parse_qif(*text);
  const std::vector<uint8_t> file = encode_offline(lists, settings);
  if (!write_file(args.output,
                  std::string_view(reinterpret_cast<const char*>(file.data()), file.size()))) {
    return input_error("cannot write " + args.output);
  }
  return 0;
}

int decode(const Arguments& args, const OfflineSettings& settings) {
  const auto bytes = read_file(args.input);
  if (!bytes) return input_error("cannot read " + args.input);
  std::string error;
  const auto blocks = parse_interop_file(
      std::span(reinterpret_cast<const uint8_t*>(bytes->data()), bytes->size()), error);
  if (!blocks) return input_error(args.input + ": " + error);
  const auto sections = decode_offline(*blocks, settings, error);
  if (!sections) return input_error(args.input + ": " + error);
  std::vector<HeaderList> lists;
  for (const DecodedSection& section : *sections) lists.push_back(section.fields);
  if (!write_file(args.output, format_qif(lists))) {
    return input_error("cannot write " + args.output);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Arguments args;
  if (const auto message = parse_arguments(argc, argv, args)) return usage_error(*message);
  const OfflineSettings settings{*args.table_size, *args.blocked, args.immediate_ack};
  return args.command == "encode" ? encode(args, settings) : decode(args, settings);
}
