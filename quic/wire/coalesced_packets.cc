// Walking coalesced packets (RFC 9000 §12.2).
#include "quic/wire/coalesced_packets.h"

#include <algorithm>

namespace quasar {

bool CoalescedPackets::next(PacketHeader& out) {
  while (!error_ && offset_ < datagram_.size()) {
    auto parsed = parse_packet_header(datagram_.subspan(offset_), short_header_dcid_length_);
    if (!parsed.ok()) {
      error_ = parsed.error();
      return false;
    }
    const PacketHeader& header = parsed.value();
    offset_ += header.size();
    if (!seen_first_) {
      seen_first_ = true;
      first_dcid_ = header.dcid;
    } else if (!std::equal(header.dcid.begin(), header.dcid.end(), first_dcid_.begin(),
                           first_dcid_.end())) {
      // RFC 9000 §12.2: receivers SHOULD ignore packets with a different DCID.
      ++skipped_packets_;
      continue;
    }
    ++packet_count_;
    out = header;
    return true;
  }
  return false;
}

}  // namespace quasar
