// OneRttKeys: the 1-RTT keys of a connection across key updates (RFC 9001 §6): the current write
// key, the previous, current and next read keys, selected per packet by its Key Phase bit and
// packet number. Header protection keys never change (RFC 9001 §5.4, §6.1).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>

#include "crypto/cipher_suite.h"
#include "crypto/crypto_error.h"
#include "crypto/header_protector.h"
#include "crypto/packet_keys.h"
#include "crypto/packet_protector.h"
#include "crypto/secret.h"
#include "quic/base/result.h"

namespace quasar {

class OneRttKeys {
 public:
  // Which read key protected a packet.
  enum class ReadKey : uint8_t { kPrevious, kCurrent, kNext };

  struct Opened {
    size_t plaintext_length = 0;
    ReadKey key = ReadKey::kCurrent;
    // The packet was the first with the peer's new key phase: the read keys moved on, and if the
    // peer initiated the update, so did the write keys (RFC 9001 §6.2).
    bool key_phase_changed = false;
  };

  // From the 1-RTT secrets TLS produced. The next read key is derived at once so that a key
  // update costs no derivation on the packet path (RFC 9001 §6.3).
  static Result<OneRttKeys, CryptoError> create(const PacketKeyFactory& factory, CipherSuite suite,
                                                uint32_t version,
                                                std::span<const uint8_t> read_secret,
                                                std::span<const uint8_t> write_secret);
  // From the write secret alone: a server has it a round trip before the read secret and may
  // send half-RTT data meanwhile (RFC 9001 §4.1.4). Add the read secret when it arrives.
  static Result<OneRttKeys, CryptoError> create(const PacketKeyFactory& factory, CipherSuite suite,
                                                uint32_t version,
                                                std::span<const uint8_t> write_secret);
  // Once only; kInvalidArgument if read keys are already there.
  Result<void, CryptoError> install_read_secret(std::span<const uint8_t> read_secret);
  bool has_read_keys() const { return read_header_ != nullptr; }

  OneRttKeys(OneRttKeys&&) = default;
  OneRttKeys& operator=(OneRttKeys&&) = default;

  // --- sending ---
  // The Key Phase bit for packets sealed now.
  bool write_key_phase() const { return (write_generation_ & 1) != 0; }
  PacketProtector& write_key() { return *write_key_; }
  const HeaderProtector& write_header_key() const { return *write_header_; }
  uint64_t write_generation() const { return write_generation_; }

  // RFC 9001 §6.1: moves the write key to the next generation and flips the Key Phase bit. Allowed
  // once a packet with the current read phase has been opened after the previous update (the
  // peer responded); the connection also waits for an acknowledgment of a packet of the current
  // phase and for the handshake to be confirmed. Otherwise kKeyUpdateNotAllowed.
  Result<void, CryptoError> initiate_key_update();
  bool key_update_pending() const { return write_generation_ > read_generation_; }

  // --- receiving (once has_read_keys()) ---
  const HeaderProtector& read_header_key() const { return *read_header_; }
  uint64_t read_generation() const { return read_generation_; }

  // RFC 9001 §6.3, §6.5: the same phase as the current read key uses it; a different phase
  // uses the previous key if the packet number is below every packet of the current phase,
  // otherwise the next key.
  ReadKey select_read_key(bool key_phase, uint64_t packet_number) const;

  // Opens a packet (header protection already removed; `packet_number` fully decoded) with the
  // key select_read_key() chooses. Opening with the next key promotes it: the current key becomes
  // the previous one, and the write key follows if the peer initiated the update.
  // kKeyUnavailable without read keys or if the previous key was discarded;
  // kAuthenticationFailed otherwise.
  Result<Opened, CryptoError> open(bool key_phase, uint64_t packet_number,
                                   std::span<const uint8_t> header,
                                   std::span<uint8_t> ciphertext_and_tag);

  bool has_previous_read_key() const { return previous_read_key_ != nullptr; }
  // RFC 9001 §6.5: old read keys are kept about three PTOs after the update; the connection's
  // timer calls this.
  void discard_previous_read_key();

  // Failed decryptions under every read key, for the integrity limit (RFC 9001 §6.6).
  uint64_t failed_opens() const { return failed_opens_retired_ + live_failed_opens(); }

 private:
  OneRttKeys() = default;
  Result<void, CryptoError> advance_write_key();
  uint64_t live_failed_opens() const;

  const PacketKeyFactory* factory_ = nullptr;
  CipherSuite suite_ = CipherSuite::kAes128GcmSha256;
  uint32_t version_ = 0;

  Secret write_secret_;
  std::unique_ptr<PacketProtector> write_key_;
  std::unique_ptr<HeaderProtector> write_header_;
  uint64_t write_generation_ = 0;

  Secret next_read_secret_;  // the secret of next_read_key_
  std::unique_ptr<PacketProtector> previous_read_key_;
  std::unique_ptr<PacketProtector> current_read_key_;
  std::unique_ptr<PacketProtector> next_read_key_;
  std::unique_ptr<HeaderProtector> read_header_;
  uint64_t read_generation_ = 0;
  // The lowest packet number opened with the current read key (RFC 9001 §6.5).
  std::optional<uint64_t> lowest_current_read_pn_;
  uint64_t failed_opens_retired_ = 0;
};

}  // namespace quasar
