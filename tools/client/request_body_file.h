// read_whole_file(): the --data file of quasar-client, read once into memory as the body of
// every POST request.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace quasar::tools {

// Fills `content` with the file's bytes; an error message when it cannot be read.
std::string read_whole_file(const std::string& path, std::vector<uint8_t>& content);

}  // namespace quasar::tools
