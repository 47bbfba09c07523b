// The static file handler: request checks, file resolution and streaming.
#include "http3/static_file_handler.h"

#include <algorithm>
#include <fstream>
#include <string>
#include <vector>

#include "http3/byte_range.h"
#include "http3/content_type.h"
#include "http3/request_path.h"

namespace quasar::http3 {

namespace {

namespace fs = std::filesystem;

// True if `path` is `root` or lies below it (both canonical).
bool is_within(const fs::path& root, const fs::path& path) {
  const auto [root_end, path_it] =
      std::mismatch(root.begin(), root.end(), path.begin(), path.end());
  (void)path_it;
  return root_end == root.end();
}

class StaticFileHandler final : public RequestHandler {
 public:
  explicit StaticFileHandler(const fs::path& root) : root_(root) {}

  void on_request_headers(ServerExchange& ex) override {
    const RequestHead& request = ex.request();
    if (request.method != "GET" && request.method != "HEAD") {
      // RFC 9110 §15.5.6: 405 lists the methods the resource supports.
      respond_empty(ex, 405, {{"allow", "GET, HEAD"}});
      return;
    }
    const auto normalized = normalize_request_path(request.path);
    if (const auto* error = std::get_if<PathError>(&normalized)) {
      (void)error;
      respond_empty(ex, 400, {});
      return;
    }
    const auto file = resolve(std::get<std::string>(normalized));
    if (!file) {
      respond_empty(ex, 404, {});
      return;
    }
    std::error_code ec;
    const uint64_t size = fs::file_size(*file, ec);
    if (ec) {
      respond_empty(ex, 404, {});
      return;
    }
    file_.open(*file, std::ios::binary);
    if (!file_) {
      respond_empty(ex, 404, {});
      return;
    }

    const std::string* range_field = find_field(request.headers, "range");
    const RangeOutcome range = resolve_range(
        range_field ? std::optional<std::string_view>(*range_field) : std::nullopt, size);
    ResponseHead head;
    uint64_t first = 0;
    remaining_ = size;
    if (std::holds_alternative<RangeNotSatisfiable>(range)) {
      respond_empty(ex, 416, {{"content-range", "bytes */" + std::to_string(size)}});
      return;
    }
    if (const auto* r = std::get_if<ByteRange>(&range)) {
      head.status = 206;
      first = r->first;
      remaining_ = r->length();
      head.headers.push_back({"content-range", "bytes " + std::to_string(r->first) + "-" +
                                                   std::to_string(r->last) + "/" +
                                                   std::to_string(size)});
    }
    head.headers.push_back({"content-length", std::to_string(remaining_)});
    head.headers.push_back({"content-type", std::string(content_type_for(file->string()))});
    head.headers.push_back({"accept-ranges", "bytes"});
    if (!ex.send_headers(head, false).ok()) return;
    if (request.method == "HEAD" || remaining_ == 0) {
      (void)ex.send_body({}, true);
      return;
    }
    file_.seekg(static_cast<std::streamoff>(first));
    pump(ex);
  }

  void on_writable(ServerExchange& ex) override { pump(ex); }

 private:
  // The file for a normalized relative path: a regular file below the root, or a directory's
  // index.html. Symbolic links leading out of the root are not followed.
  std::optional<fs::path> resolve(const std::string& relative) const {
    std::error_code ec;
    fs::path candidate = relative.empty() ? root_ : root_ / relative;
    if (fs::is_directory(candidate, ec)) candidate /= "index.html";
    const fs::path canonical = fs::canonical(candidate, ec);
    if (ec || !is_within(root_, canonical)) return std::nullopt;
    if (!fs::is_regular_file(canonical, ec)) return std::nullopt;
    return canonical;
  }

  void respond_empty(ServerExchange& ex, uint16_t status, Fields headers) {
    ResponseHead head;
    head.status = status;
    head.headers = std::move(headers);
    head.headers.push_back({"content-length", "0"});
    (void)ex.send_headers(head, true);
  }

  // Reads the file and sends it as far as flow control allows.
  void pump(ServerExchange& ex) {
    while (remaining_ > 0 || offset_ < buffered_) {
      if (offset_ == buffered_) {
        const size_t want =
            static_cast<size_t>(std::min<uint64_t>(remaining_, ServerExchange::kMaxBodyChunk));
        buffer_.resize(ServerExchange::kMaxBodyChunk);
        file_.read(reinterpret_cast<char*>(buffer_.data()), static_cast<std::streamsize>(want));
        buffered_ = static_cast<size_t>(file_.gcount());
        offset_ = 0;
        if (buffered_ == 0) {
          // The file shrank under us: end the response abruptly rather than lie.
          ex.cancel(wire_code(Http3ErrorCode::kInternalError));
          return;
        }
        remaining_ -= buffered_;
      }
      const std::span<const uint8_t> chunk(buffer_.data() + offset_, buffered_ - offset_);
      const auto taken = ex.send_body(chunk, remaining_ == 0);
      if (!taken.ok() || *taken == 0) return;
      offset_ += *taken;
    }
  }

  fs::path root_;
  std::ifstream file_;
  uint64_t remaining_ = 0;  // bytes of the range not yet read from the file
  std::vector<uint8_t> buffer_;
  size_t buffered_ = 0;
  size_t offset_ = 0;
};

}  // namespace

StaticFileHandlerFactory::StaticFileHandlerFactory(const std::filesystem::path& root) {
  std::error_code ec;
  root_ = std::filesystem::canonical(root, ec);
  if (ec) root_ = root;
}

std::unique_ptr<RequestHandler> StaticFileHandlerFactory::make_handler(ServerExchange&) {
  return std::make_unique<StaticFileHandler>(root_);
}

}  // namespace quasar::http3
