// The parts of quasar-server and quasar-client that need no network: request path
// normalisation and the document root, URLs, hq-interop request lines and status codes,
// option parsing and output names.
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>

#include "tools/client/client_options.h"
#include "tools/client/h3_client_session.h"
#include "tools/client/hq_client_session.h"
#include "tools/client/output_file.h"
#include "tools/client/url.h"
#include "tools/common/hq_interop.h"
#include "tools/common/option_parser.h"
#include "tools/common/units.h"
#include "tools/server/document_root.h"
#include "tools/server/file_sender.h"
#include "tools/server/request_path.h"
#include "tools/server/server_options.h"

namespace quasar::tools {
namespace {

TEST_CASE("Request paths are normalised inside the root", "[io][tools]") {
  auto relative = [](std::string_view target) {
    return normalize_request_path(target).relative.value_or("<refused>");
  };
  CHECK(relative("/") == "");
  CHECK(relative("/index.html") == "index.html");
  CHECK(relative("/a//b/./c") == "a/b/c");
  CHECK(relative("/a%20b") == "a b");
  CHECK(relative("/file?x=1") == "file");
  CHECK(relative("/%41") == "A");
}

TEST_CASE("Request paths that leave the root or are malformed are refused", "[io][tools]") {
  for (const char* target : {"/..", "/../etc/passwd", "/a/../../b", "/%2e%2e/x", "/%2E%2e/x",
                             "/a/%2e%2e/%2e%2e/x", "/.%2e/x"}) {
    CAPTURE(target);
    const NormalizedPath p = normalize_request_path(target);
    CHECK_FALSE(p.relative.has_value());
    CHECK(p.error == PathError::kEscapes);
  }
  for (const char* target :
       {"", "index.html", "http://evil/x", "/%zz", "/%4", "/a%00b", "/a\\..\\b", "*"}) {
    CAPTURE(target);
    const NormalizedPath p = normalize_request_path(target);
    CHECK_FALSE(p.relative.has_value());
    CHECK(p.error == PathError::kMalformed);
  }
}

class TempTree {
 public:
  TempTree() {
    char pattern[] = "/tmp/quasar-io-test-XXXXXX";
    dir_ = ::mkdtemp(pattern);
    ::mkdir((dir_ + "/www").c_str(), 0755);
    ::mkdir((dir_ + "/www/sub").c_str(), 0755);
    std::ofstream(dir_ + "/www/hello.txt") << "hello";
    std::ofstream(dir_ + "/www/sub/index.html") << "<p>";
    std::ofstream(dir_ + "/secret") << "secret";
    REQUIRE(::symlink((dir_ + "/secret").c_str(), (dir_ + "/www/link-out").c_str()) == 0);
    REQUIRE(::symlink("hello.txt", (dir_ + "/www/link-in").c_str()) == 0);
  }
  ~TempTree() { std::system(("rm -rf '" + dir_ + "'").c_str()); }
  const std::string& dir() const { return dir_; }

 private:
  std::string dir_;
};

TEST_CASE("DocumentRoot opens files and refuses the rest with a status", "[io][tools]") {
  TempTree tree;
  CHECK(DocumentRoot::check(tree.dir() + "/www").empty());
  CHECK_FALSE(DocumentRoot::check(tree.dir() + "/nope").empty());
  DocumentRoot root(tree.dir() + "/www");
  auto status = [&](std::string_view target) {
    FileLookup f = root.open(target);
    if (f.file.fd >= 0) ::close(f.file.fd);
    return f.status;
  };
  FileLookup hello = root.open("/hello.txt");
  REQUIRE(hello.status == HqStatus::kOk);
  CHECK(hello.file.size == 5);
  ::close(hello.file.fd);
  FileLookup index = root.open("/sub/");
  REQUIRE(index.status == HqStatus::kOk);
  CHECK(index.file.size == 3);
  ::close(index.file.fd);
  CHECK(status("/link-in") == HqStatus::kOk);
  CHECK(status("/link-out") == HqStatus::kForbidden);  // a symlink leading outside
  CHECK(status("/../secret") == HqStatus::kForbidden);
  CHECK(status("/%2e%2e/secret") == HqStatus::kForbidden);
  CHECK(status("/missing") == HqStatus::kNotFound);
  CHECK(status("/") == HqStatus::kNotFound);  // a directory without index.html
  CHECK(status("relative") == HqStatus::kBadRequest);
}

TEST_CASE("FileSender hands out every byte once, whatever the connection accepts", "[io][tools]") {
  TempTree tree;
  std::string content(200'003, '\0');
  for (size_t i = 0; i < content.size(); ++i) content[i] = static_cast<char>(i * 7 + (i >> 9));
  std::ofstream(tree.dir() + "/www/data.bin", std::ios::binary) << content;
  DocumentRoot root(tree.dir() + "/www");
  FileLookup lookup = root.open("/data.bin");
  REQUIRE(lookup.status == HqStatus::kOk);
  FileSender sender(lookup.file);
  std::string received;
  size_t accept = 1;
  while (!sender.done()) {
    auto bytes = sender.pending();
    REQUIRE_FALSE(sender.failed());
    REQUIRE_FALSE(bytes.empty());
    REQUIRE(bytes.size() <= FileSender::kChunkSize);
    const size_t n = std::min(bytes.size(), accept);
    received.append(reinterpret_cast<const char*>(bytes.data()), n);
    sender.consume(n);
    accept = accept * 3 + 1;  // 1, 4, 13, ... up to more than a chunk
  }
  CHECK(received == content);
  CHECK(sender.sent() == content.size());
  CHECK(sender.pending().empty());
  sender.close();
  CHECK_FALSE(sender.open());
}

TEST_CASE("hq-interop request lines", "[io][tools]") {
  CHECK(hq_request_line("/a/b") == "GET /a/b\r\n");
  auto r = parse_hq_request("GET /index.html\r\n");
  REQUIRE(r.has_value());
  CHECK(r->method == "GET");
  CHECK(r->target == "/index.html");
  CHECK(parse_hq_request("GET /x")->target == "/x");  // ended by FIN
  CHECK(parse_hq_request("GET /x HTTP/1.0\r\n")->target == "/x");
  CHECK(parse_hq_request("POST /y\n")->method == "POST");
  CHECK_FALSE(parse_hq_request("GET\r\n").has_value());
  CHECK_FALSE(parse_hq_request(" /x\r\n").has_value());
  CHECK_FALSE(parse_hq_request("GET /a\x01\r\n").has_value());
  CHECK_FALSE(parse_hq_request("GET /a\r\nGET /b\r\n").has_value());
}

TEST_CASE("Reset codes of the hq-interop server name their status", "[io][tools]") {
  CHECK(describe_hq_reset(0x194) == "404 not found (RESET_STREAM 0x194)");
  CHECK(describe_hq_reset(0x193) == "403 forbidden (RESET_STREAM 0x193)");
  CHECK(describe_hq_reset(7) == "stream reset by the server (error 0x7)");
  CHECK(hq_status_from_code(404) == HqStatus::kNotFound);
  CHECK_FALSE(hq_status_from_code(200).has_value());
}

TEST_CASE("https URLs", "[io][tools]") {
  std::string error;
  auto u = parse_https_url("https://example.org:8443/a/b.bin?q=1#frag", &error);
  REQUIRE(u.has_value());
  CHECK(u->host == "example.org");
  CHECK(u->port == 8443);
  CHECK(u->path == "/a/b.bin?q=1");
  CHECK(u->authority() == "example.org:8443");

  auto v6 = parse_https_url("https://[::1]:4433/x", &error);
  REQUIRE(v6.has_value());
  CHECK(v6->host == "::1");
  CHECK(v6->authority() == "[::1]:4433");

  auto bare = parse_https_url("https://localhost", &error);
  REQUIRE(bare.has_value());
  CHECK(bare->port == 443);
  CHECK(bare->path == "/");

  for (const char* bad :
       {"http://x/", "https://", "https://:443/", "https://h:0/", "https://h:99999/", "https://h:/",
        "https://[::1/", "https://u@h/", "https://[::1]x/"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_https_url(bad, &error).has_value());
    CHECK_FALSE(error.empty());
  }
}

TEST_CASE("Downloads are saved under the last path segment", "[io][tools]") {
  CHECK(output_name_for("/a/b/file.bin") == "file.bin");
  CHECK(output_name_for("/") == "index.html");
  CHECK(output_name_for("/dir/") == "index.html");
  CHECK(output_name_for("/x?y=/z") == "x");
  CHECK(output_name_for("/..") == "index.html");
}

TEST_CASE("OptionParser: values, switches, short forms, positionals, errors", "[io][tools]") {
  OptionParser parser;
  std::string root;
  uint64_t streams = 0;
  bool quiet = false;
  parser.add_value("root", 'r', "DIR", "root",
                   [&](std::string_view v) -> std::optional<std::string> {
                     root = v;
                     return std::nullopt;
                   });
  parser.add_value("max-streams", 0, "N", "streams",
                   [&](std::string_view v) { return parse_unsigned(v, 1, 100, streams); });
  parser.add_switch("quiet", 'q', "quiet", [&] { quiet = true; });

  const char* ok[] = {"prog", "--root", "/srv", "--max-streams=7", "-q", "url1", "--", "-url2"};
  REQUIRE_FALSE(parser.parse(8, ok).has_value());
  CHECK(root == "/srv");
  CHECK(streams == 7);
  CHECK(quiet);
  CHECK(parser.positional() == std::vector<std::string>{"url1", "-url2"});

  const char* unknown[] = {"prog", "--nope"};
  CHECK(parser.parse(2, unknown) == "unknown option --nope");
  const char* missing[] = {"prog", "--root"};
  CHECK(parser.parse(2, missing) == "missing value for --root");
  const char* range[] = {"prog", "--max-streams", "1000"};
  CHECK(parser.parse(3, range) == "--max-streams: must be between 1 and 100");
  const char* not_number[] = {"prog", "--max-streams", "x"};
  CHECK(parser.parse(3, not_number) == "--max-streams: 'x' is not a number");
  const char* switch_value[] = {"prog", "--quiet=1"};
  CHECK(parser.parse(2, switch_value) == "--quiet takes no value");
  CHECK(parser.option_list().find("-r, --root DIR") != std::string::npos);
}

TEST_CASE("Units for log lines and the summary", "[io][tools]") {
  CHECK(format_bytes(512) == "512 B");
  CHECK(format_bytes(1536) == "1.50 KiB");
  CHECK(format_bytes(uint64_t{3} << 30) == "3.00 GiB");
  CHECK(format_rate(125'000'000, Duration::from_seconds(1)) == "1.00 Gbit/s");
  CHECK(format_rate(1'000'000, Duration::from_seconds(8)) == "1.0 Mbit/s");
  CHECK(format_duration(Duration::from_micros(850)) == "850 us");
  CHECK(format_duration(Duration::from_millis(1500)) == "1.50 s");
}

TEST_CASE("Client options: ALPN h3 by default, hq-interop on request, key updates, cc",
          "[io][tools]") {
  auto parse = [](std::vector<const char*> args) {
    args.insert(args.begin(), "quasar-client");
    return parse_client_options(static_cast<int>(args.size()), args.data());
  };
  auto plain = parse({"https://localhost:4433/a"});
  REQUIRE(plain.error.empty());
  CHECK(plain.options.alpn == "h3");
  CHECK(plain.options.key_update_interval_packets == 0);
  CHECK(plain.options.congestion_control == "cubic");

  auto hq = parse(
      {"--alpn", "hq-interop", "--key-update", "--cc", "newreno", "https://localhost:4433/a"});
  REQUIRE(hq.error.empty());
  CHECK(hq.options.alpn == "hq-interop");
  CHECK(hq.options.key_update_interval_packets == kDefaultKeyUpdateInterval);
  CHECK(hq.options.congestion_control == "newreno");

  auto every = parse({"--key-update-every", "7", "https://localhost:4433/a"});
  REQUIRE(every.error.empty());
  CHECK(every.options.key_update_interval_packets == 7);

  CHECK_FALSE(parse({"--alpn", "h2", "https://localhost:4433/a"}).error.empty());
  CHECK_FALSE(parse({"--cc", "vegas", "https://localhost:4433/a"}).error.empty());
  CHECK_FALSE(parse({"--key-update-every", "0", "https://localhost:4433/a"}).error.empty());
}

TEST_CASE("Server options accept every congestion controller the factory knows", "[io][tools]") {
  std::vector<const char*> args = {"quasar-server", "--cc", "newreno"};
  auto parsed = parse_server_options(static_cast<int>(args.size()), args.data());
  REQUIRE(parsed.error.empty());
  CHECK(parsed.options.congestion_control == "newreno");
  CHECK_FALSE(parsed.options.retry);
  args[2] = "nonsense";
  CHECK_FALSE(parse_server_options(static_cast<int>(args.size()), args.data()).error.empty());
  std::vector<const char*> retry = {"quasar-server", "--retry"};
  CHECK(parse_server_options(static_cast<int>(retry.size()), retry.data()).options.retry);
  std::vector<const char*> buffer = {"quasar-server", "--send-buffer", "65536"};
  CHECK(parse_server_options(static_cast<int>(buffer.size()), buffer.data()).options.send_buffer ==
        65536);
  buffer[2] = "10";  // below 16 KiB
  CHECK_FALSE(parse_server_options(static_cast<int>(buffer.size()), buffer.data()).error.empty());
}

TEST_CASE("HTTP statuses in failure reasons", "[io][tools]") {
  CHECK(describe_http_status(404) == "404 not found");
  CHECK(describe_http_status(400) == "400 bad request");
  CHECK(describe_http_status(599) == "599");
}

}  // namespace
}  // namespace quasar::tools
