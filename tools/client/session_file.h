// The --session-file of quasar-client: a TLS session ticket kept between runs for resumption
// and 0-RTT (RFC 9001 §4.6), as the opaque bytes of a SessionTicket event.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace quasar::tools {

// The saved session, or nothing when the file is missing or empty.
std::vector<uint8_t> read_session_file(const std::string& path);
// Replaces the file's content (through a temporary file and a rename); an error message on
// failure.
std::string write_session_file(const std::string& path, const std::vector<uint8_t>& session);

}  // namespace quasar::tools
