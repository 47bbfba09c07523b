// The rules for received messages (RFC 9114 §4.1.2, §4.2, §4.3, §4.4), Priority field values
// (RFC 9218 §4, §5; RFC 8941 dictionaries) and the early-data policy (RFC 8470).
#include <catch2/catch.hpp>

#include "http3/early_data_policy.h"
#include "http3/message_checker.h"
#include "http3/priority.h"

namespace quasar::http3 {
namespace {

Fields request_fields() {
  return {{":method", "GET"},
          {":scheme", "https"},
          {":authority", "example.com"},
          {":path", "/index.html"},
          {"accept", "*/*"}};
}

bool request_malformed(const Fields& fields) {
  const auto r = request_head_from_fields(fields);
  if (r.ok()) return false;
  CHECK(r.error().is(Http3ErrorCode::kMessageError));
  return true;
}

TEST_CASE("a valid request head yields its pseudo-header fields and regular fields",
          "[http3][message]") {
  const auto head = request_head_from_fields(request_fields());
  REQUIRE(head.ok());
  CHECK(head->method == "GET");
  CHECK(head->scheme == "https");
  CHECK(head->authority == "example.com");
  CHECK(head->path == "/index.html");
  REQUIRE(head->headers.size() == 1);
  CHECK(head->headers[0].name == "accept");

  // Host instead of :authority, OPTIONS *, TE: trailers, and a non-HTTP scheme without authority.
  CHECK_FALSE(request_malformed(
      {{":method", "GET"}, {":scheme", "https"}, {":path", "/"}, {"host", "example.com"}}));
  CHECK_FALSE(request_malformed(
      {{":method", "OPTIONS"}, {":scheme", "https"}, {":authority", "a"}, {":path", "*"}}));
  auto te = request_fields();
  te.push_back({"te", "Trailers"});
  CHECK_FALSE(request_malformed(te));
  CHECK_FALSE(request_malformed({{":method", "GET"}, {":scheme", "urn"}, {":path", "x:y"}}));
}

TEST_CASE("malformed request heads are H3_MESSAGE_ERROR", "[http3][message]") {
  const auto with = [](auto edit) {
    Fields f = request_fields();
    edit(f);
    return f;
  };
  // Missing or repeated pseudo-header fields.
  CHECK(request_malformed(with([](Fields& f) { f.erase(f.begin()); })));      // :method
  CHECK(request_malformed(with([](Fields& f) { f.erase(f.begin() + 1); })));  // :scheme
  CHECK(request_malformed(with([](Fields& f) { f.erase(f.begin() + 3); })));  // :path
  CHECK(request_malformed(with([](Fields& f) { f.insert(f.begin(), {":method", "GET"}); })));
  // Undefined or response pseudo-header fields, and pseudo-headers after regular fields.
  CHECK(request_malformed(with([](Fields& f) { f.insert(f.begin(), {":protocol", "x"}); })));
  CHECK(request_malformed(with([](Fields& f) { f.insert(f.begin(), {":status", "200"}); })));
  CHECK(request_malformed(with([](Fields& f) { f.push_back({":path", "/again"}); })));
  // Uppercase and invalid names, invalid values.
  CHECK(request_malformed(with([](Fields& f) { f.push_back({"Accept", "x"}); })));
  CHECK(request_malformed(with([](Fields& f) { f.push_back({"a b", "x"}); })));
  CHECK(request_malformed(with([](Fields& f) { f.push_back({"", "x"}); })));
  CHECK(request_malformed(with([](Fields& f) { f.push_back({"x", "a\r\nb"}); })));
  CHECK(request_malformed(with([](Fields& f) { f.push_back({"x", std::string("a\0b", 3)}); })));
  // Connection-specific fields; TE other than trailers.
  for (const char* name :
       {"connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade"}) {
    CHECK(request_malformed(with([&](Fields& f) { f.push_back({name, "x"}); })));
  }
  CHECK(request_malformed(with([](Fields& f) { f.push_back({"te", "gzip"}); })));
  // Invalid pseudo-header values.
  CHECK(request_malformed(with([](Fields& f) { f[3].value = ""; })));
  CHECK(request_malformed(with([](Fields& f) { f[3].value = "index.html"; })));
  CHECK(request_malformed(with([](Fields& f) { f[3].value = "*"; })));  // only for OPTIONS
  CHECK(request_malformed(with([](Fields& f) { f[0].value = "G T"; })));
  CHECK(request_malformed(with([](Fields& f) { f[2].value = "user@example.com"; })));
  CHECK(request_malformed(with([](Fields& f) { f[2].value = ""; })));
  CHECK(request_malformed(with([](Fields& f) { f.erase(f.begin() + 2); })));  // no authority
  CHECK(request_malformed(with([](Fields& f) { f.push_back({"host", "other.com"}); })));
  CHECK_FALSE(request_malformed(with([](Fields& f) { f.push_back({"host", "example.com"}); })));
}

TEST_CASE("CONNECT has only :method and :authority", "[http3][message]") {
  const auto head =
      request_head_from_fields({{":method", "CONNECT"}, {":authority", "example.com:443"}});
  REQUIRE(head.ok());
  CHECK(head->authority == "example.com:443");
  CHECK(head->path.empty());
  CHECK(request_malformed({{":method", "CONNECT"}}));
  CHECK(request_malformed({{":method", "CONNECT"}, {":authority", "a:1"}, {":path", "/"}}));
  CHECK(request_malformed({{":method", "CONNECT"}, {":authority", "a:1"}, {":scheme", "https"}}));
}

TEST_CASE("response heads need exactly one valid :status", "[http3][message]") {
  const auto ok = response_head_from_fields({{":status", "204"}, {"server", "quasar"}});
  REQUIRE(ok.ok());
  CHECK(ok->status == 204);
  CHECK(ok->headers.size() == 1);
  CHECK(response_head_from_fields({{":status", "103"}})->status == 103);
  const Fields bad[] = {
      {},
      {{"server", "x"}},
      {{":status", "200"}, {":status", "200"}},
      {{":status", "20"}},
      {{":status", "2000"}},
      {{":status", "099"}},
      {{":status", "600"}},
      {{":status", "2x0"}},
      {{":status", "101"}},  // RFC 9114 §4.5
      {{":status", "200"}, {":path", "/"}},
      {{"server", "x"}, {":status", "200"}},
      {{":status", "200"}, {"te", "trailers"}},  // TE only in requests
      {{":status", "200"}, {"Server", "x"}},
  };
  for (const Fields& f : bad) {
    const auto r = response_head_from_fields(f);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().is(Http3ErrorCode::kMessageError));
  }
}

TEST_CASE("trailers carry no pseudo-header fields", "[http3][message]") {
  CHECK(check_trailer_fields({{"grpc-status", "0"}}).ok());
  CHECK_FALSE(check_trailer_fields({{":status", "200"}}).ok());
  CHECK_FALSE(check_trailer_fields({{"connection", "close"}}).ok());
}

TEST_CASE("content-length values are digits and agree", "[http3][message]") {
  CHECK(content_length_of({}).value() == std::nullopt);
  CHECK(content_length_of({{"content-length", "42"}}).value() == 42);
  CHECK(content_length_of({{"content-length", "7"}, {"content-length", "7"}}).value() == 7);
  for (const char* bad : {"", "-1", "+1", "1.0", "4 2", "42,42", "0x10", "99999999999999999999"}) {
    INFO(bad);
    CHECK_FALSE(content_length_of({{"content-length", bad}}).ok());
  }
  CHECK_FALSE(content_length_of({{"content-length", "1"}, {"content-length", "2"}}).ok());
}

TEST_CASE("field collector stops storing past the size limit", "[http3][message]") {
  FieldCollector collector;
  collector.reset(100);
  collector.on_field_line("a", "b", false);  // 34
  collector.on_field_line("c", "d", false);  // 68
  CHECK_FALSE(collector.too_large());
  collector.on_field_line("name", "value", false);  // 109
  CHECK(collector.too_large());
  CHECK(collector.fields().size() == 2);
  CHECK(collector.size() == 109);
}

TEST_CASE("outgoing fields are lowercased and checked", "[http3][message]") {
  Fields f = {{"Content-Type", "text/plain"}, {"X-Custom", "1"}};
  CHECK(normalize_outgoing_fields(f, false));
  CHECK(f[0].name == "content-type");
  CHECK(f[1].name == "x-custom");
  Fields bad = {{"Connection", "close"}};
  CHECK_FALSE(normalize_outgoing_fields(bad, true));
  Fields bad_value = {{"x", "a\nb"}};
  CHECK_FALSE(normalize_outgoing_fields(bad_value, true));
}

TEST_CASE("Priority field values parse as RFC 9218 describes", "[http3][priority]") {
  CHECK(parse_priority("") == Priority{});
  CHECK(parse_priority("u=0") == Priority{0, false});
  CHECK(parse_priority("u=5, i") == Priority{5, true});  // RFC 9218 §4.2 example
  CHECK(parse_priority("i, u=7") == Priority{7, true});
  CHECK(parse_priority("i=?0") == Priority{3, false});
  CHECK(parse_priority("i=?1") == Priority{3, true});
  CHECK(parse_priority("  u=1  ") == Priority{1, false});
  CHECK(parse_priority("u=1,u=6") == Priority{6, false});  // the last member wins
  // Out of range or of the wrong type: ignored (defaults).
  CHECK(parse_priority("u=8") == Priority{});
  CHECK(parse_priority("u=-1") == Priority{});
  CHECK(parse_priority("u=1.5") == Priority{});
  CHECK(parse_priority("u=?1") == Priority{});
  CHECK(parse_priority("i=1") == Priority{});
  CHECK(parse_priority("u=\"2\"") == Priority{});
  // Unknown parameters, parameters on members, inner lists, tokens and byte sequences.
  CHECK(parse_priority("u=2;a=1, x=(1 2);y, z=tok/en:1, b=:aGk=:, i") == Priority{2, true});
  // Not a valid dictionary.
  CHECK(parse_priority("u=") == std::nullopt);
  CHECK(parse_priority("U=1") == std::nullopt);
  CHECK(parse_priority("u=1,") == std::nullopt);
  CHECK(parse_priority("u=1;") == std::nullopt);
  CHECK(parse_priority(",u=1") == std::nullopt);
  CHECK(parse_priority("u=1 i") == std::nullopt);
  CHECK(parse_priority("u=(1") == std::nullopt);
  CHECK(parse_priority("u=\"abc") == std::nullopt);
  CHECK(parse_priority("u=1234567890123456") == std::nullopt);
  // A base supplies what the value omits (a response merging with the request, RFC 9218 §8).
  CHECK(parse_priority("u=1", Priority{5, true}) == Priority{1, true});

  CHECK(format_priority(Priority{}).empty());
  CHECK(format_priority(Priority{0, false}) == "u=0");
  CHECK(format_priority(Priority{3, true}) == "i");
  CHECK(format_priority(Priority{7, true}) == "u=7, i");
  for (uint8_t u = 0; u <= 7; ++u) {
    for (bool i : {false, true}) CHECK(parse_priority(format_priority({u, i})) == Priority{u, i});
  }
}

TEST_CASE("the early-data policy decides what may be processed before the handshake",
          "[http3][early-data]") {
  RequestHead get{"GET", "https", "a", "/", {}};
  RequestHead post{"POST", "https", "a", "/", {}};
  RequestHead marked{"GET", "https", "a", "/", {{"early-data", "1"}}};
  EarlyDataPolicy policy;
  // After the handshake everything is processed, except requests an intermediary marked.
  CHECK(may_process_request(policy, post, true));
  CHECK(may_process_request(policy, marked, true));
  // Before it, by default, only safe methods.
  CHECK(may_process_request(policy, get, false));
  CHECK(may_process_request(policy, RequestHead{"HEAD", "https", "a", "/", {}}, false));
  CHECK(may_process_request(policy, RequestHead{"OPTIONS", "https", "a", "*", {}}, false));
  CHECK_FALSE(may_process_request(policy, post, false));
  CHECK_FALSE(may_process_request(policy, RequestHead{"PUT", "https", "a", "/", {}}, false));
  RequestHead marked_post = post;
  marked_post.headers.push_back({"early-data", "1"});
  CHECK_FALSE(may_process_request(policy, marked_post, true));

  policy.mode = EarlyDataPolicy::Mode::kAcceptAll;
  CHECK(may_process_request(policy, post, false));
  policy.mode = EarlyDataPolicy::Mode::kRejectAll;
  CHECK_FALSE(may_process_request(policy, get, false));
  CHECK(may_process_request(policy, get, true));
  policy.mode = EarlyDataPolicy::Mode::kCustom;
  CHECK_FALSE(may_process_request(policy, get, false));  // no predicate: refuse
  policy.allow = [](const RequestHead& h) { return h.path == "/"; };
  CHECK(may_process_request(policy, post, false));
  CHECK(has_early_data_header(marked));
  CHECK_FALSE(has_early_data_header(get));
}

}  // namespace
}  // namespace quasar::http3
