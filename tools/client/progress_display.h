// ProgressDisplay: one progress line per active download on a terminal, redrawn in place at
// most five times a second.
#pragma once

#include <cstdio>
#include <vector>

#include "quic/base/time.h"
#include "tools/client/download.h"

namespace quasar::tools {

class ProgressDisplay {
 public:
  // Draws on `terminal` (stderr) only when `enabled`.
  ProgressDisplay(std::FILE* terminal, bool enabled) : out_(terminal), enabled_(enabled) {}

  bool enabled() const { return enabled_; }
  // Redraws if the last drawing is old enough (or `force`).
  void update(Instant now, const std::vector<Download>& downloads, bool force = false);
  // Removes the progress lines, leaving the terminal as it was.
  void clear();
  Instant next_redraw() const;

 private:
  std::FILE* out_;
  bool enabled_;
  Instant last_draw_ = Instant::from_nanos(0);
  bool drawn_once_ = false;
  int lines_drawn_ = 0;
};

}  // namespace quasar::tools
