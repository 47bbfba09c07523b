// Fuzz target for packet header decoding: feeds arbitrary datagrams to parse_packet_header (with
// several short-header CID lengths), the coalesced-packet walker, and the Version Negotiation,
// Retry and stateless reset readers, and checks that every span and offset they return lies
// within the datagram. Decoded Initial, 0-RTT and Handshake headers are written again and must
// decode to the same fields.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <vector>

#include "quic/base/buffer_writer.h"
#include "quic/base/connection_id.h"
#include "quic/wire/coalesced_packets.h"
#include "quic/wire/packet_header.h"
#include "quic/wire/packet_header_writer.h"
#include "quic/wire/retry_packet.h"
#include "quic/wire/stateless_reset.h"
#include "quic/wire/version.h"
#include "quic/wire/version_negotiation.h"

namespace {

#define HEADER_FUZZ_CHECK(condition)                                                     \
  do {                                                                                   \
    if (!(condition)) {                                                                  \
      std::fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #condition); \
      std::abort();                                                                      \
    }                                                                                    \
  } while (0)

using namespace quasar;

bool within(std::span<const uint8_t> inner, std::span<const uint8_t> outer) {
  if (inner.empty()) return true;
  return inner.data() >= outer.data() && inner.data() + inner.size() <= outer.data() + outer.size();
}

bool same_bytes(std::span<const uint8_t> a, std::span<const uint8_t> b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

void check_header(const PacketHeader& header, std::span<const uint8_t> datagram) {
  HEADER_FUZZ_CHECK(header.packet.data() == datagram.data());
  HEADER_FUZZ_CHECK(header.size() >= 1 && header.size() <= datagram.size());
  HEADER_FUZZ_CHECK(header.first_byte == datagram[0]);
  for (auto span : {header.dcid, header.scid, header.token, header.retry_integrity_tag,
                    header.supported_versions}) {
    HEADER_FUZZ_CHECK(within(span, header.packet));
  }
  if (header.has_packet_number()) {
    HEADER_FUZZ_CHECK(header.sample_offset() + kHeaderProtectionSampleLength <= header.size());
    HEADER_FUZZ_CHECK(header.header_protection_sample().size() == kHeaderProtectionSampleLength);
  }
  if (header.form == HeaderForm::kShort) {
    HEADER_FUZZ_CHECK(header.type == PacketType::kOneRtt && header.fixed_bit);
    HEADER_FUZZ_CHECK(header.packet_number_offset == 1 + header.dcid.size());
    HEADER_FUZZ_CHECK(header.size() == datagram.size());
    return;
  }
  if (!header.version_known) {
    HEADER_FUZZ_CHECK(!is_supported_version(header.version) && header.version != 0);
    return;
  }
  switch (header.type) {
    case PacketType::kVersionNegotiation:
      HEADER_FUZZ_CHECK(header.version == 0);
      HEADER_FUZZ_CHECK(!header.supported_versions.empty());
      HEADER_FUZZ_CHECK(header.supported_versions.size() % 4 == 0);
      break;
    case PacketType::kRetry:
      HEADER_FUZZ_CHECK(!header.token.empty());
      HEADER_FUZZ_CHECK(header.retry_integrity_tag.size() == kRetryIntegrityTagLength);
      HEADER_FUZZ_CHECK(header.dcid.size() <= kMaxConnectionIdLength);
      break;
    case PacketType::kInitial:
    case PacketType::kZeroRtt:
    case PacketType::kHandshake:
      HEADER_FUZZ_CHECK(header.fixed_bit && is_supported_version(header.version));
      HEADER_FUZZ_CHECK(header.dcid.size() <= kMaxConnectionIdLength);
      HEADER_FUZZ_CHECK(header.scid.size() <= kMaxConnectionIdLength);
      HEADER_FUZZ_CHECK(header.size() == header.packet_number_offset + header.length);
      HEADER_FUZZ_CHECK(header.type == PacketType::kInitial || header.token.empty());
      break;
    case PacketType::kOneRtt:
      HEADER_FUZZ_CHECK(false);
      break;
  }
}

// Writes the header again from its fields and checks that it decodes to the same fields.
void check_rewrite(const PacketHeader& header) {
  if (!header.version_known || !header.has_packet_number() || !header.is_long()) return;
  LongHeaderFields fields;
  fields.version = header.version;
  fields.type = header.type;
  HEADER_FUZZ_CHECK(ConnectionId::from_bytes(header.dcid, fields.dcid));
  HEADER_FUZZ_CHECK(ConnectionId::from_bytes(header.scid, fields.scid));
  fields.token = header.token;
  fields.packet_number_length = 4;
  fields.length_field_length = 8;
  std::vector<uint8_t> buffer(header.size() + 16);
  BufferWriter writer(buffer);
  const auto layout = write_long_header(writer, fields);
  HEADER_FUZZ_CHECK(layout.has_value());
  const size_t packet_size = layout->packet_number_offset + static_cast<size_t>(header.length);
  HEADER_FUZZ_CHECK(packet_size <= buffer.size());
  const auto packet = std::span(buffer).first(packet_size);
  HEADER_FUZZ_CHECK(write_length_field(packet, *layout));
  const auto reparsed = parse_packet_header(packet, 0);
  HEADER_FUZZ_CHECK(reparsed.ok());
  HEADER_FUZZ_CHECK(reparsed->type == header.type && reparsed->version == header.version);
  HEADER_FUZZ_CHECK(same_bytes(reparsed->dcid, header.dcid));
  HEADER_FUZZ_CHECK(same_bytes(reparsed->scid, header.scid));
  HEADER_FUZZ_CHECK(same_bytes(reparsed->token, header.token));
  HEADER_FUZZ_CHECK(reparsed->length == header.length);
}

void check_coalesced(std::span<const uint8_t> datagram, size_t dcid_length) {
  CoalescedPackets packets(datagram, dcid_length);
  PacketHeader header;
  const uint8_t* previous_end = datagram.data();
  size_t yielded = 0;
  while (packets.next(header)) {
    ++yielded;
    HEADER_FUZZ_CHECK(within(header.packet, datagram));
    HEADER_FUZZ_CHECK(header.packet.data() >= previous_end);  // in order, never overlapping
    previous_end = header.packet.data() + header.size();
    HEADER_FUZZ_CHECK(yielded <= datagram.size());
  }
  HEADER_FUZZ_CHECK(packets.packet_count() == yielded);
  HEADER_FUZZ_CHECK(packets.dropped_bytes() <= datagram.size());
  HEADER_FUZZ_CHECK(!packets.next(header));  // stays finished
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::span<const uint8_t> datagram(data, size);
  for (size_t dcid_length : {size_t{0}, size_t{8}, size_t{20}}) {
    const auto header = parse_packet_header(datagram, dcid_length);
    if (header.ok()) {
      check_header(*header, datagram);
      check_rewrite(*header);
    }
    check_coalesced(datagram, dcid_length);
  }

  const auto vn = parse_version_negotiation(datagram);
  if (vn.ok()) {
    HEADER_FUZZ_CHECK(vn->version_count() >= 1);
    HEADER_FUZZ_CHECK(within(vn->version_bytes, datagram));
    for (size_t i = 0; i < vn->version_count(); ++i) HEADER_FUZZ_CHECK(vn->lists(vn->version(i)));
  }

  const auto retry = parse_retry_packet(datagram);
  if (retry.ok()) {
    HEADER_FUZZ_CHECK(retry->without_tag.size() + kRetryIntegrityTagLength == size);
    HEADER_FUZZ_CHECK(within(retry->token, retry->without_tag));
    std::vector<uint8_t> pseudo(retry_pseudo_packet_size(20, retry->without_tag.size()));
    const ConnectionId odcid = ConnectionId::of(retry->scid);
    const auto written = write_retry_pseudo_packet(pseudo, odcid, retry->without_tag);
    HEADER_FUZZ_CHECK(written.has_value() && *written <= pseudo.size());
  }

  const auto token = stateless_reset_token_candidate(datagram);
  HEADER_FUZZ_CHECK(token.has_value() == (size >= kMinStatelessResetLength));
  if (token) HEADER_FUZZ_CHECK(same_bytes(*token, datagram.last(kStatelessResetTokenLength)));
  return 0;
}
