// The TLS key log (NSS SSLKEYLOGFILE format) of a tool, appended to a file so that Wireshark can
// decrypt its traffic: --keylog FILE, or the SSLKEYLOGFILE environment variable.
#pragma once

#include <optional>
#include <string>

#include "crypto/tls_config.h"

namespace quasar::tools {

// The file named by `flag_value`, else by SSLKEYLOGFILE; nullopt when neither is set.
std::optional<std::string> key_log_path(const std::optional<std::string>& flag_value);

// A callback appending each line to `path` and flushing it at once (a few lines per
// connection), or an error message when the file cannot be opened.
struct KeyLogOpenResult {
  KeyLogCallback callback;
  std::string error;
};
KeyLogOpenResult open_key_log(const std::string& path);

}  // namespace quasar::tools
