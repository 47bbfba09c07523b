// Encoder: the sending half of QPACK (RFC 9204 §2.1). It encodes field sections, maintains
// the dynamic table through the encoder stream, and follows the decoder stream to learn what
// the decoder has received, never referencing an entry it could not safely reference.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "qpack/encoder_table.h"
#include "qpack/field_line.h"
#include "qpack/insertion_policy.h"
#include "qpack/instruction_stream.h"
#include "qpack/planned_line.h"
#include "qpack/result.h"
#include "qpack/section_tracker.h"
#include "qpack/string_literal.h"

namespace quasar::qpack {

struct EncoderConfig {
  // The peer decoder's SETTINGS_QPACK_MAX_TABLE_CAPACITY and SETTINGS_QPACK_BLOCKED_STREAMS.
  uint64_t max_table_capacity = 0;
  uint64_t max_blocked_streams = 0;
  // Capacity the encoder sets when it first uses the table; clamped to the maximum above.
  uint64_t table_capacity = kUseMaximum;
  HuffmanMode huffman = HuffmanMode::kWhenShorter;
  InsertionMode insertion = InsertionMode::kAdaptive;
  // False when no decoder stream will ever arrive (offline encoding): entries then never
  // become acknowledged, so the encoder inserts only what it can reference within the
  // blocked-streams budget, and spends that budget on the sections that gain the most.
  bool decoder_feedback = true;
  // The peer's table already has table_capacity, so no Set Dynamic Table Capacity is sent.
  // RFC 9204 §3.2.3 starts every table at zero; the offline interop format assumes the
  // table starts at its maximum.
  bool capacity_preset = false;
  // Share of the capacity (in 1/256ths) kept reclaimable by the draining index.
  uint32_t draining_fraction = 32;

  static constexpr uint64_t kUseMaximum = ~uint64_t{0};
  static constexpr uint64_t kMaxCapacity = uint64_t{1} << 30;
};

// What the encoder has done so far, for tuning and monitoring.
struct EncoderStats {
  uint64_t sections = 0;
  uint64_t static_indexed = 0;         // field lines as static table references
  uint64_t dynamic_indexed = 0;        // field lines as dynamic table references
  uint64_t static_name_literals = 0;   // literals naming a static entry
  uint64_t dynamic_name_literals = 0;  // literals naming a dynamic entry
  uint64_t literal_names = 0;          // literals with literal names
  uint64_t inserts = 0;                // Insert instructions
  uint64_t duplicates = 0;             // Duplicate instructions
  uint64_t blocked_inserts = 0;        // inserts wanted but refused: entries not evictable
};

class Encoder {
 public:
  explicit Encoder(const EncoderConfig& config);
  // Parts of the encoder refer to each other, so it stays where it was made.
  Encoder(const Encoder&) = delete;
  Encoder& operator=(const Encoder&) = delete;

  // Encodes the field lines of one section sent on `stream_id`, appending the encoded field
  // section to `out`. Instructions it needs on the encoder stream are queued (see
  // flush_encoder_stream) and must reach the peer no later than the section.
  void encode_section(uint64_t stream_id, std::span<const FieldLine> fields,
                      std::vector<uint8_t>& out);

  // Bytes received on the peer's decoder stream, split anywhere. An error is a
  // QPACK_DECODER_STREAM_ERROR and fatal to the connection.
  Status on_decoder_stream_data(std::span<const uint8_t> data);

  // Appends the queued encoder stream instructions to `out`.
  void flush_encoder_stream(std::vector<uint8_t>& out);

  // Explicit table management, beside what encode_section decides on its own.
  // Sets the table capacity (Set Dynamic Table Capacity); false if above the maximum or if
  // it would evict an entry that cannot be evicted yet.
  bool set_capacity(uint64_t capacity);
  // Inserts a field line ahead of use; returns its absolute index, or nullopt if it does
  // not fit without evicting entries that cannot be evicted yet.
  std::optional<uint64_t> insert(std::string_view name, std::string_view value);
  // Duplicates an entry (RFC 9204 §4.3.4); returns the new absolute index or nullopt.
  std::optional<uint64_t> duplicate(uint64_t absolute_index);

  const EncoderTable& table() const { return table_; }
  uint64_t known_received_count() const { return table_.known_received_count(); }
  size_t blocking_stream_count() const { return sections_.blocking_stream_count(); }
  const EncoderConfig& config() const { return config_; }
  const EncoderStats& stats() const { return stats_; }

 private:
  // Per-section state while planning.
  struct SectionPlan {
    bool use_table = false;          // the dynamic table may be used at all
    bool may_block = false;          // unacknowledged entries may be referenced
    uint64_t largest_reference = 0;  // largest absolute index referenced, plus one
  };
  // How an insert instruction names the field and encodes the strings, and its size.
  struct InsertForm {
    enum class Name : uint8_t { kLiteral, kStatic, kDynamic };
    Name name = Name::kLiteral;
    uint64_t name_index = 0;  // static index, or index relative to the insert count
    StringEncoding name_encoding;
    StringEncoding value_encoding;
    size_t size = 0;
  };
  // A field line that could be inserted into a permanent table (see select_insertions).
  struct Candidate {
    double saving_per_byte = 0;
    size_t line = 0;
    uint64_t entry_size = 0;
    bool first_sight = false;
  };

  // Strategy.
  bool worth_a_blocked_stream(std::span<const FieldLine> fields);
  void refresh_draining_entries();
  void select_insertions(std::span<const FieldLine> fields);

  // Planning one line; `selected` overrides the policy (see select_insertions).
  void plan_line(const FieldLine& field, SectionPlan& plan, std::optional<bool> selected);
  void plan_literal(const FieldLine& field, const FieldHashes& hashes, SectionPlan& plan,
                    std::optional<uint32_t> static_name);
  void reference(uint64_t absolute_index, SectionPlan& plan);
  bool referenceable(uint64_t absolute_index, const SectionPlan& plan) const;
  InsertionCosts insertion_costs(const FieldLine& field, std::optional<uint32_t> static_name,
                                 const InsertForm& form, bool usable_now) const;
  void count_representations();

  // Encoder stream.
  bool ensure_capacity_set();
  void update_draining_reserve();
  InsertForm choose_insert_form(std::string_view name, std::string_view value,
                                const FieldHashes& hashes,
                                std::optional<uint32_t> static_name) const;
  std::optional<uint64_t> insert_entry(std::string_view name, std::string_view value,
                                       const FieldHashes& hashes, const InsertForm& form);
  Result<ParseStatus> apply_decoder_instruction(ByteReader& in, size_t& needed);

  EncoderConfig config_;
  uint64_t max_entries_;
  EncoderTable table_;
  SectionTracker sections_;
  InsertionPolicy policy_;
  InstructionStream decoder_stream_;
  std::vector<uint8_t> encoder_stream_;  // instructions not yet flushed
  bool capacity_sent_ = false;
  EncoderStats stats_;
  // Blocked-stream pacing without acknowledgements: sections seen and what the table
  // would have saved in them.
  uint64_t paced_sections_ = 0;
  uint64_t paced_saving_ = 0;
  // Reused between sections so steady-state encoding does not allocate.
  std::vector<PlannedLine> lines_;
  std::vector<uint64_t> referenced_;
  std::vector<uint64_t> refresh_;
  std::vector<Candidate> candidates_;
  std::vector<uint8_t> selected_;
};

}  // namespace quasar::qpack
