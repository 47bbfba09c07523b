// Turning a request's :path into a file path that cannot leave the served directory: the
// query is dropped, percent-encoding decoded (RFC 3986 §2.1), empty and "." segments skipped,
// and anything that could climb out ("..", encoded or not) or smuggle a separator refused.
#pragma once

#include <string>
#include <string_view>
#include <variant>

namespace quasar::http3 {

enum class PathError : uint8_t {
  kNotOriginForm,  // not starting with "/" (e.g. "*" or an absolute URI)
  kBadEncoding,    // a "%" not followed by two hex digits
  kForbiddenByte,  // NUL, a control character, or "/" or "\" hidden in a percent-encoding
  kTraversal,      // a ".." segment
};

// The relative file path ("dir/file.txt", "" for the root) for `request_path`, or why not.
std::variant<std::string, PathError> normalize_request_path(std::string_view request_path);

}  // namespace quasar::http3
