// Logger: the tools' log lines on stderr, each stamped with the local wall-clock time, filtered
// by verbosity (--quiet, --verbose).
#pragma once

#include <string_view>

namespace quasar::tools {

enum class Verbosity { kQuiet, kNormal, kVerbose };

class Logger {
 public:
  explicit Logger(std::string_view program) : program_(program) {}
  void set_verbosity(Verbosity v) { verbosity_ = v; }
  Verbosity verbosity() const { return verbosity_; }

  // Start-up lines, warnings and errors are shown even with --quiet.
  void always(std::string_view line) const { write("", line); }
  void warning(std::string_view line) const { write("warning: ", line); }
  void error(std::string_view line) const { write("error: ", line); }
  // Per-request and per-connection lines, hidden by --quiet.
  void info(std::string_view line) const {
    if (verbosity_ != Verbosity::kQuiet) write("", line);
  }
  // Details shown with --verbose only.
  void debug(std::string_view line) const {
    if (verbosity_ == Verbosity::kVerbose) write("", line);
  }

 private:
  void write(std::string_view prefix, std::string_view line) const;

  std::string_view program_;
  Verbosity verbosity_ = Verbosity::kNormal;
};

}  // namespace quasar::tools
