// QlogFileWriter: JSON-SEQ records, times in milliseconds relative to the first event.
#include "quic/qlog/qlog_file_writer.h"

#include <cerrno>
#include <cstring>

#include "quic/qlog/json_builder.h"

namespace quasar {

std::unique_ptr<QlogFileWriter> QlogFileWriter::open(const std::string& path,
                                                     std::string_view vantage_point,
                                                     std::string_view group_id,
                                                     std::string* error) {
  std::FILE* file = std::fopen(path.c_str(), "w");
  if (!file) {
    if (error) *error = "cannot open " + path + ": " + std::strerror(errno);
    return nullptr;
  }
  std::string header;
  JsonBuilder json(header);
  json.begin_object()
      .member("qlog_version", "0.4")
      .member("qlog_format", "JSON-SEQ")
      .member("title", "quasar")
      .key("trace")
      .begin_object()
      .key("common_fields")
      .begin_object()
      .member("group_id", group_id)
      .member("time_format", "relative")
      .member("reference_time", 0.0)
      .end_object()
      .key("vantage_point")
      .begin_object()
      .member("name", "quasar")
      .member("type", vantage_point)
      .end_object()
      .end_object()
      .end_object();
  std::fputc(0x1e, file);
  std::fwrite(header.data(), 1, header.size(), file);
  std::fputc('\n', file);
  return std::unique_ptr<QlogFileWriter>(new QlogFileWriter(file, Instant()));
}

QlogFileWriter::QlogFileWriter(std::FILE* file, Instant reference)
    : file_(file), reference_(reference) {}

QlogFileWriter::~QlogFileWriter() { std::fclose(file_); }

void QlogFileWriter::emit(Instant time, std::string_view name, std::string_view data_json) {
  if (!have_reference_) {
    reference_ = time;
    have_reference_ = true;
  }
  line_.clear();
  line_.push_back('\x1e');
  JsonBuilder json(line_);
  json.begin_object()
      .member("time", static_cast<double>((time - reference_).nanos()) / 1e6)
      .member("name", name)
      .key("data");
  line_.append(data_json);
  line_ += "}\n";
  std::fwrite(line_.data(), 1, line_.size(), file_);
}

void QlogFileWriter::flush() { std::fflush(file_); }

}  // namespace quasar
