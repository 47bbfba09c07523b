// SectionTracker: the encoder's record of field sections the decoder has not acknowledged
// yet, the Known Received Count, and which streams could be blocked (RFC 9204 §2.1.2,
// §2.1.4, §4.4).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "qpack/encoder_table.h"
#include "qpack/result.h"

namespace quasar::qpack {

class SectionTracker {
 public:
  explicit SectionTracker(EncoderTable& table) : table_(table) {}

  // A field section with a non-zero Required Insert Count was sent on `stream_id`. The
  // encoder took one reference on each entry of `referenced` while encoding it; they are
  // released when the section is acknowledged or its stream cancelled.
  void add(uint64_t stream_id, uint64_t required_insert_count,
           std::span<const uint64_t> referenced);

  // Streams with an unacknowledged section that references an entry the decoder may not
  // have yet: these could be blocked at the decoder.
  size_t blocking_stream_count() const;
  bool stream_is_blocking(uint64_t stream_id) const;
  // Unacknowledged sections with dynamic references.
  size_t outstanding_sections() const { return sections_.size(); }

  // Decoder instructions (RFC 9204 §4.4); errors are QPACK_DECODER_STREAM_ERROR.
  Status on_section_acknowledgment(uint64_t stream_id);
  void on_stream_cancellation(uint64_t stream_id);
  Status on_insert_count_increment(uint64_t increment);

 private:
  struct Section {
    uint64_t stream_id = 0;
    uint64_t required_insert_count = 0;
    std::vector<uint64_t> referenced;
  };
  void release(Section& section);

  EncoderTable& table_;
  std::vector<Section> sections_;                   // in the order they were sent
  std::vector<std::vector<uint64_t>> spare_lists_;  // reused reference lists
  // Cached blocking_stream_count(), recounted after acknowledgements and cancellations.
  mutable size_t blocking_count_ = 0;
  mutable bool blocking_count_stale_ = false;
  mutable std::vector<uint64_t> scratch_;
};

}  // namespace quasar::qpack
