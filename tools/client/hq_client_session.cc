// HqClientSession: requests and responses.
#include "tools/client/hq_client_session.h"

#include <cstdio>

#include "tools/common/alpn.h"
#include "tools/common/hq_interop.h"

namespace quasar::tools {

ClientProtocol HqClientSession::protocol() {
  ClientProtocol p;
  p.alpn = kAlpnHqInterop;
  p.create = [](Connection&, std::span<uint8_t> scratch) {
    return std::make_unique<HqClientSession>(scratch);
  };
  return p;
}

std::string describe_hq_reset(uint64_t error_code) {
  char code[32];
  std::snprintf(code, sizeof code, "0x%llx", static_cast<unsigned long long>(error_code));
  if (auto status = hq_status_from_code(error_code)) {
    return std::to_string(static_cast<int>(*status)) + " " + hq_status_text(*status) +
           " (RESET_STREAM " + code + ")";
  }
  return std::string("stream reset by the server (error ") + code + ")";
}

bool HqClientSession::start(Instant now, Connection& connection, Download& download) {
  auto id = connection.open_stream(true);
  if (!id.ok()) {
    if (id.error() == StreamApiError::kStreamsBlocked) return false;
    download.fail(now, std::string("cannot open a stream: ") + stream_api_error_name(id.error()));
    return true;
  }
  const std::string request = hq_request_line(download.url.path);
  const auto bytes = std::span(reinterpret_cast<const uint8_t*>(request.data()), request.size());
  auto written = connection.write(*id, bytes);
  if (!written.ok() || *written != bytes.size() || !connection.finish(*id).ok()) {
    // The peer's initial stream window is far larger than a request line.
    (void)connection.reset_stream(*id, 0);
    download.fail(now, "the request did not fit the stream's flow control window");
    return true;
  }
  download.stream_id = *id;
  download.state = DownloadState::kActive;
  download.started = now;
  streams_[*id] = &download;
  return true;
}

void HqClientSession::on_event(Instant now, Connection& connection, const ConnectionEvent& event) {
  if (const auto* readable = std::get_if<event::StreamReadable>(&event)) {
    auto it = streams_.find(readable->stream_id);
    if (it != streams_.end()) read(now, connection, it->first, *it->second);
  } else if (const auto* reset = std::get_if<event::StreamReset>(&event)) {
    auto it = streams_.find(reset->stream_id);
    if (it != streams_.end()) {
      it->second->fail(now, describe_hq_reset(reset->error_code));
      streams_.erase(it);
    }
  } else if (const auto* opened = std::get_if<event::StreamOpened>(&event)) {
    // hq-interop servers open no streams.
    (void)connection.stop_sending(opened->stream_id, 0);
  }
}

void HqClientSession::read(Instant now, Connection& connection, uint64_t stream_id,
                           Download& download) {
  for (;;) {
    auto r = connection.read(stream_id, scratch_, now);
    if (!r.ok()) return;
    if (r->reset_error_code) {
      download.fail(now, describe_hq_reset(*r->reset_error_code));
      streams_.erase(stream_id);
      return;
    }
    if (r->bytes > 0) {
      if (!download.output->write(scratch_.first(r->bytes))) {
        (void)connection.stop_sending(stream_id, 0);
        download.fail(now, download.output->error());
        streams_.erase(stream_id);
        return;
      }
      download.bytes += r->bytes;
    }
    if (r->fin) {
      download.complete(now);
      streams_.erase(stream_id);
      return;
    }
    if (r->bytes == 0) return;
  }
}

}  // namespace quasar::tools
