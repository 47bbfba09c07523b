// FileSender.
#include "tools/server/file_sender.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <utility>

namespace quasar::tools {

FileSender::~FileSender() { close(); }

FileSender::FileSender(FileSender&& other) noexcept
    : file_(std::exchange(other.file_, OpenedFile{})),
      buffer_(std::move(other.buffer_)),
      begin_(other.begin_),
      end_(other.end_),
      read_(other.read_),
      sent_(other.sent_),
      failed_(other.failed_) {}

FileSender& FileSender::operator=(FileSender&& other) noexcept {
  if (this != &other) {
    close();
    file_ = std::exchange(other.file_, OpenedFile{});
    buffer_ = std::move(other.buffer_);
    begin_ = other.begin_;
    end_ = other.end_;
    read_ = other.read_;
    sent_ = other.sent_;
    failed_ = other.failed_;
  }
  return *this;
}

std::span<const uint8_t> FileSender::pending() {
  if (begin_ == end_ && read_ < file_.size && file_.fd >= 0 && !failed_) {
    if (buffer_.empty()) buffer_.resize(kChunkSize);
    const size_t want = static_cast<size_t>(std::min<uint64_t>(kChunkSize, file_.size - read_));
    ssize_t got;
    do {
      got = ::pread(file_.fd, buffer_.data(), want, static_cast<off_t>(read_));
    } while (got < 0 && errno == EINTR);
    if (got <= 0) {
      failed_ = true;  // an error, or the file shrank under us
      return {};
    }
    begin_ = 0;
    end_ = static_cast<size_t>(got);
    read_ += end_;
  }
  return std::span<const uint8_t>(buffer_).subspan(begin_, end_ - begin_);
}

void FileSender::consume(size_t n) {
  n = std::min(n, end_ - begin_);
  begin_ += n;
  sent_ += n;
}

void FileSender::close() {
  if (file_.fd >= 0) ::close(file_.fd);
  file_.fd = -1;
  std::vector<uint8_t>().swap(buffer_);
  begin_ = end_ = 0;
}

}  // namespace quasar::tools
