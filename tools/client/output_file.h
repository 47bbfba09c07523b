// OutputFile: where one download's bytes go — a file in the output directory, written as
// NAME.part and renamed to NAME only when the download completed, or standard output.
#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace quasar::tools {

class OutputFile {
 public:
  // `path` "-" is standard output.
  explicit OutputFile(std::string path) : path_(std::move(path)) {}
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  // Creates NAME.part; an error message on failure.
  std::string open();
  // False (with error()) when the write failed, e.g. the disk is full.
  bool write(std::span<const uint8_t> bytes);
  // Flushes, closes and renames NAME.part to NAME.
  bool commit();
  // Closes and removes NAME.part.
  void discard();

  const std::string& path() const { return path_; }
  const std::string& error() const { return error_; }

 private:
  std::string path_;
  int fd_ = -1;
  bool is_stdout_ = false;
  std::string error_;
};

// The name a URL path is saved under: its last segment, "index.html" for a directory.
std::string output_name_for(const std::string& url_path);

}  // namespace quasar::tools
