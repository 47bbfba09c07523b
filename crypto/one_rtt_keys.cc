#include "crypto/one_rtt_keys.h"

#include "crypto/packet_key_material.h"

namespace quasar {

Result<OneRttKeys, CryptoError> OneRttKeys::create(const PacketKeyFactory& factory,
                                                   CipherSuite suite, uint32_t version,
                                                   std::span<const uint8_t> write_secret) {
  OneRttKeys keys;
  keys.factory_ = &factory;
  keys.suite_ = suite;
  keys.version_ = version;
  if (!Secret::from_bytes(write_secret, keys.write_secret_)) {
    return Err{CryptoError::kInvalidArgument};
  }
  QUASAR_ASSIGN_OR_RETURN(PacketKeys write, factory.make_packet_keys(write_secret, suite, version));
  keys.write_key_ = std::move(write.aead);
  keys.write_header_ = std::move(write.header);
  return keys;
}

Result<OneRttKeys, CryptoError> OneRttKeys::create(const PacketKeyFactory& factory,
                                                   CipherSuite suite, uint32_t version,
                                                   std::span<const uint8_t> read_secret,
                                                   std::span<const uint8_t> write_secret) {
  QUASAR_ASSIGN_OR_RETURN(OneRttKeys keys, create(factory, suite, version, write_secret));
  QUASAR_TRY(keys.install_read_secret(read_secret));
  return keys;
}

Result<void, CryptoError> OneRttKeys::install_read_secret(std::span<const uint8_t> read_secret) {
  if (read_header_) return Err{CryptoError::kInvalidArgument};
  QUASAR_ASSIGN_OR_RETURN(PacketKeys read,
                          factory_->make_packet_keys(read_secret, suite_, version_));
  QUASAR_ASSIGN_OR_RETURN(Secret next,
                          derive_next_generation_secret(read_secret, suite_, version_));
  QUASAR_ASSIGN_OR_RETURN(next_read_key_,
                          factory_->make_packet_protector(next.span(), suite_, version_));
  next_read_secret_ = next;
  current_read_key_ = std::move(read.aead);
  read_header_ = std::move(read.header);
  return {};
}

Result<void, CryptoError> OneRttKeys::advance_write_key() {
  QUASAR_ASSIGN_OR_RETURN(Secret next,
                          derive_next_generation_secret(write_secret_.span(), suite_, version_));
  QUASAR_ASSIGN_OR_RETURN(write_key_,
                          factory_->make_packet_protector(next.span(), suite_, version_));
  write_secret_ = next;
  ++write_generation_;
  return {};
}

Result<void, CryptoError> OneRttKeys::initiate_key_update() {
  // RFC 9001 §6.1: no second update until the peer has answered the first.
  if (key_update_pending()) return Err{CryptoError::kKeyUpdateNotAllowed};
  return advance_write_key();
}

OneRttKeys::ReadKey OneRttKeys::select_read_key(bool key_phase, uint64_t packet_number) const {
  const bool current_phase = (read_generation_ & 1) != 0;
  if (key_phase == current_phase) return ReadKey::kCurrent;
  // A phase change below every packet of the current phase is a delayed packet of the previous
  // phase; at or above, it is the peer's next phase (RFC 9001 §6.5). Generation 0 has no
  // previous phase.
  if (read_generation_ > 0 && lowest_current_read_pn_ && packet_number < *lowest_current_read_pn_) {
    return ReadKey::kPrevious;
  }
  return ReadKey::kNext;
}

Result<OneRttKeys::Opened, CryptoError> OneRttKeys::open(bool key_phase, uint64_t packet_number,
                                                         std::span<const uint8_t> header,
                                                         std::span<uint8_t> ciphertext_and_tag) {
  Opened opened;
  if (!has_read_keys()) return Err{CryptoError::kKeyUnavailable};
  opened.key = select_read_key(key_phase, packet_number);
  PacketProtector* key = nullptr;
  switch (opened.key) {
    case ReadKey::kPrevious:
      key = previous_read_key_.get();
      break;
    case ReadKey::kCurrent:
      key = current_read_key_.get();
      break;
    case ReadKey::kNext:
      key = next_read_key_.get();
      break;
  }
  if (key == nullptr) return Err{CryptoError::kKeyUnavailable};
  QUASAR_ASSIGN_OR_RETURN(opened.plaintext_length,
                          key->open(packet_number, header, ciphertext_and_tag));

  if (opened.key == ReadKey::kCurrent) {
    if (!lowest_current_read_pn_ || packet_number < *lowest_current_read_pn_) {
      lowest_current_read_pn_ = packet_number;
    }
  } else if (opened.key == ReadKey::kNext) {
    // RFC 9001 §6.2: the peer moved to the next phase; promote the read keys and derive the one
    // after, so the next update again costs nothing on the packet path.
    discard_previous_read_key();
    previous_read_key_ = std::move(current_read_key_);
    current_read_key_ = std::move(next_read_key_);
    ++read_generation_;
    lowest_current_read_pn_ = packet_number;
    QUASAR_ASSIGN_OR_RETURN(
        Secret after, derive_next_generation_secret(next_read_secret_.span(), suite_, version_));
    QUASAR_ASSIGN_OR_RETURN(next_read_key_,
                            factory_->make_packet_protector(after.span(), suite_, version_));
    next_read_secret_ = after;
    // RFC 9001 §6.2: a peer-initiated update is answered by updating the write keys before
    // acknowledging the packet.
    if (write_generation_ < read_generation_) QUASAR_TRY(advance_write_key());
    opened.key_phase_changed = true;
  }
  return opened;
}

void OneRttKeys::discard_previous_read_key() {
  if (previous_read_key_) failed_opens_retired_ += previous_read_key_->failed_opens();
  previous_read_key_.reset();
}

uint64_t OneRttKeys::live_failed_opens() const {
  uint64_t total = 0;
  for (const auto* key :
       {previous_read_key_.get(), current_read_key_.get(), next_read_key_.get()}) {
    if (key != nullptr) total += key->failed_opens();
  }
  return total;
}

}  // namespace quasar
