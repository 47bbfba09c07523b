// SectionTracker (RFC 9204 §2.1.2, §2.1.4, §4.4).
#include "qpack/section_tracker.h"

#include <algorithm>

namespace quasar::qpack {

void SectionTracker::add(uint64_t stream_id, uint64_t required_insert_count,
                         std::span<const uint64_t> referenced) {
  const bool counted = required_insert_count > table_.known_received_count() &&
                       !blocking_count_stale_ && !stream_is_blocking(stream_id);
  Section section{stream_id, required_insert_count, {}};
  if (!spare_lists_.empty()) {
    section.referenced = std::move(spare_lists_.back());
    spare_lists_.pop_back();
  }
  section.referenced.assign(referenced.begin(), referenced.end());
  sections_.push_back(std::move(section));
  if (counted) ++blocking_count_;
}

bool SectionTracker::stream_is_blocking(uint64_t stream_id) const {
  const uint64_t known = table_.known_received_count();
  return std::any_of(sections_.begin(), sections_.end(), [&](const Section& s) {
    return s.stream_id == stream_id && s.required_insert_count > known;
  });
}

size_t SectionTracker::blocking_stream_count() const {
  if (blocking_count_stale_) {
    // Distinct streams among the sections that could still block.
    const uint64_t known = table_.known_received_count();
    scratch_.clear();
    for (const Section& s : sections_) {
      if (s.required_insert_count > known) scratch_.push_back(s.stream_id);
    }
    std::sort(scratch_.begin(), scratch_.end());
    blocking_count_ =
        static_cast<size_t>(std::unique(scratch_.begin(), scratch_.end()) - scratch_.begin());
    blocking_count_stale_ = false;
  }
  return blocking_count_;
}

void SectionTracker::release(Section& section) {
  for (uint64_t index : section.referenced) table_.release_reference(index);
  section.referenced.clear();
  spare_lists_.push_back(std::move(section.referenced));
}

Status SectionTracker::on_section_acknowledgment(uint64_t stream_id) {
  // RFC 9204 §2.2.2.1: it acknowledges the earliest unacknowledged section on the stream.
  const auto it = std::find_if(sections_.begin(), sections_.end(),
                               [&](const Section& s) { return s.stream_id == stream_id; });
  if (it == sections_.end()) {
    // RFC 9204 §4.4.1
    return QpackError::decoder_stream("Section Acknowledgment for a stream with no section");
  }
  // RFC 9204 §2.1.4: the decoder has everything the section needed.
  if (it->required_insert_count > table_.known_received_count()) {
    table_.set_known_received_count(it->required_insert_count);
  }
  release(*it);
  sections_.erase(it);
  blocking_count_stale_ = true;
  return {};
}

void SectionTracker::on_stream_cancellation(uint64_t stream_id) {
  // RFC 9204 §2.2.2.2: references on the stream are no longer outstanding; nothing is
  // learned about insertions.
  for (Section& s : sections_) {
    if (s.stream_id == stream_id) release(s);
  }
  std::erase_if(sections_, [&](const Section& s) { return s.stream_id == stream_id; });
  blocking_count_stale_ = true;
}

Status SectionTracker::on_insert_count_increment(uint64_t increment) {
  // RFC 9204 §4.4.3: zero, or beyond what was sent, is an error.
  if (increment == 0) {
    return QpackError::decoder_stream("Insert Count Increment of zero");
  }
  if (increment > table_.insert_count() - table_.known_received_count()) {
    return QpackError::decoder_stream("Insert Count Increment beyond the insertions sent");
  }
  table_.set_known_received_count(table_.known_received_count() + increment);
  blocking_count_stale_ = true;
  return {};
}

}  // namespace quasar::qpack
