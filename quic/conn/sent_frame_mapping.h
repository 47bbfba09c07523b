// Conversions between the stream layer's control frames, their wire frames, and the compact
// records the sent-packet map keeps of them.
#pragma once

#include <optional>

#include "quic/recovery/sent_frame.h"
#include "quic/stream/stream_control_frame.h"
#include "quic/wire/frames.h"

namespace quasar {

// The frame to encode for a control frame the stream layer asked for.
Frame to_wire_frame(const StreamControlFrame& control);
// The record kept in the sent packet, carrying every value the stream layer needs back.
SentFrame to_sent_frame(const StreamControlFrame& control);
// The control frame a record stands for; nullopt for records of other frames.
std::optional<StreamControlFrame> to_stream_control_frame(const SentFrame& sent);

}  // namespace quasar
