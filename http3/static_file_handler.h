// StaticFileHandlerFactory: serves the files of a directory over HTTP/3. GET and HEAD only
// (405 otherwise); Content-Length and Content-Type by extension; a single byte range (206, or
// 416 when unsatisfiable); index.html for directories; 404 for what does not exist or lies
// outside the directory; 400 for paths that try to climb out of it or are not valid.
#pragma once

#include <filesystem>
#include <memory>

#include "http3/request_handler.h"

namespace quasar::http3 {

class StaticFileHandlerFactory final : public RequestHandlerFactory {
 public:
  // Files are served from `root`, which must be a directory.
  explicit StaticFileHandlerFactory(const std::filesystem::path& root);

  std::unique_ptr<RequestHandler> make_handler(ServerExchange& exchange) override;
  const std::filesystem::path& root() const { return root_; }

 private:
  std::filesystem::path root_;  // canonical
};

}  // namespace quasar::http3
