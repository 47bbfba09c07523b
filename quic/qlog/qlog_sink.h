// QlogSink: where the core sends qlog events (draft-ietf-quic-qlog-main-schema and
// -quic-events). The core formats each event's "data" object; the sink decides where it goes.
#pragma once

#include <string_view>

#include "quic/base/time.h"

namespace quasar {

class QlogSink {
 public:
  virtual ~QlogSink() = default;
  // `name` is the full event name, e.g. "quic:packet_sent"; `data_json` is a JSON object.
  virtual void emit(Instant time, std::string_view name, std::string_view data_json) = 0;
};

}  // namespace quasar
