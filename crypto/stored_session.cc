#include "crypto/stored_session.h"

#include "quic/base/buffer_reader.h"
#include "quic/base/buffer_writer.h"

namespace quasar {
namespace {

// "QSS" and a format version.
constexpr uint32_t kMagic = 0x51535301;

size_t field_size(size_t length) { return varint_size(length) + length; }

}  // namespace

std::vector<uint8_t> encode_stored_session(const StoredSession& session) {
  std::vector<uint8_t> blob(4 + 4 + 1 + field_size(session.alpn.size()) +
                            field_size(session.server_transport_parameters.size()) +
                            field_size(session.tls_session.size()));
  BufferWriter writer(blob);
  const auto alpn =
      std::span(reinterpret_cast<const uint8_t*>(session.alpn.data()), session.alpn.size());
  const bool ok =
      writer.write_u32(kMagic) && writer.write_u32(session.quic_version) &&
      writer.write_u8(session.early_data_capable ? 1 : 0) && writer.write_varint(alpn.size()) &&
      writer.write_bytes(alpn) && writer.write_varint(session.server_transport_parameters.size()) &&
      writer.write_bytes(session.server_transport_parameters) &&
      writer.write_varint(session.tls_session.size()) && writer.write_bytes(session.tls_session);
  if (!ok) return {};
  blob.resize(writer.written());
  return blob;
}

std::optional<StoredSession> decode_stored_session(std::span<const uint8_t> blob) {
  BufferReader reader(blob);
  uint32_t magic = 0;
  uint8_t flags = 0;
  StoredSession session;
  uint64_t length = 0;
  std::span<const uint8_t> alpn, parameters, tls;
  if (!reader.read_u32(magic) || magic != kMagic || !reader.read_u32(session.quic_version) ||
      !reader.read_u8(flags) || flags > 1 || !reader.read_varint(length) ||
      !reader.read_bytes(length, alpn) || !reader.read_varint(length) ||
      !reader.read_bytes(length, parameters) || !reader.read_varint(length) ||
      !reader.read_bytes(length, tls) || !reader.empty() || tls.empty()) {
    return std::nullopt;
  }
  session.early_data_capable = flags == 1;
  session.alpn.assign(alpn.begin(), alpn.end());
  session.server_transport_parameters.assign(parameters.begin(), parameters.end());
  session.tls_session.assign(tls.begin(), tls.end());
  return session;
}

}  // namespace quasar
