// Request path normalisation for the file server: turns a request target into a path relative
// to the served directory, refusing anything that could leave it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace quasar::tools {

enum class PathError {
  kMalformed,  // not "/...", a bad %-escape, or a NUL or backslash byte
  kEscapes,    // a ".." segment (also spelled %2e%2e): refused, never resolved
};

struct NormalizedPath {
  std::optional<std::string> relative;  // "dir/file"; empty for the root itself
  PathError error = PathError::kMalformed;
};

// The target must be origin-form ("/a/b", RFC 9110 §7.1); the query ("?...") is ignored.
// %-escapes are decoded first, so "%2e%2e" is "..". Empty and "." segments are dropped.
NormalizedPath normalize_request_path(std::string_view target);

}  // namespace quasar::tools
