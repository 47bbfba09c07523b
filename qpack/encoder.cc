// Encoder (RFC 9204 §2.1). Each field section is planned line by line (choosing static,
// dynamic or literal representations and queueing encoder instructions), then the Base that
// makes the indices shortest is picked and the section is written.
#include "qpack/encoder.h"

#include <algorithm>

#include "qpack/decoder_instruction.h"
#include "qpack/encoder_instruction.h"
#include "qpack/field_line_representation.h"
#include "qpack/required_insert_count.h"
#include "qpack/static_table.h"

namespace quasar::qpack {
namespace {

// Beyond this many unacknowledged sections with dynamic references, new sections use only
// the static table: it bounds the memory a peer that never acknowledges can make us hold.
constexpr size_t kMaxOutstandingSections = 4096;

}  // namespace

Encoder::Encoder(const EncoderConfig& config)
    : config_(config),
      max_entries_(max_entries(config.max_table_capacity)),
      table_(config.draining_fraction),
      sections_(table_),
      policy_(config.insertion) {
  const uint64_t usable = std::min(config_.max_table_capacity, EncoderConfig::kMaxCapacity);
  config_.table_capacity = std::min(config_.table_capacity, usable);
}

// ---- Field sections ----

void Encoder::encode_section(uint64_t stream_id, std::span<const FieldLine> fields,
                             std::vector<uint8_t>& out) {
  lines_.clear();
  referenced_.clear();
  SectionPlan plan;
  plan.use_table =
      config_.max_table_capacity > 0 && sections_.outstanding_sections() < kMaxOutstandingSections;
  // RFC 9204 §2.1.2: at most SETTINGS_QPACK_BLOCKED_STREAMS streams may risk blocking.
  plan.may_block =
      plan.use_table && (sections_.stream_is_blocking(stream_id) ||
                         sections_.blocking_stream_count() < config_.max_blocked_streams);
  const uint64_t initial_base = table_.insert_count();
  for (const FieldLine& field : fields) plan_line(field, plan);

  const uint64_t required_insert_count = plan.largest_reference;
  const uint64_t base = choose_base(required_insert_count, initial_base);
  write_section(required_insert_count, base, out);
  if (required_insert_count > 0) sections_.add(stream_id, required_insert_count, referenced_);
}

bool Encoder::referenceable(uint64_t absolute_index, const SectionPlan& plan) const {
  // RFC 9204 §2.1.2: an entry the decoder may not have yet can block the stream.
  return absolute_index < table_.known_received_count() || plan.may_block;
}

void Encoder::reference(uint64_t absolute_index, SectionPlan& plan) {
  // Take the reference now, so later insertions in this section cannot evict the entry.
  if (std::find(referenced_.begin(), referenced_.end(), absolute_index) == referenced_.end()) {
    referenced_.push_back(absolute_index);
    table_.add_reference(absolute_index);
  }
  plan.largest_reference = std::max(plan.largest_reference, absolute_index + 1);
}

void Encoder::plan_line(const FieldLine& field, SectionPlan& plan) {
  const StaticMatch static_match_result = static_match(field.name, field.value);
  PlannedLine line;
  line.name = field.name;
  line.value = field.value;
  line.never_index = field.never_index;
  // RFC 9204 §4.5.4: a never-indexed field line is always a literal.
  if (!field.never_index && static_match_result.field_index) {
    line.kind = PlannedLine::Kind::kStaticIndexed;
    line.index = *static_match_result.field_index;
    lines_.push_back(line);
    return;
  }
  const FieldHashes hashes = hash_field(field.name, field.value);
  if (plan.use_table && !field.never_index) {
    const std::optional<uint64_t> exact = table_.find_field(field.name, field.value, hashes);
    if (exact && referenceable(*exact, plan)) {
      uint64_t index = *exact;
      // RFC 9204 §2.1.1.1: refresh an entry about to be evicted rather than pin it.
      if (table_.draining(index) && plan.may_block) {
        if (const auto copy = duplicate(index)) index = *copy;
      }
      reference(index, plan);
      line.kind = PlannedLine::Kind::kDynamicIndexed;
      line.index = index;
      lines_.push_back(line);
      policy_.observe(hashes);
      return;
    }
    // An entry only usable later is worth inserting if acknowledgements will come.
    const bool worth_inserting =
        !exact && (config_.decoder_feedback || plan.may_block) &&
        policy_.should_insert(hashes, DynamicTable::entry_size(field.name, field.value),
                              config_.table_capacity);
    policy_.observe(hashes);
    if (worth_inserting) {
      const auto index =
          insert_entry(field.name, field.value, hashes, static_match_result.name_index);
      if (index && plan.may_block) {
        reference(*index, plan);
        line.kind = PlannedLine::Kind::kDynamicIndexed;
        line.index = *index;
        lines_.push_back(line);
        return;
      }
    }
  }
  plan_literal(field, hashes, plan, static_match_result.name_index);
}

void Encoder::plan_literal(const FieldLine& field, const FieldHashes& hashes, SectionPlan& plan,
                           std::optional<uint32_t> static_name) {
  PlannedLine line;
  line.name = field.name;
  line.value = field.value;
  line.never_index = field.never_index;
  line.value_encoding = choose_string_encoding(field.value, config_.huffman);
  line.name_encoding = choose_string_encoding(field.name, config_.huffman);
  line.kind = PlannedLine::Kind::kLiteralName;
  size_t best = literal_name_size(line.name_encoding);
  if (static_name && name_reference_size(*static_name) <= best) {
    line.kind = PlannedLine::Kind::kStaticNameLiteral;
    line.index = *static_name;
    best = name_reference_size(*static_name);
  }
  if (plan.use_table) {
    const auto dynamic_name = table_.find_name(field.name, hashes);
    if (dynamic_name && referenceable(*dynamic_name, plan) && !table_.draining(*dynamic_name)) {
      // The final index depends on the Base; estimate it relative to the newest entry.
      const uint64_t estimate = table_.insert_count() - 1 - *dynamic_name;
      if (name_reference_size(estimate) < best) {
        line.kind = PlannedLine::Kind::kDynamicNameLiteral;
        line.index = *dynamic_name;
        reference(*dynamic_name, plan);
      }
    }
  }
  lines_.push_back(line);
}

uint64_t Encoder::choose_base(uint64_t required_insert_count, uint64_t initial_base) const {
  if (required_insert_count == 0) return 0;
  // Bytes the prefix and the dynamic indices take for a given Base.
  const auto cost = [&](uint64_t base) {
    const EncodedBase encoded = encode_base(required_insert_count, base);
    size_t total =
        section_prefix_size({encode_required_insert_count(required_insert_count, max_entries_),
                             encoded.sign, encoded.delta});
    for (const PlannedLine& line : lines_) {
      if (line.kind == PlannedLine::Kind::kDynamicIndexed) {
        total += line.index < base ? indexed_size(base - 1 - line.index)
                                   : indexed_post_base_size(line.index - base);
      } else if (line.kind == PlannedLine::Kind::kDynamicNameLiteral) {
        total += line.index < base ? name_reference_size(base - 1 - line.index)
                                   : post_base_name_reference_size(line.index - base);
      }
    }
    return total;
  };
  // The Base the section started at is preferred on ties; every other candidate puts some
  // referenced entry at relative index 0.
  uint64_t best_base = initial_base;
  size_t best_cost = cost(initial_base);
  for (uint64_t candidate : referenced_) {
    const size_t c = cost(candidate + 1);
    if (c < best_cost) {
      best_cost = c;
      best_base = candidate + 1;
    }
  }
  return best_base;
}

void Encoder::write_section(uint64_t required_insert_count, uint64_t base,
                            std::vector<uint8_t>& out) {
  SectionPrefix prefix;
  if (required_insert_count > 0) {
    // RFC 9204 §4.5.1
    const EncodedBase encoded = encode_base(required_insert_count, base);
    prefix = {encode_required_insert_count(required_insert_count, max_entries_), encoded.sign,
              encoded.delta};
  }
  write_section_prefix(out, prefix);
  for (const PlannedLine& line : lines_) {
    switch (line.kind) {
      case PlannedLine::Kind::kStaticIndexed:
        write_indexed(out, true, line.index);
        break;
      case PlannedLine::Kind::kDynamicIndexed:
        if (line.index < base) {
          write_indexed(out, false, base - 1 - line.index);
        } else {
          write_indexed_post_base(out, line.index - base);
        }
        break;
      case PlannedLine::Kind::kStaticNameLiteral:
        write_literal_with_name_reference(out, line.never_index, true, line.index, line.value,
                                          line.value_encoding);
        break;
      case PlannedLine::Kind::kDynamicNameLiteral:
        if (line.index < base) {
          write_literal_with_name_reference(out, line.never_index, false, base - 1 - line.index,
                                            line.value, line.value_encoding);
        } else {
          write_literal_with_post_base_name_reference(out, line.never_index, line.index - base,
                                                      line.value, line.value_encoding);
        }
        break;
      case PlannedLine::Kind::kLiteralName:
        write_literal_with_literal_name(out, line.never_index, line.name, line.name_encoding,
                                        line.value, line.value_encoding);
        break;
    }
  }
}

// ---- Encoder stream ----

bool Encoder::ensure_capacity_set() {
  if (!capacity_sent_ && config_.table_capacity > 0) {
    // RFC 9204 §3.2.3: the table starts at capacity zero until the encoder sets it.
    write_set_dynamic_table_capacity(encoder_stream_, config_.table_capacity);
    table_.set_capacity(config_.table_capacity);
    capacity_sent_ = true;
  }
  return table_.capacity() > 0;
}

bool Encoder::set_capacity(uint64_t capacity) {
  if (config_.max_table_capacity == 0) {
    return capacity == 0;  // RFC 9204 §3.2.3: no encoder instructions at all
  }
  if (capacity > std::min(config_.max_table_capacity, EncoderConfig::kMaxCapacity) ||
      !table_.can_set_capacity(capacity)) {
    return false;
  }
  write_set_dynamic_table_capacity(encoder_stream_, capacity);
  table_.set_capacity(capacity);
  config_.table_capacity = capacity;
  capacity_sent_ = true;
  return true;
}

std::optional<uint64_t> Encoder::insert(std::string_view name, std::string_view value) {
  return insert_entry(name, value, hash_field(name, value), static_find_name(name));
}

std::optional<uint64_t> Encoder::insert_entry(std::string_view name, std::string_view value,
                                              const FieldHashes& hashes,
                                              std::optional<uint32_t> static_name) {
  if (!ensure_capacity_set()) return std::nullopt;
  if (!table_.can_insert(DynamicTable::entry_size(name, value))) return std::nullopt;
  // RFC 9204 §4.3.2 / §4.3.3: reference the name in either table when that is shorter.
  const StringEncoding value_encoding = choose_string_encoding(value, config_.huffman);
  const StringEncoding name_encoding = choose_string_encoding(name, config_.huffman);
  size_t best = insert_with_literal_name_size(name_encoding, value_encoding);
  enum class NameForm { kLiteral, kStatic, kDynamic } form = NameForm::kLiteral;
  uint64_t name_index = 0;
  if (static_name && insert_with_name_reference_size(*static_name, value_encoding) <= best) {
    form = NameForm::kStatic;
    name_index = *static_name;
    best = insert_with_name_reference_size(*static_name, value_encoding);
  }
  if (const auto dynamic_name = table_.find_name(name, hashes)) {
    const uint64_t relative = table_.insert_count() - 1 - *dynamic_name;
    if (insert_with_name_reference_size(relative, value_encoding) < best) {
      form = NameForm::kDynamic;
      name_index = relative;
    }
  }
  switch (form) {
    case NameForm::kLiteral:
      write_insert_with_literal_name(encoder_stream_, name, name_encoding, value, value_encoding);
      break;
    case NameForm::kStatic:
      write_insert_with_name_reference(encoder_stream_, true, name_index, value, value_encoding);
      break;
    case NameForm::kDynamic:
      write_insert_with_name_reference(encoder_stream_, false, name_index, value, value_encoding);
      break;
  }
  return table_.insert(name, value, hashes);
}

std::optional<uint64_t> Encoder::duplicate(uint64_t absolute_index) {
  if (!table_.table().contains(absolute_index)) return std::nullopt;
  const DynamicTable::Entry entry = table_.entry(absolute_index);
  if (!table_.can_insert(entry.size())) return std::nullopt;
  write_duplicate(encoder_stream_, table_.insert_count() - 1 - absolute_index);
  return table_.insert(entry.name, entry.value, hash_field(entry.name, entry.value));
}

void Encoder::flush_encoder_stream(std::vector<uint8_t>& out) {
  out.insert(out.end(), encoder_stream_.begin(), encoder_stream_.end());
  encoder_stream_.clear();
}

// ---- Decoder stream (RFC 9204 §4.4) ----

Status Encoder::on_decoder_stream_data(std::span<const uint8_t> data) {
  return decoder_stream_.feed(data, [this](ByteReader& in, size_t& needed) {
    return apply_decoder_instruction(in, needed);
  });
}

Result<ParseStatus> Encoder::apply_decoder_instruction(ByteReader& in, size_t& needed) {
  needed = 0;
  DecoderInstruction instruction;
  const ParseStatus status = parse_decoder_instruction(in, instruction);
  if (status == ParseStatus::kIncomplete) return ParseStatus::kIncomplete;
  if (status == ParseStatus::kInvalid) {
    return QpackError::decoder_stream("decoder instruction integer too large");
  }
  switch (instruction.type) {
    case DecoderInstructionType::kSectionAcknowledgment:
      QPACK_TRY(sections_.on_section_acknowledgment(instruction.value));
      break;
    case DecoderInstructionType::kStreamCancellation:
      sections_.on_stream_cancellation(instruction.value);
      break;
    case DecoderInstructionType::kInsertCountIncrement:
      QPACK_TRY(sections_.on_insert_count_increment(instruction.value));
      break;
  }
  return ParseStatus::kOk;
}

}  // namespace quasar::qpack
