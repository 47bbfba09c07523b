// Download: one URL the client fetches — where it goes, how far it got, and how it ended.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "quic/base/time.h"
#include "tools/client/output_file.h"
#include "tools/client/url.h"

namespace quasar::tools {

enum class DownloadState { kQueued, kActive, kDone, kFailed };

struct Download {
  Url url;
  std::unique_ptr<OutputFile> output;
  DownloadState state = DownloadState::kQueued;
  std::optional<uint64_t> stream_id;
  std::optional<uint64_t> expected_size;  // when the protocol announces it (not hq-interop)
  uint64_t bytes = 0;
  Instant started;
  Instant finished;
  std::string error;  // why it failed

  bool ended() const { return state == DownloadState::kDone || state == DownloadState::kFailed; }

  // Ends the download: the output is committed on success and removed on failure.
  void complete(Instant now) {
    if (ended()) return;
    finished = now;
    if (output && !output->commit()) return fail(now, output->error());
    state = DownloadState::kDone;
  }
  void fail(Instant now, std::string why) {
    if (ended()) return;
    finished = now;
    if (output) output->discard();
    error = std::move(why);
    state = DownloadState::kFailed;
  }
};

}  // namespace quasar::tools
