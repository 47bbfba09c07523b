// The static file handler: request path normalization, content types, byte ranges, and serving
// a directory through the HTTP/3 server — including every way of trying to leave it.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "http3/byte_range.h"
#include "http3/content_type.h"
#include "http3/request_path.h"
#include "http3/static_file_handler.h"
#include "tests/http3/http3_pair.h"

namespace quasar::http3::test {
namespace {

namespace fs = std::filesystem;

std::string normalized(std::string_view path) {
  const auto r = normalize_request_path(path);
  REQUIRE(std::holds_alternative<std::string>(r));
  return std::get<std::string>(r);
}

PathError refused(std::string_view path) {
  const auto r = normalize_request_path(path);
  REQUIRE(std::holds_alternative<PathError>(r));
  return std::get<PathError>(r);
}

TEST_CASE("request paths normalize inside the root or are refused", "[http3][static]") {
  CHECK(normalized("/") == "");
  CHECK(normalized("/index.html") == "index.html");
  CHECK(normalized("//a//./b/") == "a/b");
  CHECK(normalized("/a/.") == "a");
  CHECK(normalized("/a%20b/%41") == "a b/A");
  CHECK(normalized("/a?x=../../etc/passwd") == "a");
  CHECK(normalized("/a#..") == "a");
  CHECK(normalized("/.../x") == ".../x");  // three dots is a name, not a parent
  CHECK(normalized("/..a/b..") == "..a/b..");
  CHECK(normalized("//etc/passwd") == "etc/passwd");  // stays relative to the root

  CHECK(refused("/..") == PathError::kTraversal);
  CHECK(refused("/../etc/passwd") == PathError::kTraversal);
  CHECK(refused("/a/../../b") == PathError::kTraversal);
  CHECK(refused("/a/..") == PathError::kTraversal);
  CHECK(refused("/%2e%2e/etc/passwd") == PathError::kTraversal);
  CHECK(refused("/%2E%2e") == PathError::kTraversal);
  CHECK(refused("/.%2e/x") == PathError::kTraversal);
  CHECK(refused("/a%2f..%2fb") == PathError::kForbiddenByte);
  CHECK(refused("/a%2Fb") == PathError::kForbiddenByte);
  CHECK(refused("/a%5c..%5cb") == PathError::kForbiddenByte);
  CHECK(refused("/a\\..\\b") == PathError::kForbiddenByte);
  CHECK(refused("/a%00.txt") == PathError::kForbiddenByte);
  CHECK(refused("/a\nb") == PathError::kForbiddenByte);
  CHECK(refused("/%") == PathError::kBadEncoding);
  CHECK(refused("/%2") == PathError::kBadEncoding);
  CHECK(refused("/%zz") == PathError::kBadEncoding);
  CHECK(refused("/%%32%65") == PathError::kBadEncoding);
  CHECK(refused("") == PathError::kNotOriginForm);
  CHECK(refused("*") == PathError::kNotOriginForm);
  CHECK(refused("index.html") == PathError::kNotOriginForm);
  CHECK(refused("http://example.com/") == PathError::kNotOriginForm);
}

TEST_CASE("content types come from the extension", "[http3][static]") {
  CHECK(content_type_for("index.html") == "text/html; charset=utf-8");
  CHECK(content_type_for("/srv/STYLE.CSS") == "text/css; charset=utf-8");
  CHECK(content_type_for("app.js") == "text/javascript; charset=utf-8");
  CHECK(content_type_for("a.tar.gz") == "application/gzip");
  CHECK(content_type_for("photo.JPeG") == "image/jpeg");
  CHECK(content_type_for("font.woff2") == "font/woff2");
  CHECK(content_type_for("README") == "application/octet-stream");
  CHECK(content_type_for("dir.d/file") == "application/octet-stream");
  CHECK(content_type_for("trailing.") == "application/octet-stream");
  CHECK(content_type_for("x.unknownext") == "application/octet-stream");
}

TEST_CASE("byte ranges resolve against the size", "[http3][static]") {
  const auto range = [](std::string_view v, uint64_t size) { return resolve_range(v, size); };
  CHECK(std::holds_alternative<WholeRepresentation>(resolve_range(std::nullopt, 10)));
  CHECK(std::get<ByteRange>(range("bytes=0-4", 10)) == ByteRange{0, 4});
  CHECK(std::get<ByteRange>(range("bytes=5-", 10)) == ByteRange{5, 9});
  CHECK(std::get<ByteRange>(range("bytes=5-100", 10)) == ByteRange{5, 9});
  CHECK(std::get<ByteRange>(range("bytes=-3", 10)) == ByteRange{7, 9});
  CHECK(std::get<ByteRange>(range("bytes=-30", 10)) == ByteRange{0, 9});
  CHECK(std::get<ByteRange>(range("Bytes=2-2", 10)) == ByteRange{2, 2});
  CHECK(std::get<ByteRange>(range("bytes=2-2", 10)).length() == 1);
  CHECK(std::holds_alternative<RangeNotSatisfiable>(range("bytes=10-", 10)));
  CHECK(std::holds_alternative<RangeNotSatisfiable>(range("bytes=-0", 10)));
  CHECK(std::holds_alternative<RangeNotSatisfiable>(range("bytes=0-", 0)));
  for (const char* ignored : {"bytes=5-2", "bytes=0-1,3-4", "items=0-1", "bytes=a-b",
                              "bytes=", "bytes=-", "bytes 0-1", "bytes=1"}) {
    INFO(ignored);
    CHECK(std::holds_alternative<WholeRepresentation>(range(ignored, 10)));
  }
}

// A directory to serve, with a secret file beside it and a symbolic link out of it.
class ServedDirectory {
 public:
  ServedDirectory() {
    base_ = fs::temp_directory_path() /
            ("quasar-http3-static-" + std::to_string(reinterpret_cast<uintptr_t>(this)));
    fs::remove_all(base_);
    root_ = base_ / "www";
    fs::create_directories(root_ / "sub");
    fs::create_directories(root_ / "empty-dir");
    write(base_ / "secret.txt", "top secret");
    write(root_ / "index.html", "<h1>hello</h1>");
    write(root_ / "sub" / "page.txt", "sub page");
    write(root_ / "sub" / "index.html", "sub index");
    write(root_ / "empty.bin", "");
    const std::vector<uint8_t> data = pattern(200000);
    std::ofstream(root_ / "data.bin", std::ios::binary)
        .write(reinterpret_cast<const char*>(data.data()),
               static_cast<std::streamsize>(data.size()));
    std::error_code ec;
    fs::create_symlink(base_ / "secret.txt", root_ / "link-out.txt", ec);
    fs::create_symlink(root_ / "sub" / "page.txt", root_ / "link-in.txt", ec);
  }
  ~ServedDirectory() {
    std::error_code ec;
    fs::remove_all(base_, ec);
  }
  const fs::path& root() const { return root_; }

 private:
  static void write(const fs::path& p, std::string_view text) {
    std::ofstream(p, std::ios::binary) << text;
  }
  fs::path base_;
  fs::path root_;
};

std::string as_text(const std::vector<uint8_t>& body) { return {body.begin(), body.end()}; }

std::string header(const CollectedResponse& r, std::string_view name) {
  const std::string* v = find_field(r.head->headers, name);
  return v ? *v : "";
}

TEST_CASE("the static file handler serves a directory", "[http3][static]") {
  ServedDirectory dir;
  StaticFileHandlerFactory files(dir.root());
  Http3Pair pair({}, {}, true, &files);
  pair.client_transport.stream_window = 10000;  // serve under flow control
  pair.server_transport.stream_window = 10000;
  const auto send = [&](std::string method, std::string path, Fields headers = {}) {
    return *pair.client.send_request(RequestHead{std::move(method), "https", "example.com",
                                                 std::move(path), std::move(headers)});
  };
  const RequestId index = send("GET", "/index.html");
  const RequestId root = send("GET", "/");
  const RequestId sub = send("GET", "/sub/");
  const RequestId page = send("GET", "/sub/page.txt?version=2");
  const RequestId data = send("GET", "/data.bin");
  const RequestId head = send("HEAD", "/data.bin");
  const RequestId range = send("GET", "/data.bin", {{"range", "bytes=1000-1999"}});
  const RequestId suffix = send("GET", "/data.bin", {{"range", "bytes=-10"}});
  const RequestId unsatisfiable = send("GET", "/data.bin", {{"range", "bytes=300000-"}});
  const RequestId empty = send("GET", "/empty.bin");
  const RequestId post = send("POST", "/index.html");
  const RequestId del = send("DELETE", "/index.html");
  const RequestId missing = send("GET", "/missing.html");
  const RequestId no_index = send("GET", "/empty-dir/");
  const RequestId link_in = send("GET", "/link-in.txt");
  pair.run();

  const auto& i = pair.events.at(index);
  REQUIRE(i.complete);
  CHECK(i.head->status == 200);
  CHECK(as_text(i.body) == "<h1>hello</h1>");
  CHECK(header(i, "content-type") == "text/html; charset=utf-8");
  CHECK(header(i, "content-length") == "14");
  CHECK(as_text(pair.events.at(root).body) == "<h1>hello</h1>");
  CHECK(as_text(pair.events.at(sub).body) == "sub index");
  CHECK(as_text(pair.events.at(page).body) == "sub page");
  CHECK(header(pair.events.at(page), "content-type") == "text/plain; charset=utf-8");

  const auto& d = pair.events.at(data);
  REQUIRE(d.complete);
  CHECK(d.body == pattern(200000));
  CHECK(header(d, "content-length") == "200000");
  CHECK(header(d, "content-type") == "application/octet-stream");
  CHECK(header(d, "accept-ranges") == "bytes");

  const auto& h = pair.events.at(head);
  REQUIRE(h.complete);
  CHECK(h.head->status == 200);
  CHECK(header(h, "content-length") == "200000");
  CHECK(h.body.empty());

  const auto& r = pair.events.at(range);
  REQUIRE(r.complete);
  CHECK(r.head->status == 206);
  CHECK(header(r, "content-range") == "bytes 1000-1999/200000");
  CHECK(header(r, "content-length") == "1000");
  CHECK(r.body == pattern(1000, 1000));
  CHECK(pair.events.at(suffix).body == pattern(10, 199990));
  CHECK(pair.events.at(unsatisfiable).head->status == 416);
  CHECK(header(pair.events.at(unsatisfiable), "content-range") == "bytes */200000");
  CHECK(pair.events.at(empty).head->status == 200);
  CHECK(pair.events.at(empty).body.empty());
  CHECK(pair.events.at(empty).complete);

  CHECK(pair.events.at(post).head->status == 405);
  CHECK(header(pair.events.at(post), "allow") == "GET, HEAD");
  CHECK(pair.events.at(del).head->status == 405);
  CHECK(pair.events.at(missing).head->status == 404);
  CHECK(pair.events.at(no_index).head->status == 404);
  if (fs::is_symlink(dir.root() / "link-in.txt")) {
    CHECK(as_text(pair.events.at(link_in).body) == "sub page");
  }
  CHECK(pair.server.active_exchanges() == 0);
}

TEST_CASE("path traversal attempts never reach a file outside the root", "[http3][static]") {
  ServedDirectory dir;
  StaticFileHandlerFactory files(dir.root());
  Http3Pair pair({}, {}, true, &files);
  struct Attempt {
    const char* path;
    uint16_t status;
  };
  const Attempt attempts[] = {
      {"/../secret.txt", 400},
      {"/sub/../../secret.txt", 400},
      {"/%2e%2e/secret.txt", 400},
      {"/%2E%2E/secret.txt", 400},
      {"/sub/%2e%2e/%2e%2e/secret.txt", 400},
      {"/..%2fsecret.txt", 400},
      {"/..%5csecret.txt", 400},
      {"/sub%2f..%2f..%2fsecret.txt", 400},
      {"/%00../secret.txt", 400},
      {"/..\\secret.txt", 400},
      {"/link-out.txt", 404},  // a symbolic link leading out of the root
      {"//secret.txt", 404},   // an absolute-looking path stays inside the root
      {"/secret.txt", 404},
  };
  std::vector<std::pair<RequestId, const Attempt*>> ids;
  for (const Attempt& a : attempts) {
    const auto id =
        pair.client.send_request(RequestHead{"GET", "https", "example.com", a.path, {}});
    REQUIRE(id.ok());
    ids.push_back({*id, &a});
  }
  pair.run();
  for (const auto& [id, attempt] : ids) {
    INFO(attempt->path);
    const auto& r = pair.events.at(id);
    REQUIRE(r.head);
    CHECK(r.head->status == attempt->status);
    CHECK(as_text(r.body).find("secret") == std::string::npos);
  }
  // Paths the client would not send (not origin-form) are refused by the server's message
  // checks or by the handler.
  const auto star = pair.client.send_request(RequestHead{"OPTIONS", "https", "a", "*", {}});
  pair.run();
  CHECK(pair.events.at(*star).head->status == 405);
}

}  // namespace
}  // namespace quasar::http3::test
