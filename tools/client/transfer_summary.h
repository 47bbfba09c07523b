// The summary quasar-client prints when it ends: one line per download, then totals — bytes,
// duration, goodput, handshake time, RTT, losses and retransmissions.
#pragma once

#include <string>
#include <vector>

#include "tools/client/download.h"
#include "tools/client/download_client.h"

namespace quasar::tools {

std::string format_summary(const std::vector<Download>& downloads,
                           const ConnectionSnapshot& connection, Duration elapsed);

}  // namespace quasar::tools
