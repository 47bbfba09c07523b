// Decoder (RFC 9204 §2.2, §4.3 received, §4.5 decoded).
#include "qpack/decoder.h"

#include <algorithm>

#include "qpack/decoder_instruction.h"
#include "qpack/encoder_instruction.h"
#include "qpack/field_line_representation.h"
#include "qpack/required_insert_count.h"
#include "qpack/static_table.h"

namespace quasar::qpack {
namespace {

constexpr QpackError kTruncatedSection =
    QpackError::decompression_failed("field section ends inside a representation");

}  // namespace

Decoder::Decoder(const DecoderConfig& config) : config_(config) {
  config_.max_table_capacity = std::min(config_.max_table_capacity, DecoderConfig::kMaxCapacity);
}

// ---- Encoder stream (RFC 9204 §4.3) ----

Status Decoder::on_encoder_stream_data(std::span<const uint8_t> data) {
  return encoder_stream_.feed(data, [this](ByteReader& in, size_t& needed) {
    return apply_encoder_instruction(in, needed);
  });
}

Result<ParseStatus> Decoder::apply_encoder_instruction(ByteReader& in, size_t& needed) {
  // A string that could not fit in the table even at the densest Huffman coding (8 bits to
  // 30) is refused before it is buffered, so a partial instruction never grows past this.
  const size_t max_string_length = static_cast<size_t>(table_.capacity()) * 30 / 8 + 1;
  EncoderInstruction instruction;
  const ParseStatus status = parse_encoder_instruction(in, max_string_length, instruction, needed);
  if (status == ParseStatus::kIncomplete) return ParseStatus::kIncomplete;
  if (status == ParseStatus::kInvalid) {
    return QpackError::encoder_stream(
        "malformed encoder instruction: integer too large or string larger than the table");
  }
  switch (instruction.type) {
    case EncoderInstructionType::kSetDynamicTableCapacity:
      // RFC 9204 §4.3.1: the capacity must not exceed our SETTINGS_QPACK_MAX_TABLE_CAPACITY.
      if (instruction.index > config_.max_table_capacity) {
        return QpackError::encoder_stream("Set Dynamic Table Capacity above the maximum");
      }
      table_.set_capacity(instruction.index);
      return ParseStatus::kOk;

    case EncoderInstructionType::kInsertWithNameReference: {
      std::string_view name;
      if (instruction.static_name) {
        const StaticEntry* entry = static_entry(instruction.index);
        // RFC 9204 §3.1: an invalid static index on the encoder stream.
        if (entry == nullptr) {
          return QpackError::encoder_stream("Insert with Name Reference: invalid static index");
        }
        name = entry->name;
      } else {
        // RFC 9204 §3.2.5: relative to the most recent insertion; §2.2.3: evicted is an error.
        if (instruction.index >= table_.insert_count() ||
            !table_.contains(table_.insert_count() - 1 - instruction.index)) {
          return QpackError::encoder_stream(
              "Insert with Name Reference: dynamic entry evicted or never inserted");
        }
        name = table_.entry(table_.insert_count() - 1 - instruction.index).name;
      }
      std::string_view value;
      if (!decode_string(instruction.value, value_scratch_, value)) {
        return QpackError::encoder_stream("Insert with Name Reference: invalid Huffman value");
      }
      QPACK_TRY(insert(name, value));
      return ParseStatus::kOk;
    }

    case EncoderInstructionType::kInsertWithLiteralName: {
      std::string_view name;
      std::string_view value;
      if (!decode_string(instruction.name, name_scratch_, name) ||
          !decode_string(instruction.value, value_scratch_, value)) {
        return QpackError::encoder_stream("Insert with Literal Name: invalid Huffman string");
      }
      QPACK_TRY(insert(name, value));
      return ParseStatus::kOk;
    }

    case EncoderInstructionType::kDuplicate: {
      if (instruction.index >= table_.insert_count() ||
          !table_.contains(table_.insert_count() - 1 - instruction.index)) {
        return QpackError::encoder_stream("Duplicate of an entry evicted or never inserted");
      }
      const DynamicTable::Entry entry = table_.entry(table_.insert_count() - 1 - instruction.index);
      QPACK_TRY(insert(entry.name, entry.value));
      return ParseStatus::kOk;
    }
  }
  return ParseStatus::kOk;
}

Status Decoder::insert(std::string_view name, std::string_view value) {
  // RFC 9204 §3.2.2: an entry larger than the capacity is an encoder stream error.
  if (DynamicTable::entry_size(name, value) > table_.capacity()) {
    return QpackError::encoder_stream("inserted entry is larger than the table capacity");
  }
  table_.insert(name, value);
  return {};
}

// ---- Field sections (RFC 9204 §4.5) ----

Result<SectionState> Decoder::decode_section(uint64_t stream_id, std::span<const uint8_t> section,
                                             FieldLineSink& sink) {
  ByteReader in(section);
  SectionPrefix prefix;
  const ParseStatus status = parse_section_prefix(in, prefix);
  if (status == ParseStatus::kIncomplete) {
    return QpackError::decompression_failed("field section ends inside its prefix");
  }
  if (status == ParseStatus::kInvalid) {
    return QpackError::decompression_failed("field section prefix integer too large");
  }
  const auto required_insert_count =
      decode_required_insert_count(prefix.encoded_required_insert_count,
                                   max_entries(config_.max_table_capacity), table_.insert_count());
  if (!required_insert_count) {
    return QpackError::decompression_failed(
        "Required Insert Count could not have been produced by a conformant encoder");
  }
  const auto base = decode_base(*required_insert_count, prefix.sign, prefix.delta_base);
  if (!base) {
    return QpackError::decompression_failed("negative Base (Sign 1, Delta Base >= RIC)");
  }
  const auto representations = in.rest();

  // RFC 9204 §2.2.1: blocked until the Insert Count reaches the Required Insert Count. Later
  // sections of a stream wait behind a held one, so sections decode in stream order.
  const bool stream_held = stream_has_held_section(stream_id);
  if (*required_insert_count > table_.insert_count() || stream_held) {
    if (!stream_held && blocked_stream_count() >= config_.max_blocked_streams) {
      // RFC 9204 §2.1.2: more blocked streams than SETTINGS_QPACK_BLOCKED_STREAMS.
      return QpackError::decompression_failed("blocked streams exceed the advertised limit");
    }
    // RFC 9204 §7.3: held data is bounded by the field section size limit per blocked stream.
    const uint64_t held_limit =
        std::max<uint64_t>(config_.max_blocked_streams, 1) * config_.max_field_section_size;
    if (section.size() > config_.max_field_section_size ||
        held_bytes_ + representations.size() > held_limit) {
      return QpackError::decompression_failed("blocked field section exceeds the size limit");
    }
    held_.push_back({stream_id, *required_insert_count, *base,
                     std::vector<uint8_t>(representations.begin(), representations.end())});
    held_bytes_ += representations.size();
    return SectionState::kBlocked;
  }
  QPACK_TRY(decode_field_lines(representations, *required_insert_count, *base, sink));
  acknowledge_section(stream_id, *required_insert_count);
  return SectionState::kDecoded;
}

std::optional<uint64_t> Decoder::next_unblocked_stream() const {
  for (size_t i = 0; i < held_.size(); ++i) {
    const HeldSection& section = held_[i];
    if (section.required_insert_count > table_.insert_count()) continue;
    // Only the oldest held section of a stream may go first.
    const bool first_of_stream = std::none_of(held_.begin(), held_.begin() + i, [&](const auto& s) {
      return s.stream_id == section.stream_id;
    });
    if (first_of_stream) return section.stream_id;
  }
  return std::nullopt;
}

Status Decoder::decode_next_unblocked(FieldLineSink& sink) {
  const auto stream_id = next_unblocked_stream();
  if (!stream_id) return {};
  const auto it = std::find_if(held_.begin(), held_.end(),
                               [&](const HeldSection& s) { return s.stream_id == *stream_id; });
  HeldSection section = std::move(*it);
  held_.erase(it);
  held_bytes_ -= section.representations.size();
  QPACK_TRY(decode_field_lines(section.representations, section.required_insert_count, section.base,
                               sink));
  acknowledge_section(section.stream_id, section.required_insert_count);
  return {};
}

Result<DynamicTable::Entry> Decoder::dynamic_entry(uint64_t absolute_index,
                                                   uint64_t required_insert_count) const {
  // RFC 9204 §2.2.3: a reference at or above the Required Insert Count, or to an evicted
  // entry, is an error.
  if (absolute_index >= required_insert_count) {
    return QpackError::decompression_failed("reference at or above the Required Insert Count");
  }
  if (!table_.contains(absolute_index)) {
    return QpackError::decompression_failed("reference to an evicted dynamic table entry");
  }
  return table_.entry(absolute_index);
}

Status Decoder::decode_field_lines(std::span<const uint8_t> representations,
                                   uint64_t required_insert_count, uint64_t base,
                                   FieldLineSink& sink) {
  ByteReader in(representations);
  uint64_t largest_reference = 0;  // largest absolute index referenced, plus one
  uint64_t section_size = 0;
  const size_t max_string_length = static_cast<size_t>(config_.max_field_section_size);
  while (!in.empty()) {
    Representation rep;
    const ParseStatus status = parse_representation(in, max_string_length, rep);
    if (status == ParseStatus::kIncomplete) return kTruncatedSection;
    if (status == ParseStatus::kInvalid) {
      return QpackError::decompression_failed(
          "representation integer too large or string over the field section size limit");
    }
    std::string_view name;
    std::string_view value;
    // Resolve the dynamic entry an index refers to, if any.
    std::optional<uint64_t> absolute_index;
    switch (rep.type) {
      case RepresentationType::kIndexed:
      case RepresentationType::kLiteralWithNameReference:
        if (rep.static_table) {
          const StaticEntry* entry = static_entry(rep.index);
          if (entry == nullptr) {
            return QpackError::decompression_failed("invalid static table index");
          }
          name = entry->name;
          value = entry->value;
        } else {
          // RFC 9204 §3.2.5: relative index 0 is Base - 1.
          if (rep.index >= base) {
            return QpackError::decompression_failed("relative index at or below Base zero");
          }
          absolute_index = base - 1 - rep.index;
        }
        break;
      case RepresentationType::kIndexedPostBase:
      case RepresentationType::kLiteralWithPostBaseNameReference:
        absolute_index = base + rep.index;  // RFC 9204 §3.2.6
        break;
      case RepresentationType::kLiteralWithLiteralName:
        if (!decode_string(rep.name, name_scratch_, name)) {
          return QpackError::decompression_failed("invalid Huffman field name");
        }
        break;
    }
    if (absolute_index) {
      QPACK_ASSIGN_OR_RETURN(const DynamicTable::Entry entry,
                             dynamic_entry(*absolute_index, required_insert_count));
      name = entry.name;
      value = entry.value;
      largest_reference = std::max(largest_reference, *absolute_index + 1);
    }
    const bool literal_value = rep.type != RepresentationType::kIndexed &&
                               rep.type != RepresentationType::kIndexedPostBase;
    if (literal_value && !decode_string(rep.value, value_scratch_, value)) {
      return QpackError::decompression_failed("invalid Huffman field value");
    }
    section_size += DynamicTable::entry_size(name, value);
    if (section_size > config_.max_field_section_size) {
      return QpackError::decompression_failed("field section exceeds the size limit");
    }
    sink.on_field_line(name, value, rep.never_index);
  }
  // RFC 9204 §2.2.1: the Required Insert Count must be exactly what the references need.
  if (largest_reference != required_insert_count) {
    return QpackError::decompression_failed(
        "Required Insert Count larger than the largest reference needs");
  }
  return {};
}

void Decoder::acknowledge_section(uint64_t stream_id, uint64_t required_insert_count) {
  // RFC 9204 §4.4.1: acknowledge sections that had a non-zero Required Insert Count.
  if (required_insert_count == 0) return;
  write_section_acknowledgment(decoder_stream_, stream_id);
  acknowledged_insert_count_ = std::max(acknowledged_insert_count_, required_insert_count);
}

bool Decoder::stream_has_held_section(uint64_t stream_id) const {
  return std::any_of(held_.begin(), held_.end(),
                     [&](const HeldSection& s) { return s.stream_id == stream_id; });
}

size_t Decoder::blocked_stream_count() const {
  size_t count = 0;
  for (size_t i = 0; i < held_.size(); ++i) {
    const bool first_of_stream = std::none_of(held_.begin(), held_.begin() + i, [&](const auto& s) {
      return s.stream_id == held_[i].stream_id;
    });
    if (first_of_stream) ++count;
  }
  return count;
}

std::optional<uint64_t> Decoder::oldest_blocked_stream() const {
  if (held_.empty()) return std::nullopt;
  return held_.front().stream_id;
}

void Decoder::cancel_stream(uint64_t stream_id) {
  std::erase_if(held_, [&](const HeldSection& s) {
    if (s.stream_id != stream_id) return false;
    held_bytes_ -= s.representations.size();
    return true;
  });
  // RFC 9204 §4.4.2; a decoder without a dynamic table may omit it.
  if (config_.max_table_capacity > 0) write_stream_cancellation(decoder_stream_, stream_id);
}

void Decoder::flush_decoder_stream(std::vector<uint8_t>& out) {
  out.insert(out.end(), decoder_stream_.begin(), decoder_stream_.end());
  decoder_stream_.clear();
  // RFC 9204 §4.4.3: raise the encoder's Known Received Count to every insertion received.
  if (table_.insert_count() > acknowledged_insert_count_) {
    write_insert_count_increment(out, table_.insert_count() - acknowledged_insert_count_);
    acknowledged_insert_count_ = table_.insert_count();
  }
}

}  // namespace quasar::qpack
