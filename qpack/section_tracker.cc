// SectionTracker (RFC 9204 §2.1.2, §2.1.4, §4.4).
#include "qpack/section_tracker.h"

#include <algorithm>

namespace quasar::qpack {

void SectionTracker::add(uint64_t stream_id, uint64_t required_insert_count,
                         std::span<const uint64_t> referenced) {
  Section section{stream_id, required_insert_count, {}};
  if (!spare_lists_.empty()) {
    section.referenced = std::move(spare_lists_.back());
    spare_lists_.pop_back();
  }
  section.referenced.assign(referenced.begin(), referenced.end());
  sections_.push_back(std::move(section));
}

bool SectionTracker::stream_is_blocking(uint64_t stream_id) const {
  const uint64_t known = table_.known_received_count();
  return std::any_of(sections_.begin(), sections_.end(), [&](const Section& s) {
    return s.stream_id == stream_id && s.required_insert_count > known;
  });
}

size_t SectionTracker::blocking_stream_count() const {
  const uint64_t known = table_.known_received_count();
  size_t count = 0;
  for (size_t i = 0; i < sections_.size(); ++i) {
    const Section& s = sections_[i];
    if (s.required_insert_count <= known) continue;
    // Count each stream once, at its first blocking section.
    const bool counted =
        std::any_of(sections_.begin(), sections_.begin() + i, [&](const Section& o) {
          return o.stream_id == s.stream_id && o.required_insert_count > known;
        });
    if (!counted) ++count;
  }
  return count;
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
  return {};
}

void SectionTracker::on_stream_cancellation(uint64_t stream_id) {
  // RFC 9204 §2.2.2.2: references on the stream are no longer outstanding; nothing is
  // learned about insertions.
  for (Section& s : sections_) {
    if (s.stream_id == stream_id) release(s);
  }
  std::erase_if(sections_, [&](const Section& s) { return s.stream_id == stream_id; });
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
  return {};
}

}  // namespace quasar::qpack
