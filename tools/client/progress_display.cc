// ProgressDisplay: drawing with ANSI cursor movement.
#include "tools/client/progress_display.h"

#include <string>

#include "tools/common/units.h"

namespace quasar::tools {

namespace {

constexpr Duration kRedrawInterval = Duration::from_millis(200);
constexpr int kBarWidth = 24;
constexpr int kMaxLines = 20;

std::string bar(const Download& d, Instant now) {
  std::string cells(kBarWidth, ' ');
  if (d.expected_size && *d.expected_size > 0) {
    const auto filled = static_cast<int>(kBarWidth * d.bytes / *d.expected_size);
    for (int i = 0; i < filled && i < kBarWidth; ++i) cells[static_cast<size_t>(i)] = '#';
  } else {
    // Size unknown (HTTP/0.9 sends none): a marker that moves while bytes arrive.
    const int64_t tick = (now - d.started).millis() / 100;
    const int position = static_cast<int>(tick % (2 * (kBarWidth - 3)));
    const int at = position < kBarWidth - 3 ? position : 2 * (kBarWidth - 3) - position;
    cells.replace(static_cast<size_t>(at), 3, "<=>");
  }
  return "[" + cells + "]";
}

}  // namespace

Instant ProgressDisplay::next_redraw() const {
  return enabled_ ? last_draw_ + kRedrawInterval : Instant::infinite_future();
}

void ProgressDisplay::update(Instant now, const std::vector<Download>& downloads, bool force) {
  if (!enabled_) return;
  if (!force && drawn_once_ && now < last_draw_ + kRedrawInterval) return;
  last_draw_ = now;
  drawn_once_ = true;
  std::string text;
  if (lines_drawn_ > 0) text += "\x1b[" + std::to_string(lines_drawn_) + "F";  // up, column 1
  int lines = 0;
  for (const Download& d : downloads) {
    if (d.state != DownloadState::kActive || lines == kMaxLines) continue;
    std::string name = output_name_for(d.url.path);
    if (name.size() > 24) name = name.substr(0, 21) + "...";
    name.resize(24, ' ');
    text += "\x1b[2K" + name + " " + bar(d, now) + " " + format_bytes(d.bytes) + "  " +
            format_rate(d.bytes, now - d.started) + "\n";
    ++lines;
  }
  // Blank the lines of transfers that ended since the last drawing.
  for (int i = lines; i < lines_drawn_; ++i) text += "\x1b[2K\n";
  if (lines_drawn_ > lines) text += "\x1b[" + std::to_string(lines_drawn_ - lines) + "F";
  lines_drawn_ = lines;
  std::fputs(text.c_str(), out_);
  std::fflush(out_);
}

void ProgressDisplay::clear() {
  if (!enabled_ || lines_drawn_ == 0) return;
  std::string text = "\x1b[" + std::to_string(lines_drawn_) + "F";
  for (int i = 0; i < lines_drawn_; ++i) text += "\x1b[2K\n";
  text += "\x1b[" + std::to_string(lines_drawn_) + "F";
  std::fputs(text.c_str(), out_);
  std::fflush(out_);
  lines_drawn_ = 0;
}

}  // namespace quasar::tools
