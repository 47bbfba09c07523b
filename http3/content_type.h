// The Content-Type the static file handler sends for a file, from its extension.
#pragma once

#include <string_view>

namespace quasar::http3 {

// "text/html; charset=utf-8" for "index.html", ...; "application/octet-stream" when the
// extension is unknown or missing. Extensions match case-insensitively.
std::string_view content_type_for(std::string_view file_name);

}  // namespace quasar::http3
