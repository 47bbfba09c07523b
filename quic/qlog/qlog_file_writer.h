// QlogFileWriter: a QlogSink writing one JSON-SEQ qlog file (RFC 7464 records, qlog
// "JSON-SEQ" serialization with a header record describing the trace).
#pragma once

#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

#include "quic/qlog/qlog_sink.h"

namespace quasar {

class QlogFileWriter final : public QlogSink {
 public:
  // Opens `path` for writing; returns nullptr (and fills `error`) if it cannot.
  // `vantage_point` is "client" or "server"; `group_id` usually the original DCID in hex.
  static std::unique_ptr<QlogFileWriter> open(const std::string& path,
                                              std::string_view vantage_point,
                                              std::string_view group_id, std::string* error);
  ~QlogFileWriter() override;

  void emit(Instant time, std::string_view name, std::string_view data_json) override;
  void flush();

 private:
  QlogFileWriter(std::FILE* file, Instant reference);
  std::FILE* file_;
  bool have_reference_ = false;
  Instant reference_;
  std::string line_;
};

}  // namespace quasar
