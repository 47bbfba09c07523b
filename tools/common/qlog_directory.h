// QlogDirectory: one qlog file per connection in a directory (--qlog-dir), named after the
// connection's original destination CID as quic-interop-runner expects: <odcid>_<role>.sqlog.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "quic/base/connection_id.h"
#include "quic/base/role.h"
#include "quic/qlog/qlog_file_writer.h"

namespace quasar::tools {

class QlogDirectory {
 public:
  // Creates `directory` if needed; an error message when that fails.
  static std::string prepare(const std::string& directory);
  explicit QlogDirectory(std::string directory) : directory_(std::move(directory)) {}

  // The sink for a new connection (EndpointConfig::qlog_for); null if the file cannot be opened.
  QlogSink* open(Role role, const ConnectionId& original_dcid);
  // Connection `handle` closed: its file is flushed now, and closed by release_retired() once
  // `is_gone(handle)` says the endpoint dropped the connection (it may log until then).
  void retire(uint64_t handle, const ConnectionId& original_dcid);
  template <typename IsGone>
  void release_retired(IsGone is_gone) {
    std::erase_if(retired_, [&](const auto& entry) {
      if (!is_gone(entry.first)) return false;
      writers_.erase(entry.second);
      return true;
    });
  }
  // Flushes every open file (at shutdown).
  void flush_all();
  const std::string& last_error() const { return last_error_; }

 private:
  std::string directory_;
  std::map<ConnectionId, std::unique_ptr<QlogFileWriter>> writers_;
  std::vector<std::pair<uint64_t, ConnectionId>> retired_;
  std::string last_error_;
};

}  // namespace quasar::tools
