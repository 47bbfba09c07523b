// HqServerSession: reading request lines, answering with files or RESET_STREAM.
#include "tools/server/hq_server_session.h"

#include <algorithm>

#include "quic/stream/stream_id.h"
#include "tools/common/alpn.h"
#include "tools/common/hq_interop.h"

namespace quasar::tools {

ServerProtocol HqServerSession::protocol() {
  ServerProtocol p;
  p.alpn = kAlpnHqInterop;
  p.create = [](const ServerSessionContext& context, Connection&) {
    return std::make_unique<HqServerSession>(context);
  };
  p.shutdown_error_code = 0;  // hq-interop defines no codes; 0 is a clean close
  return p;
}

void HqServerSession::on_event(Instant now, Connection& connection, const ConnectionEvent& event) {
  if (const auto* opened = std::get_if<event::StreamOpened>(&event)) {
    const uint64_t id = opened->stream_id;
    if (is_unidirectional(id)) {
      // hq-interop uses no unidirectional streams: tell the peer to stop.
      (void)connection.stop_sending(id, 0);
      return;
    }
    requests_[id].started = now;
  } else if (const auto* readable = std::get_if<event::StreamReadable>(&event)) {
    auto it = requests_.find(readable->stream_id);
    if (it != requests_.end()) read_request(now, connection, it->first, it->second);
  } else if (const auto* writable = std::get_if<event::StreamWritable>(&event)) {
    auto it = requests_.find(writable->stream_id);
    if (it != requests_.end() && it->second.file.open()) {
      send_file(connection, it->first, it->second);
    }
  } else if (const auto* finished = std::get_if<event::StreamFinished>(&event)) {
    // Every byte and the FIN were acknowledged: the request is complete.
    auto it = requests_.find(finished->stream_id);
    if (it != requests_.end()) {
      log(now, it->second, 200, it->second.file.sent(), "");
      forget(finished->stream_id);
    }
  } else if (const auto* stop = std::get_if<event::StreamStopSending>(&event)) {
    auto it = requests_.find(stop->stream_id);
    if (it != requests_.end()) {
      if (it->second.answered) {
        log(now, it->second, 200, it->second.file.sent(),
            "aborted by peer (STOP_SENDING " + std::to_string(stop->error_code) + ")");
      }
      forget(stop->stream_id);
    }
  } else if (const auto* reset = std::get_if<event::StreamReset>(&event)) {
    auto it = requests_.find(reset->stream_id);
    if (it != requests_.end() && !it->second.answered) {
      (void)connection.reset_stream(reset->stream_id, 0);
      forget(reset->stream_id);
    }
  }
}

void HqServerSession::read_request(Instant now, Connection& connection, uint64_t stream_id,
                                   Request& request) {
  for (;;) {
    auto r = connection.read(stream_id, context_.scratch, now);
    if (!r.ok() || r->reset_error_code) return;
    if (!request.answered) {
      request.head.append(reinterpret_cast<const char*>(context_.scratch.data()), r->bytes);
      if (request.head.size() > kMaxHqRequestLine) {
        return refuse(now, connection, stream_id, request, HqStatus::kBadRequest);
      }
      // The line ends at its newline, or at the FIN for clients that send no newline.
      if (request.head.find('\n') != std::string::npos || r->fin) {
        answer(now, connection, stream_id, request);
        return;
      }
    }
    if (r->fin || r->bytes == 0) return;
  }
}

void HqServerSession::answer(Instant now, Connection& connection, uint64_t stream_id,
                             Request& request) {
  request.answered = true;
  const std::string_view head = request.head;
  auto parsed = parse_hq_request(head.substr(0, head.find('\n') + 1));
  if (!parsed) return refuse(now, connection, stream_id, request, HqStatus::kBadRequest);
  request.method = parsed->method;
  request.path = parsed->target;
  if (parsed->method != "GET") {
    return refuse(now, connection, stream_id, request, HqStatus::kMethodNotAllowed);
  }
  FileLookup lookup = context_.root->open(parsed->target);
  if (lookup.status != HqStatus::kOk) {
    return refuse(now, connection, stream_id, request, lookup.status);
  }
  request.file = FileSender(lookup.file);
  send_file(connection, stream_id, request);
}

void HqServerSession::send_file(Connection& connection, uint64_t stream_id, Request& request) {
  while (!request.file.done()) {
    const std::span<const uint8_t> bytes = request.file.pending();
    if (request.file.failed()) {
      // The file shrank or became unreadable under us.
      (void)connection.reset_stream(stream_id, static_cast<uint64_t>(HqStatus::kInternalError));
      request.file.close();
      return;
    }
    auto written = connection.write(stream_id, bytes);
    if (!written.ok()) return;
    request.file.consume(*written);
    if (*written < bytes.size()) return;  // wait for StreamWritable
  }
  if (!request.fin_sent && connection.finish(stream_id).ok()) {
    request.fin_sent = true;
    request.file.close();
  }
}

void HqServerSession::refuse(Instant now, Connection& connection, uint64_t stream_id,
                             Request& request, HqStatus status) {
  (void)connection.reset_stream(stream_id, static_cast<uint64_t>(status));
  // Whatever else the client sends on the stream is not wanted (ignored if it already ended).
  (void)connection.stop_sending(stream_id, static_cast<uint64_t>(status));
  log(now, request, static_cast<int>(status), 0, "");
  forget(stream_id);
}

void HqServerSession::log(Instant now, const Request& request, int status, uint64_t bytes,
                          std::string note) {
  if (!context_.log_request) return;
  RequestLogEntry entry;
  entry.peer = context_.peer;
  entry.method = request.method.empty() ? "-" : request.method;
  entry.path = request.path.empty() ? "-" : request.path;
  entry.status = status;
  entry.bytes = bytes;
  entry.duration = now - request.started;
  entry.note = std::move(note);
  context_.log_request(entry);
}

void HqServerSession::forget(uint64_t stream_id) { requests_.erase(stream_id); }

void HqServerSession::on_close(Instant now, const event::ConnectionClosed&) {
  for (auto& [id, request] : requests_) {
    if (request.answered) {
      // A client may close as soon as it has the FIN, before its ACK of the last packets came.
      log(now, request, 200, request.file.sent(),
          request.fin_sent ? "complete, connection closed before the last acknowledgment"
                           : "incomplete, connection closed");
    }
  }
  requests_.clear();
}

}  // namespace quasar::tools
