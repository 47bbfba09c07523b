// Decoder: the receiving half of QPACK (RFC 9204 §2.2). It applies encoder stream
// instructions to its dynamic table, decodes field sections (holding blocked ones until the
// entries they need arrive), and produces the decoder stream.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "qpack/byte_reader.h"
#include "qpack/dynamic_table.h"
#include "qpack/field_line.h"
#include "qpack/instruction_stream.h"
#include "qpack/result.h"

namespace quasar::qpack {

struct DecoderConfig {
  // SETTINGS_QPACK_MAX_TABLE_CAPACITY we advertise (RFC 9204 §5); at most kMaxCapacity.
  uint64_t max_table_capacity = 0;
  // SETTINGS_QPACK_BLOCKED_STREAMS we advertise (RFC 9204 §5).
  uint64_t max_blocked_streams = 0;
  // Largest field section accepted, counted as in RFC 9114 §4.2.2 (name + value + 32 per
  // line); encoded sections held while blocked are limited to the same number of bytes.
  uint64_t max_field_section_size = 64 * 1024;

  static constexpr uint64_t kMaxCapacity = uint64_t{1} << 30;
};

enum class SectionState : uint8_t {
  kDecoded,  // every field line went to the sink
  kBlocked,  // held until the encoder stream delivers the entries it references
};

class Decoder {
 public:
  explicit Decoder(const DecoderConfig& config);

  // Bytes received on the peer's encoder stream, split anywhere. An error is a
  // QPACK_ENCODER_STREAM_ERROR and fatal to the connection.
  Status on_encoder_stream_data(std::span<const uint8_t> data);

  // One complete encoded field section received on `stream_id`. Either decodes it into
  // `sink` or, when it references entries not yet received, copies and holds it (RFC 9204
  // §2.2.1). Errors are QPACK_DECOMPRESSION_FAILED; on error the sink may have seen part of
  // the section.
  Result<SectionState> decode_section(uint64_t stream_id, std::span<const uint8_t> section,
                                      FieldLineSink& sink);

  // The stream whose held section can now be decoded, oldest first.
  std::optional<uint64_t> next_unblocked_stream() const;
  // Decodes the held section of next_unblocked_stream() into `sink`.
  Status decode_next_unblocked(FieldLineSink& sink);

  // The stream was reset or its reading abandoned: drops its held sections and tells the
  // encoder (RFC 9204 §2.2.2.2).
  void cancel_stream(uint64_t stream_id);

  // Appends pending decoder stream instructions to `out`: Section Acknowledgments and Stream
  // Cancellations in the order they arose, then one Insert Count Increment covering every
  // insertion not yet acknowledged (RFC 9204 §2.2.2.3).
  void flush_decoder_stream(std::vector<uint8_t>& out);

  size_t blocked_stream_count() const;
  // The stream of the oldest held section, if any.
  std::optional<uint64_t> oldest_blocked_stream() const;
  const DynamicTable& table() const { return table_; }
  const DecoderConfig& config() const { return config_; }

 private:
  struct HeldSection {
    uint64_t stream_id = 0;
    uint64_t required_insert_count = 0;
    uint64_t base = 0;
    std::vector<uint8_t> representations;  // the section after its prefix
  };

  Result<ParseStatus> apply_encoder_instruction(ByteReader& in, size_t& needed);
  Status insert(std::string_view name, std::string_view value);
  Status decode_field_lines(std::span<const uint8_t> representations,
                            uint64_t required_insert_count, uint64_t base, FieldLineSink& sink);
  Result<DynamicTable::Entry> dynamic_entry(uint64_t absolute_index,
                                            uint64_t required_insert_count) const;
  void acknowledge_section(uint64_t stream_id, uint64_t required_insert_count);
  bool stream_has_held_section(uint64_t stream_id) const;

  DecoderConfig config_;
  DynamicTable table_;
  InstructionStream encoder_stream_;
  std::vector<HeldSection> held_;  // in arrival order
  size_t held_bytes_ = 0;
  std::vector<uint8_t> decoder_stream_;     // instructions not yet flushed
  uint64_t acknowledged_insert_count_ = 0;  // the encoder's Known Received Count
  std::string name_scratch_;
  std::string value_scratch_;
};

}  // namespace quasar::qpack
