// H3ServerSession: the HTTP/3 server over the binding, and its request log.
#include "tools/server/h3_server_session.h"

#include <cstdio>

#include "http3/http3_error.h"
#include "tools/common/alpn.h"

namespace quasar::tools {

ServerProtocol H3ServerSession::protocol() {
  ServerProtocol p;
  p.alpn = kAlpnH3;
  p.create = [](const ServerSessionContext& context, Connection& connection) {
    return std::make_unique<H3ServerSession>(context, connection);
  };
  // RFC 9114 §8.1: H3_NO_ERROR closes a connection that has nothing more to do.
  p.shutdown_error_code = http3::wire_code(http3::Http3ErrorCode::kNoError);
  return p;
}

H3ServerSession::H3ServerSession(const ServerSessionContext& context, Connection& connection)
    : context_(context),
      files_(context.root->path()),
      handlers_(
          files_, [this](const http3::ServerExchange& exchange) { return open_record(exchange); },
          [this](uint64_t stream_id, uint64_t error_code) { on_reset(stream_id, error_code); }),
      binding_(connection) {
  server_ = std::make_unique<http3::Http3Server>(binding_, handlers_);
  binding_.set_listener(*server_);
  // Control and QPACK streams with our SETTINGS (RFC 9114 §6.2.1).
  server_->start();
}

H3ServerSession::~H3ServerSession() = default;

std::shared_ptr<ExchangeRecord> H3ServerSession::open_record(
    const http3::ServerExchange& exchange) {
  auto record = std::make_shared<ExchangeRecord>();
  record->stream_id = exchange.stream_id();
  record->started = now_;
  record->method = exchange.request().method;
  record->path = exchange.request().path;
  records_[record->stream_id] = record;
  return record;
}

void H3ServerSession::on_event(Instant now, Connection& connection, const ConnectionEvent& event) {
  (void)connection;
  now_ = now;
  binding_.handle_event(now, event);
  if (const auto* finished = std::get_if<event::StreamFinished>(&event)) {
    // Every byte of the response and its FIN were acknowledged.
    auto it = records_.find(finished->stream_id);
    if (it != records_.end()) {
      log(*it->second, "");
      records_.erase(it);
    }
  }
  binding_.set_now(now);
}

void H3ServerSession::on_reset(uint64_t stream_id, uint64_t error_code) {
  auto it = records_.find(stream_id);
  if (it == records_.end()) return;
  char code[64];
  std::snprintf(code, sizeof code, "0x%llx", static_cast<unsigned long long>(error_code));
  const std::string name(http3::http3_error_name(error_code));
  log(*it->second, "aborted: " + (name.empty() ? std::string("error") : name) + " " + code);
  records_.erase(it);
}

void H3ServerSession::on_close(Instant now, const event::ConnectionClosed& closed) {
  now_ = now;
  // Requests still open are logged here, not by the handlers' on_reset.
  auto records = std::move(records_);
  records_.clear();
  for (auto& [id, record] : records) {
    log(*record, record->response_ended
                     ? "complete, connection closed before the last acknowledgment"
                     : "incomplete, connection closed");
  }
  binding_.handle_event(now, closed);
}

void H3ServerSession::log(const ExchangeRecord& record, std::string note) {
  if (!context_.log_request) return;
  RequestLogEntry entry;
  entry.peer = context_.peer;
  entry.method = record.method.empty() ? "-" : record.method;
  entry.path = record.path.empty() ? "-" : record.path;
  entry.status = record.status;
  entry.bytes = record.bytes;
  entry.duration = now_ - record.started;
  entry.note = std::move(note);
  context_.log_request(entry);
}

}  // namespace quasar::tools
