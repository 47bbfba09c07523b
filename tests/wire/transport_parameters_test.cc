// Transport parameters (RFC 9000 §7.4, §18; RFC 9368 §3-4; RFC 9221; RFC 9287;
// draft-ietf-quic-ack-frequency): the RFC 9001 Appendix A client parameters, round trips at
// edge values, truncations, and every validation rule with its error.
#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "quic/base/buffer_reader.h"
#include "quic/base/buffer_writer.h"
#include "quic/base/hex.h"
#include "quic/base/rng.h"
#include "quic/wire/transport_parameter_ids.h"
#include "quic/wire/transport_parameters.h"
#include "quic/wire/version.h"

namespace quasar {
namespace {

std::vector<uint8_t> hex(std::string_view text) { return *hex_decode(text); }

// The quic_transport_parameters extension of the ClientHello in RFC 9001 A.2.
constexpr std::string_view kRfc9001ClientParameters =
    "0408ffffffffffffffff05048000ffff07048000ffff0801100104800075300901100f088394c8f03e515708"
    "06048000ffff";

std::vector<uint8_t> encode(const TransportParameters& params, Role sender, Rng* grease = nullptr) {
  std::vector<uint8_t> buffer(4096);
  BufferWriter writer(buffer);
  const Status status = encode_transport_parameters(params, sender, writer, grease);
  INFO((status.ok() ? "" : status.error().reason));
  REQUIRE(status.ok());
  buffer.resize(writer.written());
  return buffer;
}

// Expects decoding to fail with TRANSPORT_PARAMETER_ERROR and exactly this reason.
void expect_rejected(const std::vector<uint8_t>& encoded, Role sender, std::string_view reason) {
  const auto decoded = decode_transport_parameters(encoded, sender);
  REQUIRE_FALSE(decoded.ok());
  CHECK(decoded.error().is(TransportError::kTransportParameterError));
  CHECK(std::string_view(decoded.error().reason) == reason);
}

// Expects validation (and so encoding) to fail with this reason.
void expect_invalid(const TransportParameters& params, Role sender, std::string_view reason) {
  const Status status = validate_transport_parameters(params, sender);
  REQUIRE_FALSE(status.ok());
  CHECK(status.error().is(TransportError::kTransportParameterError));
  CHECK(std::string_view(status.error().reason) == reason);
  std::vector<uint8_t> buffer(1024, 0xee);
  BufferWriter writer(buffer);
  CHECK_FALSE(encode_transport_parameters(params, sender, writer).ok());
  CHECK(writer.written() == 0);
}

// One parameter: id, length, value.
std::vector<uint8_t> parameter(uint64_t id, const std::vector<uint8_t>& value) {
  std::vector<uint8_t> out(16 + value.size());
  BufferWriter writer(out);
  REQUIRE(writer.write_varint(id));
  REQUIRE(writer.write_varint(value.size()));
  REQUIRE(writer.write_bytes(value));
  out.resize(writer.written());
  return out;
}
std::vector<uint8_t> parameter(TransportParameterId id, const std::vector<uint8_t>& value) {
  return parameter(static_cast<uint64_t>(id), value);
}
std::vector<uint8_t> varint(uint64_t value) {
  std::vector<uint8_t> out(8);
  BufferWriter writer(out);
  REQUIRE(writer.write_varint(value));
  out.resize(writer.written());
  return out;
}
std::vector<uint8_t> integer_parameter(TransportParameterId id, uint64_t value) {
  return parameter(id, varint(value));
}
std::vector<uint8_t> join(std::initializer_list<std::vector<uint8_t>> parts) {
  std::vector<uint8_t> out;
  for (const auto& part : parts) out.insert(out.end(), part.begin(), part.end());
  return out;
}

PreferredAddress sample_preferred_address() {
  PreferredAddress address;
  address.ipv4 = SocketAddress::ipv4({192, 168, 0, 1}, 443);
  address.ipv6 =
      SocketAddress::ipv6({0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 443);
  address.connection_id = ConnectionId::of(hex("01020304"));
  for (size_t i = 0; i < 16; ++i) address.stateless_reset_token[i] = static_cast<uint8_t>(0xa0 + i);
  return address;
}

// A server's parameters with every field away from its default, many at their limits.
TransportParameters full_server_parameters() {
  TransportParameters p;
  p.original_destination_connection_id = ConnectionId::of(hex("8394c8f03e515708"));
  p.max_idle_timeout_ms = kMaxVarint;
  p.stateless_reset_token = StatelessResetToken{};
  for (size_t i = 0; i < 16; ++i) (*p.stateless_reset_token)[i] = static_cast<uint8_t>(i);
  p.max_udp_payload_size = 1200;
  p.initial_max_data = kMaxVarint;
  p.initial_max_stream_data_bidi_local = 1;
  p.initial_max_stream_data_bidi_remote = 63;
  p.initial_max_stream_data_uni = 64;
  p.initial_max_streams_bidi = kMaxStreamsLimit;
  p.initial_max_streams_uni = 16383;
  p.ack_delay_exponent = 20;
  p.max_ack_delay_ms = 16383;
  p.disable_active_migration = true;
  p.preferred_address = sample_preferred_address();
  p.active_connection_id_limit = kMaxVarint;
  p.initial_source_connection_id =
      ConnectionId::of(hex("0011223344556677889900112233445566778899"));
  p.retry_source_connection_id = ConnectionId();  // zero length is a valid CID
  p.version_information = VersionInformation{kQuicVersion2, {kQuicVersion1, 0x1a2a3a4a}};
  p.max_datagram_frame_size = 65535;
  p.grease_quic_bit = true;
  p.min_ack_delay_us = 16383 * 1000;
  return p;
}

TEST_CASE("RFC 9001 A.2 client transport parameters", "[wire][transport_parameters]") {
  const auto encoded = hex(kRfc9001ClientParameters);
  REQUIRE(encoded.size() == 50);  // the extension's length field says 0x32
  const auto decoded = decode_transport_parameters(encoded, Role::kClient);
  REQUIRE(decoded.ok());
  const TransportParameters& p = *decoded;
  CHECK(p.initial_max_data == kMaxVarint);
  CHECK(p.initial_max_stream_data_bidi_local == 0xffff);
  CHECK(p.initial_max_stream_data_bidi_remote == 0xffff);
  CHECK(p.initial_max_stream_data_uni == 0xffff);
  CHECK(p.initial_max_streams_bidi == 16);
  CHECK(p.initial_max_streams_uni == 16);
  CHECK(p.max_idle_timeout_ms == 30000);
  REQUIRE(p.initial_source_connection_id);
  CHECK(*p.initial_source_connection_id == ConnectionId::of(hex("8394c8f03e515708")));
  // Everything else keeps its default.
  CHECK(p.max_udp_payload_size == 65527);
  CHECK(p.ack_delay_exponent == 3);
  CHECK(p.max_ack_delay_ms == 25);
  CHECK(p.active_connection_id_limit == 2);
  CHECK_FALSE(p.disable_active_migration);
  CHECK_FALSE(p.original_destination_connection_id);
  CHECK_FALSE(p.stateless_reset_token);
  CHECK_FALSE(p.preferred_address);
  CHECK_FALSE(p.retry_source_connection_id);
  CHECK_FALSE(p.version_information);
  CHECK_FALSE(p.max_datagram_frame_size);
  CHECK_FALSE(p.min_ack_delay_us);
  CHECK_FALSE(p.grease_quic_bit);
  // Our encoding of the same values (minimal varints, our order) decodes to the same struct.
  const auto reencoded = encode(p, Role::kClient);
  CHECK(reencoded.size() == 50);
  CHECK(*decode_transport_parameters(reencoded, Role::kClient) == p);
}

TEST_CASE("absent parameters take their RFC defaults", "[wire][transport_parameters]") {
  const auto decoded = decode_transport_parameters({}, Role::kServer);
  REQUIRE(decoded.ok());
  CHECK(*decoded == TransportParameters{});
  CHECK(decoded->max_udp_payload_size == 65527);
  CHECK(decoded->ack_delay_exponent == 3);
  CHECK(decoded->max_ack_delay_ms == 25);
  CHECK(decoded->active_connection_id_limit == 2);
  CHECK(decoded->initial_max_data == 0);
  // Nothing differs from the defaults, so nothing is written; explicit defaults decode too.
  CHECK(encode(TransportParameters{}, Role::kClient).empty());
  const auto explicit_defaults =
      join({integer_parameter(TransportParameterId::kMaxUdpPayloadSize, 65527),
            integer_parameter(TransportParameterId::kAckDelayExponent, 3),
            integer_parameter(TransportParameterId::kMaxAckDelay, 25),
            integer_parameter(TransportParameterId::kActiveConnectionIdLimit, 2),
            integer_parameter(TransportParameterId::kInitialMaxData, 0)});
  CHECK(*decode_transport_parameters(explicit_defaults, Role::kClient) == TransportParameters{});
}

TEST_CASE("every parameter round-trips at edge values", "[wire][transport_parameters]") {
  const TransportParameters server = full_server_parameters();
  const auto encoded = encode(server, Role::kServer);
  const auto decoded = decode_transport_parameters(encoded, Role::kServer);
  REQUIRE(decoded.ok());
  CHECK(*decoded == server);
  CHECK(decoded->preferred_address->has_ipv4());
  CHECK(decoded->preferred_address->has_ipv6());

  // A client's parameters: no server-only ones, its chosen version among its available ones.
  TransportParameters client = server;
  client.original_destination_connection_id.reset();
  client.stateless_reset_token.reset();
  client.preferred_address.reset();
  client.retry_source_connection_id.reset();
  client.version_information = VersionInformation{kQuicVersion1, {kQuicVersion1, kQuicVersion2}};
  client.max_datagram_frame_size = 0;  // present but zero: distinct from absent
  client.min_ack_delay_us = 0;
  const auto client_decoded =
      decode_transport_parameters(encode(client, Role::kClient), Role::kClient);
  REQUIRE(client_decoded.ok());
  CHECK(*client_decoded == client);
  CHECK(client_decoded->max_datagram_frame_size == 0u);
}

TEST_CASE("the preferred_address layout byte-exact", "[wire][transport_parameters]") {
  TransportParameters p;
  p.preferred_address = sample_preferred_address();
  const auto expected =
      hex("0d2d"  // id 0x0d, length 45 = 41 + 4
          "c0a80001"
          "01bb"  // 192.168.0.1:443
          "20010db8000000000000000000000001"
          "01bb"  // [2001:db8::1]:443
          "04"
          "01020304"                            // connection ID
          "a0a1a2a3a4a5a6a7a8a9aaabacadaeaf");  // stateless reset token
  CHECK(encode(p, Role::kServer) == expected);
  const auto decoded = decode_transport_parameters(expected, Role::kServer);
  REQUIRE(decoded.ok());
  CHECK(*decoded == p);
  // One address family may be all zeros (RFC 9000 §18.2).
  auto ipv6_only = expected;
  std::fill(ipv6_only.begin() + 2, ipv6_only.begin() + 8, 0);
  const auto v6 = decode_transport_parameters(ipv6_only, Role::kServer);
  REQUIRE(v6.ok());
  CHECK_FALSE(v6->preferred_address->has_ipv4());
  CHECK(v6->preferred_address->has_ipv6());
}

TEST_CASE("version_information and the extension parameters byte-exact",
          "[wire][transport_parameters]") {
  TransportParameters p;
  p.version_information = VersionInformation{kQuicVersion1, {kQuicVersion1, kQuicVersion2}};
  p.max_datagram_frame_size = 65535;
  p.grease_quic_bit = true;
  p.min_ack_delay_us = 1000;
  const auto expected =
      hex("110c"
          "00000001"
          "00000001"
          "6b3343cf"  // version_information (RFC 9368 §3)
          "2004"
          "8000ffff"  // max_datagram_frame_size (RFC 9221 §3)
          "6ab200"    // grease_quic_bit, empty (RFC 9287 §3)
          "c0000000ff04de1b"
          "02"
          "43e8");  // min_ack_delay: 1000 us
  CHECK(encode(p, Role::kClient) == expected);
  CHECK(*decode_transport_parameters(expected, Role::kClient) == p);
}

TEST_CASE("every truncation of an encoding fails cleanly or ends on a parameter boundary",
          "[wire][transport_parameters]") {
  for (Role role : {Role::kServer, Role::kClient}) {
    TransportParameters params = full_server_parameters();
    if (role == Role::kClient) {
      params.original_destination_connection_id.reset();
      params.stateless_reset_token.reset();
      params.preferred_address.reset();
      params.retry_source_connection_id.reset();
      params.version_information = VersionInformation{kQuicVersion2, {kQuicVersion2}};
    }
    const auto encoded = encode(params, role);
    // Where each parameter ends.
    std::set<size_t> boundaries = {0};
    BufferReader reader(encoded);
    while (!reader.empty()) {
      uint64_t id = 0, length = 0;
      REQUIRE(reader.read_varint(id));
      REQUIRE(reader.read_varint(length));
      REQUIRE(reader.skip(length));
      boundaries.insert(reader.offset());
    }
    CHECK(boundaries.size() == 22 - (role == Role::kClient ? 4 : 0));
    for (size_t length = 0; length < encoded.size(); ++length) {
      const std::vector<uint8_t> prefix(encoded.begin(), encoded.begin() + length);
      const auto decoded = decode_transport_parameters(prefix, role);
      INFO("length " << length);
      if (boundaries.count(length)) {
        // A shorter list of whole parameters; only cross-field checks can object to it.
        if (!decoded.ok()) {
          CHECK(std::string_view(decoded.error().reason) == "min_ack_delay above max_ack_delay");
        }
      } else {
        REQUIRE_FALSE(decoded.ok());
        CHECK(decoded.error().is(TransportError::kTransportParameterError));
      }
    }
  }
}

TEST_CASE("values out of range are TRANSPORT_PARAMETER_ERROR", "[wire][transport_parameters]") {
  using Id = TransportParameterId;
  struct Case {
    Id id;
    uint64_t bad;
    uint64_t good;
    const char* reason;
  };
  const Case cases[] = {
      {Id::kMaxUdpPayloadSize, 1199, 1200, "max_udp_payload_size below 1200"},
      {Id::kMaxUdpPayloadSize, 0, 65535, "max_udp_payload_size below 1200"},
      {Id::kAckDelayExponent, 21, 20, "ack_delay_exponent above 20"},
      {Id::kAckDelayExponent, kMaxVarint, 0, "ack_delay_exponent above 20"},
      {Id::kMaxAckDelay, 16384, 16383, "max_ack_delay of 2^14 or more"},
      {Id::kActiveConnectionIdLimit, 1, 2, "active_connection_id_limit below 2"},
      {Id::kActiveConnectionIdLimit, 0, 8, "active_connection_id_limit below 2"},
      {Id::kInitialMaxStreamsBidi, kMaxStreamsLimit + 1, kMaxStreamsLimit,
       "initial_max_streams_bidi above 2^60"},
      {Id::kInitialMaxStreamsUni, kMaxStreamsLimit + 1, kMaxStreamsLimit,
       "initial_max_streams_uni above 2^60"},
  };
  for (const Case& c : cases) {
    INFO(transport_parameter_name(static_cast<uint64_t>(c.id)));
    for (Role role : {Role::kClient, Role::kServer}) {
      expect_rejected(integer_parameter(c.id, c.bad), role, c.reason);
      CHECK(decode_transport_parameters(integer_parameter(c.id, c.good), role).ok());
    }
  }
  // The same rules guard encoding.
  TransportParameters p;
  p.max_udp_payload_size = 1199;
  expect_invalid(p, Role::kClient, "max_udp_payload_size below 1200");
  p = {};
  p.ack_delay_exponent = 21;
  expect_invalid(p, Role::kServer, "ack_delay_exponent above 20");
  p = {};
  p.max_ack_delay_ms = 16384;
  expect_invalid(p, Role::kServer, "max_ack_delay of 2^14 or more");
  p = {};
  p.active_connection_id_limit = 1;
  expect_invalid(p, Role::kServer, "active_connection_id_limit below 2");
  p = {};
  p.initial_max_streams_uni = kMaxStreamsLimit + 1;
  expect_invalid(p, Role::kServer, "initial_max_streams_uni above 2^60");
  p = {};
  p.initial_max_data = kMaxVarint + 1;
  expect_invalid(p, Role::kServer, "integer parameter above 2^62 - 1");
}

TEST_CASE("server-only parameters from a client are rejected", "[wire][transport_parameters]") {
  using Id = TransportParameterId;
  const std::vector<uint8_t> token(16, 0x42);
  std::vector<uint8_t> preferred =
      hex("c0a8000101bb20010db800000000000000000000000101bb0401020304");
  preferred.insert(preferred.end(), token.begin(), token.end());
  const std::pair<std::vector<uint8_t>, const char*> cases[] = {
      {parameter(Id::kOriginalDestinationConnectionId, hex("0102")),
       "client sent original_destination_connection_id"},
      {parameter(Id::kStatelessResetToken, token), "client sent stateless_reset_token"},
      {parameter(Id::kPreferredAddress, preferred), "client sent preferred_address"},
      {parameter(Id::kRetrySourceConnectionId, hex("0102")),
       "client sent retry_source_connection_id"},
  };
  for (const auto& [encoded, reason] : cases) {
    expect_rejected(encoded, Role::kClient, reason);
    CHECK(decode_transport_parameters(encoded, Role::kServer).ok());
  }
  TransportParameters p;
  p.stateless_reset_token = StatelessResetToken{};
  expect_invalid(p, Role::kClient, "client sent stateless_reset_token");
  CHECK(validate_transport_parameters(p, Role::kServer).ok());
}

TEST_CASE("duplicate parameters are rejected", "[wire][transport_parameters]") {
  using Id = TransportParameterId;
  const auto once = integer_parameter(Id::kInitialMaxData, 100);
  expect_rejected(join({once, once}), Role::kClient, "duplicate transport parameter");
  // Even with the same value apart, and for the extension parameters.
  expect_rejected(
      join({integer_parameter(Id::kMinAckDelay, 1), once, integer_parameter(Id::kMinAckDelay, 1)}),
      Role::kServer, "duplicate transport parameter");
  expect_rejected(join({parameter(Id::kGreaseQuicBit, {}), parameter(Id::kGreaseQuicBit, {})}),
                  Role::kClient, "duplicate transport parameter");
  expect_rejected(join({parameter(Id::kInitialSourceConnectionId, {}),
                        parameter(Id::kInitialSourceConnectionId, {})}),
                  Role::kClient, "duplicate transport parameter");
}

TEST_CASE("a length that does not match the value's encoding is rejected",
          "[wire][transport_parameters]") {
  using Id = TransportParameterId;
  const char* integer_reason = "integer parameter length does not match its encoding";
  // A varint followed by a stray byte, a varint cut short, and an empty value.
  expect_rejected(parameter(Id::kMaxIdleTimeout, hex("0500")), Role::kClient, integer_reason);
  expect_rejected(parameter(Id::kInitialMaxData, hex("40")), Role::kClient, integer_reason);
  expect_rejected(parameter(Id::kMaxDatagramFrameSize, {}), Role::kClient, integer_reason);
  expect_rejected(parameter(Id::kMinAckDelay, hex("800003")), Role::kClient, integer_reason);
  // A non-minimal varint whose length matches is fine: 37 in two bytes.
  const auto two_byte =
      decode_transport_parameters(parameter(Id::kInitialMaxData, hex("4025")), Role::kClient);
  REQUIRE(two_byte.ok());
  CHECK(two_byte->initial_max_data == 37);
  // Fixed-size and empty values.
  expect_rejected(parameter(Id::kStatelessResetToken, std::vector<uint8_t>(15)), Role::kServer,
                  "stateless_reset_token not 16 bytes");
  expect_rejected(parameter(Id::kStatelessResetToken, std::vector<uint8_t>(17)), Role::kServer,
                  "stateless_reset_token not 16 bytes");
  expect_rejected(parameter(Id::kDisableActiveMigration, hex("00")), Role::kClient,
                  "disable_active_migration with a non-empty value");
  expect_rejected(parameter(Id::kGreaseQuicBit, hex("01")), Role::kServer,
                  "grease_quic_bit with a non-empty value");
  // Connection IDs are at most 20 bytes.
  for (Id id : {Id::kOriginalDestinationConnectionId, Id::kInitialSourceConnectionId,
                Id::kRetrySourceConnectionId}) {
    expect_rejected(parameter(id, std::vector<uint8_t>(21, 1)), Role::kServer,
                    "connection ID parameter longer than 20 bytes");
    CHECK(decode_transport_parameters(parameter(id, std::vector<uint8_t>(20, 1)), Role::kServer)
              .ok());
  }
}

TEST_CASE("truncated parameter headers and values are rejected", "[wire][transport_parameters]") {
  expect_rejected(hex("40"), Role::kClient, "transport parameter truncated in its header");
  expect_rejected(hex("01"), Role::kClient, "transport parameter truncated in its header");
  expect_rejected(hex("0180"), Role::kClient, "transport parameter truncated in its header");
  expect_rejected(hex("010201"), Role::kClient, "transport parameter value runs past the end");
  // A length near 2^62 cannot wrap the bounds check.
  expect_rejected(hex("01ffffffffffffffff00"), Role::kClient,
                  "transport parameter value runs past the end");
}

TEST_CASE("bad preferred_address layouts are rejected", "[wire][transport_parameters]") {
  using Id = TransportParameterId;
  const std::vector<uint8_t> addresses =
      hex("c0a8000101bb20010db800000000000000000000000101bb");  // 24 bytes
  const std::vector<uint8_t> token(16, 0x77);
  auto layout = [&](std::vector<uint8_t> cid_part, size_t token_bytes) {
    auto value = addresses;
    value.insert(value.end(), cid_part.begin(), cid_part.end());
    value.insert(value.end(), token.begin(), token.begin() + token_bytes);
    return parameter(Id::kPreferredAddress, value);
  };
  CHECK(decode_transport_parameters(layout(hex("0401020304"), 16), Role::kServer).ok());
  // RFC 9000 §18.2: no zero-length connection ID.
  expect_rejected(layout(hex("00"), 16), Role::kServer,
                  "preferred_address with a zero-length connection ID");
  std::vector<uint8_t> cid21 = {21};
  cid21.resize(22, 9);
  expect_rejected(layout(cid21, 16), Role::kServer,
                  "preferred_address connection ID longer than 20 bytes");
  // The CID length disagrees with the parameter length, either way.
  expect_rejected(layout(hex("0801020304"), 16), Role::kServer,
                  "preferred_address length does not match its layout");
  expect_rejected(layout(hex("040102030405"), 16), Role::kServer,
                  "preferred_address length does not match its layout");
  expect_rejected(layout(hex("0401020304"), 15), Role::kServer,
                  "preferred_address length does not match its layout");
  expect_rejected(parameter(Id::kPreferredAddress, addresses), Role::kServer,
                  "preferred_address too short");
  // A server using zero-length connection IDs may not offer a preferred address.
  expect_rejected(
      join({layout(hex("0401020304"), 16), parameter(Id::kInitialSourceConnectionId, {})}),
      Role::kServer, "preferred_address from a server using zero-length connection IDs");
  TransportParameters p;
  p.preferred_address = sample_preferred_address();
  p.preferred_address->connection_id = ConnectionId();
  expect_invalid(p, Role::kServer, "preferred_address with a zero-length connection ID");
  p.preferred_address = sample_preferred_address();
  p.preferred_address->ipv4 = SocketAddress::ipv6({}, 1);
  expect_invalid(p, Role::kServer, "preferred_address with a misplaced address family");
}

TEST_CASE("bad version_information is TRANSPORT_PARAMETER_ERROR (RFC 9368 §4)",
          "[wire][transport_parameters]") {
  using Id = TransportParameterId;
  for (Role role : {Role::kClient, Role::kServer}) {
    expect_rejected(parameter(Id::kVersionInformation, {}), role, "version_information too short");
    expect_rejected(parameter(Id::kVersionInformation, hex("000001")), role,
                    "version_information too short");
    expect_rejected(parameter(Id::kVersionInformation, hex("0000000100")), role,
                    "version_information length not a multiple of 4");
    expect_rejected(parameter(Id::kVersionInformation, hex("00000001000000010000")), role,
                    "version_information length not a multiple of 4");
    expect_rejected(parameter(Id::kVersionInformation, hex("0000000000000001")), role,
                    "version_information chosen version 0");
    expect_rejected(parameter(Id::kVersionInformation, hex("000000010000000100000000")), role,
                    "version_information lists version 0");
  }
  // A client must list its chosen version; a server need not, and may list none.
  const auto unlisted = parameter(Id::kVersionInformation, hex("000000016b3343cf"));
  expect_rejected(unlisted, Role::kClient, "client version_information omits its chosen version");
  CHECK(decode_transport_parameters(unlisted, Role::kServer).ok());
  const auto chosen_only = parameter(Id::kVersionInformation, hex("6b3343cf"));
  expect_rejected(chosen_only, Role::kClient,
                  "client version_information omits its chosen version");
  const auto server_empty = decode_transport_parameters(chosen_only, Role::kServer);
  REQUIRE(server_empty.ok());
  CHECK(server_empty->version_information->chosen_version == kQuicVersion2);
  CHECK(server_empty->version_information->available_versions.empty());
}

TEST_CASE("min_ack_delay may not exceed max_ack_delay", "[wire][transport_parameters]") {
  using Id = TransportParameterId;
  // max_ack_delay defaults to 25 ms: 25000 us is the most min_ack_delay may be.
  CHECK(
      decode_transport_parameters(integer_parameter(Id::kMinAckDelay, 25000), Role::kClient).ok());
  expect_rejected(integer_parameter(Id::kMinAckDelay, 25001), Role::kClient,
                  "min_ack_delay above max_ack_delay");
  // The check uses the max_ack_delay sent in the same list, whatever the order.
  const auto later_max =
      join({integer_parameter(Id::kMinAckDelay, 100000), integer_parameter(Id::kMaxAckDelay, 100)});
  CHECK(decode_transport_parameters(later_max, Role::kServer).ok());
  const auto too_big =
      join({integer_parameter(Id::kMaxAckDelay, 1), integer_parameter(Id::kMinAckDelay, 1001)});
  expect_rejected(too_big, Role::kServer, "min_ack_delay above max_ack_delay");
}

TEST_CASE("unknown and reserved parameters are skipped", "[wire][transport_parameters]") {
  const auto encoded = join({parameter(27, hex("deadbeef")),    // 31 * 0 + 27
                             parameter(31 * 1000 + 27, {}),     // reserved
                             parameter(0x1234, hex("0102")),    // unassigned
                             parameter(0x1234, hex("0102")),    // unknown twice is fine
                             parameter(kMaxVarint, hex("00")),  // the largest id
                             integer_parameter(TransportParameterId::kInitialMaxData, 7)});
  const auto decoded = decode_transport_parameters(encoded, Role::kClient);
  REQUIRE(decoded.ok());
  TransportParameters expected;
  expected.initial_max_data = 7;
  CHECK(*decoded == expected);
  CHECK(is_reserved_transport_parameter_id(27));
  CHECK(is_reserved_transport_parameter_id(58));
  CHECK(is_reserved_transport_parameter_id(31 * 123456 + 27));
  CHECK_FALSE(is_reserved_transport_parameter_id(0));
  CHECK_FALSE(is_reserved_transport_parameter_id(26));
  CHECK_FALSE(is_reserved_transport_parameter_id(59));
  CHECK_FALSE(is_reserved_transport_parameter_id(0x2ab2));
  CHECK(std::string_view(transport_parameter_name(0x0e)) == "active_connection_id_limit");
  CHECK(std::string_view(transport_parameter_name(0xff04de1b)) == "min_ack_delay");
  CHECK(std::string_view(transport_parameter_name(27)) == "unknown");
}

TEST_CASE("encoding can carry a GREASE parameter", "[wire][transport_parameters]") {
  const TransportParameters params = full_server_parameters();
  const auto plain = encode(params, Role::kServer);
  std::set<uint64_t> grease_ids;
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    SeededRng rng(seed);
    const auto greased = encode(params, Role::kServer, &rng);
    CHECK(greased.size() > plain.size());
    CHECK(std::equal(plain.begin(), plain.end(), greased.begin()));
    // The extra parameter has a reserved id and is skipped on decode.
    BufferReader reader{std::span(greased).subspan(plain.size())};
    uint64_t id = 0, length = 0;
    REQUIRE(reader.read_varint(id));
    REQUIRE(reader.read_varint(length));
    CHECK(is_reserved_transport_parameter_id(id));
    CHECK(length <= 16);
    CHECK(reader.remaining() == length);
    grease_ids.insert(id);
    CHECK(*decode_transport_parameters(greased, Role::kServer) == params);
  }
  CHECK(grease_ids.size() > 15);
}

TEST_CASE("encoding into a buffer too small fails without writing",
          "[wire][transport_parameters]") {
  const TransportParameters params = full_server_parameters();
  const size_t needed = encode(params, Role::kServer).size();
  for (size_t room : {size_t{0}, size_t{1}, needed / 2, needed - 1}) {
    std::vector<uint8_t> buffer(room);
    BufferWriter writer(buffer);
    const Status status = encode_transport_parameters(params, Role::kServer, writer);
    REQUIRE_FALSE(status.ok());
    CHECK(status.error().is(TransportError::kInternalError));
    CHECK(writer.written() == 0);
  }
  // Appending after existing content keeps it.
  std::vector<uint8_t> buffer(needed + 3);
  BufferWriter writer(buffer);
  REQUIRE(writer.write_bytes(hex("aabbcc")));
  REQUIRE(encode_transport_parameters(params, Role::kServer, writer).ok());
  CHECK(writer.written() == needed + 3);
  CHECK(*decode_transport_parameters(std::span(buffer).subspan(3), Role::kServer) == params);
}

}  // namespace
}  // namespace quasar
