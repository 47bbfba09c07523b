// Encoder (RFC 9204 §2.1). Each field section is planned line by line (choosing static,
// dynamic or literal representations and queueing encoder instructions), then written with
// the Base that makes its indices shortest. Which lines enter the dynamic table is up to
// InsertionPolicy; this file decides how the table is used: references only where the
// blocked-streams budget allows, refreshing entries about to be evicted that keep being
// used, and, without acknowledgements, spending the budget where it saves the most.
#include "qpack/encoder.h"

#include <algorithm>

#include "qpack/decoder_instruction.h"
#include "qpack/encoder_instruction.h"
#include "qpack/field_line_representation.h"
#include "qpack/field_section_writer.h"
#include "qpack/required_insert_count.h"
#include "qpack/static_table.h"

namespace quasar::qpack {
namespace {

// Beyond this many unacknowledged sections with dynamic references, new sections use only
// the static table: it bounds the memory a peer that never acknowledges can make us hold.
constexpr size_t kMaxOutstandingSections = 4096;

// Entries about to be evicted that later sections referenced this many times are
// duplicated ahead of use (their copies inherit half the count).
constexpr uint32_t kRefreshMinHits = 4;

// Without acknowledgements, a section spends a blocked stream if the table would save at
// least this share (percent) of the average saving per section so far, or while at least
// this share (percent) of the table is free to invest in.
constexpr uint64_t kPaceSavingPercent = 80;
constexpr uint64_t kInvestFreePercent = 25;

}  // namespace

Encoder::Encoder(const EncoderConfig& config)
    : config_(config),
      max_entries_(max_entries(config.max_table_capacity)),
      sections_(table_),
      policy_(config.insertion, !config.decoder_feedback) {
  const uint64_t usable = std::min(config_.max_table_capacity, EncoderConfig::kMaxCapacity);
  config_.table_capacity = std::min(config_.table_capacity, usable);
  if (config_.capacity_preset && config_.table_capacity > 0) {
    table_.set_capacity(config_.table_capacity);
    update_draining_reserve();
    capacity_sent_ = true;
  }
}

void Encoder::update_draining_reserve() {
  // RFC 9204 §2.1.1.1. Without acknowledgements nothing is ever evicted: nothing drains.
  table_.set_draining_reserve(
      config_.decoder_feedback ? table_.capacity() * config_.draining_fraction / 256 : 0);
}

// ---- Field sections ----

void Encoder::encode_section(uint64_t stream_id, std::span<const FieldLine> fields,
                             std::vector<uint8_t>& out) {
  ++stats_.sections;  // numbers this section for EncoderTable::mark_used
  lines_.clear();
  referenced_.clear();
  SectionPlan plan;
  plan.use_table =
      config_.max_table_capacity > 0 && sections_.outstanding_sections() < kMaxOutstandingSections;
  // RFC 9204 §2.1.2: at most SETTINGS_QPACK_BLOCKED_STREAMS streams may risk blocking.
  const bool stream_blocking = plan.use_table && sections_.stream_is_blocking(stream_id);
  plan.may_block = plan.use_table && (stream_blocking || sections_.blocking_stream_count() <
                                                             config_.max_blocked_streams);
  const bool adaptive = config_.insertion == InsertionMode::kAdaptive;
  // Without acknowledgements every section that uses the table spends one of the blocked
  // streams for good: spend them on the sections where the table saves the most.
  if (plan.may_block && !stream_blocking && !config_.decoder_feedback && adaptive &&
      !worth_a_blocked_stream(fields)) {
    plan.may_block = false;
  }
  // Entries worth keeping are refreshed before planning when this section may reference
  // the copies, else after it, when its references keep the copies it needs from eviction.
  const bool refresh = plan.use_table && config_.decoder_feedback && adaptive;
  if (refresh && plan.may_block) refresh_draining_entries();
  // Without acknowledgements, what a section inserts stays for good: it is chosen for the
  // section as a whole.
  const bool select = plan.may_block && !config_.decoder_feedback && adaptive;
  if (select) select_insertions(fields);

  const uint64_t initial_base = table_.insert_count();
  for (size_t i = 0; i < fields.size(); ++i) {
    plan_line(fields[i], plan, select ? std::optional<bool>(selected_[i] != 0) : std::nullopt);
  }
  if (refresh && !plan.may_block) refresh_draining_entries();

  const uint64_t required_insert_count = plan.largest_reference;
  const uint64_t base = choose_base(lines_, required_insert_count, initial_base, max_entries_);
  write_field_section(lines_, required_insert_count, base, max_entries_, out);
  count_representations();
  if (required_insert_count > 0) sections_.add(stream_id, required_insert_count, referenced_);
}

bool Encoder::worth_a_blocked_stream(std::span<const FieldLine> fields) {
  // What the table's entries would save in this section.
  uint64_t saving = 0;
  for (const FieldLine& field : fields) {
    if (field.never_index) continue;
    const StaticMatch match = static_match(field.name, field.value);
    if (match.field_index) continue;
    const FieldHashes hashes = hash_field(field.name, field.value);
    if (table_.find_field(field.name, field.value, hashes)) {
      const InsertForm form = choose_insert_form(field.name, field.value, hashes, match.name_index);
      saving += insertion_costs(field, match.name_index, form, true).literal_size - 1;
    }
  }
  ++paced_sections_;
  paced_saving_ += saving;
  const uint64_t free = table_.capacity() - table_.table().size();
  if (free * 100 >= table_.capacity() * kInvestFreePercent) return true;
  return saving * paced_sections_ * 100 >= paced_saving_ * kPaceSavingPercent;
}

void Encoder::refresh_draining_entries() {
  // RFC 9204 §2.1.1.1: entries about to be evicted that keep being used are duplicated, so
  // the table keeps what pays off even through a gap in its use.
  refresh_.clear();
  const uint64_t draining = table_.draining_index();
  for (uint64_t index = table_.table().first_index(); index < draining; ++index) {
    if (table_.hits(index) < kRefreshMinHits) continue;
    const DynamicTable::Entry e = table_.entry(index);
    if (table_.find_field(e.name, e.value, table_.hashes(index)) != index) continue;
    refresh_.push_back(index);
  }
  for (uint64_t index : refresh_) {
    if (table_.table().contains(index)) (void)duplicate(index);
  }
}

void Encoder::select_insertions(std::span<const FieldLine> fields) {
  // Of this section's lines the policy would insert, take those that save the most per
  // byte of table while the free space lasts; a first sight may take only a share of what
  // is left, keeping room for lines that prove they come back.
  selected_.assign(fields.size(), 0);
  candidates_.clear();
  for (size_t i = 0; i < fields.size(); ++i) {
    const FieldLine& field = fields[i];
    if (field.never_index) continue;
    const StaticMatch match = static_match(field.name, field.value);
    if (match.field_index) continue;
    const FieldHashes hashes = hash_field(field.name, field.value);
    if (table_.find_field(field.name, field.value, hashes)) continue;
    const InsertForm form = choose_insert_form(field.name, field.value, hashes, match.name_index);
    const InsertionCosts costs = insertion_costs(field, match.name_index, form, true);
    if (!policy_.should_insert(hashes, costs, config_.table_capacity)) continue;
    candidates_.push_back(
        {static_cast<double>(costs.literal_size) / static_cast<double>(costs.entry_size), i,
         costs.entry_size, !policy_.sent_recently(hashes, config_.table_capacity)});
  }
  std::sort(candidates_.begin(), candidates_.end(), [](const Candidate& a, const Candidate& b) {
    return a.saving_per_byte > b.saving_per_byte;
  });
  uint64_t free = config_.table_capacity - table_.table().size();
  for (const Candidate& c : candidates_) {
    const uint64_t share = c.first_sight ? InsertionPolicy::kPermanentFirstSightShare : 1;
    if (c.entry_size * share > free) continue;
    selected_[c.line] = 1;
    free -= c.entry_size;
  }
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
    if (table_.mark_used(absolute_index, stats_.sections) == EncoderTable::Use::kFirstHit) {
      policy_.on_first_hit(table_.hashes(absolute_index).name);
    }
  }
  plan.largest_reference = std::max(plan.largest_reference, absolute_index + 1);
}

InsertionCosts Encoder::insertion_costs(const FieldLine& field, std::optional<uint32_t> static_name,
                                        const InsertForm& form, bool usable_now) const {
  // The literal a reference would replace: the value, named by static index or literally.
  size_t name_size = literal_name_size(form.name_encoding);
  if (static_name) name_size = std::min(name_size, name_reference_size(*static_name));
  return {DynamicTable::entry_size(field.name, field.value),
          name_size + string_literal_size(8, form.value_encoding), form.size,
          config_.table_capacity - table_.table().size(), usable_now};
}

void Encoder::plan_line(const FieldLine& field, SectionPlan& plan, std::optional<bool> selected) {
  const StaticMatch static_match_result = static_match(field.name, field.value);
  const FieldHashes hashes = hash_field(field.name, field.value);
  PlannedLine line;
  line.name = field.name;
  line.value = field.value;
  line.never_index = field.never_index;
  // RFC 9204 §4.5.4: a never-indexed field line is always a literal.
  if (!field.never_index && static_match_result.field_index) {
    line.kind = PlannedLine::Kind::kStaticIndexed;
    line.index = *static_match_result.field_index;
    lines_.push_back(line);
    policy_.observe(hashes, config_.table_capacity);
    return;
  }
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
      policy_.observe(hashes, config_.table_capacity);
      return;
    }
    // An entry only usable later is worth inserting if acknowledgements will come; one
    // that exists but cannot be referenced yet is not inserted again.
    std::optional<InsertForm> form;
    if (!exact && (config_.decoder_feedback || plan.may_block) && config_.table_capacity > 0) {
      form = choose_insert_form(field.name, field.value, hashes, static_match_result.name_index);
      const bool insert =
          selected ? *selected
                   : policy_.should_insert(hashes,
                                           insertion_costs(field, static_match_result.name_index,
                                                           *form, plan.may_block),
                                           config_.table_capacity);
      if (!insert) form.reset();
    }
    policy_.observe(hashes, config_.table_capacity);
    if (form) {
      const auto index = insert_entry(field.name, field.value, hashes, *form);
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
    std::optional<uint64_t> dynamic_name = table_.find_name(field.name, hashes);
    if (dynamic_name && (!referenceable(*dynamic_name, plan) || table_.draining(*dynamic_name))) {
      dynamic_name.reset();
    }
    // A name that keeps coming with new values gets an entry of its own with an empty
    // value, so that its later literals can reference the name.
    if (!dynamic_name && !static_name && !field.never_index && config_.decoder_feedback &&
        policy_.should_insert_name(hashes.name, plan.may_block)) {
      const FieldHashes name_only = hash_field(field.name, {});
      const InsertForm form = choose_insert_form(field.name, {}, name_only, std::nullopt);
      if (const auto index = insert_entry(field.name, {}, name_only, form)) {
        if (plan.may_block) dynamic_name = index;
      }
    }
    // The final index depends on the Base; estimate it relative to the newest entry.
    if (dynamic_name && name_reference_size(table_.insert_count() - 1 - *dynamic_name) < best) {
      line.kind = PlannedLine::Kind::kDynamicNameLiteral;
      line.index = *dynamic_name;
      reference(*dynamic_name, plan);
    }
  }
  lines_.push_back(line);
}

void Encoder::count_representations() {
  for (const PlannedLine& line : lines_) {
    switch (line.kind) {
      case PlannedLine::Kind::kStaticIndexed:
        ++stats_.static_indexed;
        break;
      case PlannedLine::Kind::kDynamicIndexed:
        ++stats_.dynamic_indexed;
        break;
      case PlannedLine::Kind::kStaticNameLiteral:
        ++stats_.static_name_literals;
        break;
      case PlannedLine::Kind::kDynamicNameLiteral:
        ++stats_.dynamic_name_literals;
        break;
      case PlannedLine::Kind::kLiteralName:
        ++stats_.literal_names;
        break;
    }
  }
}

// ---- Encoder stream (RFC 9204 §4.3) ----

bool Encoder::ensure_capacity_set() {
  if (!capacity_sent_ && config_.table_capacity > 0) {
    // RFC 9204 §3.2.3: the table starts at capacity zero until the encoder sets it.
    write_set_dynamic_table_capacity(encoder_stream_, config_.table_capacity);
    table_.set_capacity(config_.table_capacity);
    update_draining_reserve();
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
  update_draining_reserve();
  config_.table_capacity = capacity;
  capacity_sent_ = true;
  return true;
}

std::optional<uint64_t> Encoder::insert(std::string_view name, std::string_view value) {
  const FieldHashes hashes = hash_field(name, value);
  return insert_entry(name, value, hashes,
                      choose_insert_form(name, value, hashes, static_find_name(name)));
}

Encoder::InsertForm Encoder::choose_insert_form(std::string_view name, std::string_view value,
                                                const FieldHashes& hashes,
                                                std::optional<uint32_t> static_name) const {
  // RFC 9204 §4.3.2 / §4.3.3: reference the name in either table when that is shorter.
  InsertForm form;
  form.value_encoding = choose_string_encoding(value, config_.huffman);
  form.name_encoding = choose_string_encoding(name, config_.huffman);
  form.size = insert_with_literal_name_size(form.name_encoding, form.value_encoding);
  if (static_name &&
      insert_with_name_reference_size(*static_name, form.value_encoding) <= form.size) {
    form.name = InsertForm::Name::kStatic;
    form.name_index = *static_name;
    form.size = insert_with_name_reference_size(*static_name, form.value_encoding);
  }
  if (const auto dynamic_name = table_.find_name(name, hashes)) {
    const uint64_t relative = table_.insert_count() - 1 - *dynamic_name;
    if (insert_with_name_reference_size(relative, form.value_encoding) < form.size) {
      form.name = InsertForm::Name::kDynamic;
      form.name_index = relative;
      form.size = insert_with_name_reference_size(relative, form.value_encoding);
    }
  }
  return form;
}

std::optional<uint64_t> Encoder::insert_entry(std::string_view name, std::string_view value,
                                              const FieldHashes& hashes, const InsertForm& form) {
  if (!ensure_capacity_set()) return std::nullopt;
  const uint64_t size = DynamicTable::entry_size(name, value);
  // RFC 9204 §2.1.1: never evict an entry that is not evictable.
  if (!table_.can_insert(size)) {
    ++stats_.blocked_inserts;
    return std::nullopt;
  }
  ++stats_.inserts;
  switch (form.name) {
    case InsertForm::Name::kLiteral:
      write_insert_with_literal_name(encoder_stream_, name, form.name_encoding, value,
                                     form.value_encoding);
      break;
    case InsertForm::Name::kStatic:
      write_insert_with_name_reference(encoder_stream_, true, form.name_index, value,
                                       form.value_encoding);
      break;
    case InsertForm::Name::kDynamic:
      write_insert_with_name_reference(encoder_stream_, false, form.name_index, value,
                                       form.value_encoding);
      break;
  }
  policy_.on_inserted(hashes.name, size);
  return table_.insert(name, value, hashes, stats_.sections);
}

std::optional<uint64_t> Encoder::duplicate(uint64_t absolute_index) {
  if (!table_.table().contains(absolute_index)) return std::nullopt;
  const DynamicTable::Entry entry = table_.entry(absolute_index);
  if (!table_.can_insert(entry.size())) {
    ++stats_.blocked_inserts;
    return std::nullopt;
  }
  ++stats_.duplicates;
  const FieldHashes hashes = table_.hashes(absolute_index);
  const uint32_t hits = table_.hits(absolute_index);
  policy_.on_inserted(hashes.name, entry.size());
  write_duplicate(encoder_stream_, table_.insert_count() - 1 - absolute_index);
  // The copy inherits half the original's hits, so entries that stop being used fade out.
  return table_.insert(entry.name, entry.value, hashes, stats_.sections, hits / 2);
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
