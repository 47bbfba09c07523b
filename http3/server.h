// Http3Server: the server side of an HTTP/3 connection (RFC 9114). Each request stream gets a
// RequestHandler from the application's factory; the server checks each request before the
// handler sees it (malformed: 400 and H3_MESSAGE_ERROR; too large: 431; too early: 425),
// applies priorities (RFC 9218) through the transport's scheduler, and shuts down gracefully
// with GOAWAY (RFC 9114 §5.2).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "http3/connection.h"
#include "http3/early_data_policy.h"
#include "http3/request_handler.h"

namespace quasar::http3 {

class ServerStream;

struct ServerConfig {
  ConnectionConfig connection;
  EarlyDataPolicy early_data;
};

struct ServerStats {
  uint64_t requests = 0;           // handed to a handler
  uint64_t rejected = 0;           // H3_REQUEST_REJECTED after our GOAWAY
  uint64_t too_early = 0;          // answered 425 (RFC 8470)
  uint64_t malformed = 0;          // H3_MESSAGE_ERROR
  uint64_t too_large = 0;          // answered 431
  uint64_t incomplete = 0;         // H3_REQUEST_INCOMPLETE
  uint64_t cancelled_by_peer = 0;  // reset or STOP_SENDING from the client
};

class Http3Server final : public Http3Connection {
 public:
  Http3Server(Transport& transport, RequestHandlerFactory& handlers,
              const ServerConfig& config = {});
  ~Http3Server() override;

  // Graceful shutdown (RFC 9114 §5.2): sends GOAWAY naming the first request stream not yet
  // seen. Requests already received complete; later ones are rejected with
  // H3_REQUEST_REJECTED, which tells the client they were not processed and can be retried.
  void shutdown();
  bool shutting_down() const { return local_goaway_id().has_value(); }

  // Exchanges whose request or response is still open.
  size_t active_exchanges() const { return streams_.size(); }
  const ServerStats& stats() const { return stats_; }

 protected:
  Status on_request_stream_data(uint64_t stream_id, std::span<const uint8_t> data,
                                bool fin) override;
  void on_request_stream_reset(uint64_t stream_id, uint64_t error_code) override;
  void on_request_stop_sending(uint64_t stream_id, uint64_t error_code) override;
  void on_request_stream_writable(uint64_t stream_id) override;
  Status on_section_unblocked(uint64_t stream_id) override;
  Status on_goaway(uint64_t id) override;
  Status on_priority_update(uint64_t stream_id, std::string_view field_value) override;
  void on_closed() override;
  void after_event() override;

 private:
  friend class ServerStream;

  // True if the client may have opened `stream_id` but its first bytes have not arrived.
  bool not_yet_seen(uint64_t stream_id) const;
  // Notes that the client opened `stream_id`; H3_EXCESSIVE_LOAD if it lies far beyond the
  // streams seen so far.
  Status note_seen(uint64_t stream_id);
  ServerStream* find(uint64_t stream_id);

  RequestHandlerFactory& handlers_;
  ServerConfig server_config_;
  std::map<uint64_t, std::unique_ptr<ServerStream>> streams_;
  // Request streams are opened in order but their data may arrive in any order: the next ID
  // above all seen, and the runs of IDs below it not seen yet (first ID -> end, exclusive), so
  // that a jump costs one entry however far it goes.
  uint64_t next_unseen_ = 0;
  std::map<uint64_t, uint64_t> gaps_;
  // RFC 9218 §7: the last PRIORITY_UPDATE for streams not opened yet.
  std::map<uint64_t, std::string> early_priority_updates_;
  ServerStats stats_;
};

}  // namespace quasar::http3
