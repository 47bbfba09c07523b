// FileSender: the bytes of one open file on their way into a stream. Reads ahead into its own
// buffer so that what the connection does not accept at once is kept, never read twice.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "tools/server/document_root.h"

namespace quasar::tools {

class FileSender {
 public:
  static constexpr size_t kChunkSize = 64 * 1024;

  FileSender() = default;
  // Takes ownership of the descriptor.
  explicit FileSender(OpenedFile file) : file_(file) {}
  ~FileSender();
  FileSender(FileSender&& other) noexcept;
  FileSender& operator=(FileSender&& other) noexcept;
  FileSender(const FileSender&) = delete;
  FileSender& operator=(const FileSender&) = delete;

  // The next bytes to write: what is buffered, refilled from the file when empty. Empty at the
  // end of the file or after a read error (see failed()).
  std::span<const uint8_t> pending();
  // `n` bytes of pending() were accepted.
  void consume(size_t n);

  bool open() const { return file_.fd >= 0; }
  bool done() const { return sent_ == file_.size; }
  bool failed() const { return failed_; }
  uint64_t size() const { return file_.size; }
  uint64_t sent() const { return sent_; }
  // Closes the file and frees the buffer.
  void close();

 private:
  OpenedFile file_;
  std::vector<uint8_t> buffer_;
  size_t begin_ = 0;  // unsent part of the buffer: [begin_, end_)
  size_t end_ = 0;
  uint64_t read_ = 0;  // file bytes read into the buffer so far
  uint64_t sent_ = 0;
  bool failed_ = false;
};

}  // namespace quasar::tools
