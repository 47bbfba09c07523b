// The applications of a simulated transfer: a client that opens connections (one after
// another) and streams, and a server that answers. Downloads: the client sends the size it
// wants on each stream and the server answers with that many pseudo-random bytes. Uploads: the
// client sends them. Whoever receives hashes what arrives, to be checked against the payload.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "quic/recovery/loss_detection.h"
#include "quic/sim/scenario/endpoint_node.h"
#include "quic/sim/scenario/payload.h"

namespace quasar::sim {

struct TransferSpec {
  uint64_t size = 1 << 20;  // bytes per stream
  size_t streams = 1;
  bool download = true;
  uint64_t seed = 1;
  size_t connections = 1;  // one after another, each with its own handshake
  // Later connections resume the session of the one before (RFC 9001 §4.5), and with
  // zero_rtt open their streams and write their requests before the handshake completes.
  bool resume = false;
  bool zero_rtt = false;
  // The sending application's rate; zero: unlimited.
  Bandwidth app_rate = Bandwidth::zero();
  // RFC 9221: the client sends this many datagrams of `datagram_size` bytes per connection, one
  // every `datagram_interval`, alongside the transfer; the server counts and checks them.
  size_t datagrams = 0;
  size_t datagram_size = 1000;
  Duration datagram_interval = Duration::from_millis(2);
};

// The content of datagram `sequence`: its sequence number (8 bytes, big-endian), then bytes that
// depend only on the sequence number and position.
void fill_datagram(uint64_t sequence, std::span<uint8_t> out);
// The sequence number of a datagram whose whole content matches fill_datagram(), or nullopt.
std::optional<uint64_t> check_datagram(std::span<const uint8_t> datagram);

// The payload seed of a stream, shared by sender and checker.
uint64_t payload_seed(uint64_t seed, uint64_t stream_id);
// SHA-256 of the payload a stream carries.
Sha256Digest expected_digest(uint64_t seed, uint64_t stream_id, uint64_t size);

// What one received stream delivered.
struct ReceivedStream {
  uint64_t stream_id = 0;
  uint64_t bytes = 0;
  Sha256Digest digest{};
};

// A snapshot of a connection taken when its transfer finished (or it closed).
struct ConnectionSummary {
  bool handshake_completed = false;
  uint32_t version = 0;
  SocketAddress peer;  // where the connection's path ended
  std::optional<CloseReason> close_reason;
  ConnectionStats stats;
  LossDetectionStats recovery;
  Duration smoothed_rtt;
  Duration min_rtt;
  uint64_t max_congestion_window = 0;
  size_t max_datagram_size = 0;  // the path MTU the connection ended with
  PmtuStats pmtu;
  std::string ecn_state;  // of the path, as this endpoint's ECN validation sees it
};

ConnectionSummary summarize(const Connection& connection);

class TransferServer final : public SimApplication {
 public:
  explicit TransferServer(const TransferSpec& spec) : spec_(spec) {}
  void drive(Instant now, Endpoint& endpoint) override;
  // A rate-limited application wakes up when it may write again.
  Instant next_wakeup() const override { return next_write_; }
  // The connection being served longest (for sampling), if any.
  std::optional<ConnectionHandle> first_connection() const {
    if (peers_.empty()) return std::nullopt;
    return peers_.begin()->first;
  }

  const std::vector<ReceivedStream>& received() const { return received_; }
  const std::vector<ConnectionSummary>& summaries() const { return summaries_; }
  // Datagrams that arrived intact (each sequence number counted once per connection), ones
  // that arrived again, and ones whose content did not match.
  uint64_t datagrams_received() const { return datagrams_received_; }
  uint64_t datagrams_duplicated() const { return datagrams_duplicated_; }
  uint64_t datagrams_corrupt() const { return datagrams_corrupt_; }
  // Adds the summaries of connections still open (runs that end before they close).
  void summarize_open(Endpoint& endpoint);
  // Summarizes, then silently discards every open connection, as a server restart would.
  void forget_all(Endpoint& endpoint);

 private:
  struct Peer {
    std::map<uint64_t, StreamReceiver> receivers;
    std::map<uint64_t, StreamSender> senders;
    std::vector<bool> datagrams_seen;
  };
  void pump(Instant now, Connection& connection, Peer& peer);
  void on_datagram(Peer& peer, std::span<const uint8_t> datagram);

  TransferSpec spec_;
  std::map<ConnectionHandle, Peer> peers_;
  std::vector<ReceivedStream> received_;
  std::vector<ConnectionSummary> summaries_;
  std::vector<uint8_t> buffer_ = std::vector<uint8_t>(64 * 1024);
  std::vector<uint8_t> datagram_buffer_;  // reused for every datagram read
  uint64_t datagrams_received_ = 0;
  uint64_t datagrams_duplicated_ = 0;
  uint64_t datagrams_corrupt_ = 0;
  // Rate limiting of the sending application: bytes it may still write, refilled over time.
  uint64_t write_credit_ = 0;
  Instant credit_time_;
  Instant next_write_ = Instant::infinite_future();
};

class TransferClient final : public SimApplication {
 public:
  TransferClient(const TransferSpec& spec, SocketAddress local, SocketAddress server, Instant start)
      : spec_(spec), local_(local), server_(server), next_start_(start) {}
  void drive(Instant now, Endpoint& endpoint) override;
  Instant next_wakeup() const override {
    const bool waiting = !current_ && started_connections_ < spec_.connections;
    if (waiting) return next_start_;
    return current_ ? next_datagram_at_ : Instant::infinite_future();
  }

  bool done() const { return finished_connections_ == spec_.connections; }
  bool failed() const { return failed_; }
  size_t handshakes() const { return handshakes_; }
  Instant finished_at() const { return finished_at_; }
  // The TLS cipher suite of the last connection that completed its handshake.
  const std::string& cipher_suite() const { return cipher_suite_; }
  size_t resumed_connections() const { return resumed_connections_; }
  // Moves the open connection to another local address (RFC 9000 §9.2); false if it cannot.
  bool migrate(Instant now, Endpoint& endpoint, const SocketAddress& new_local);
  size_t zero_rtt_accepted() const { return zero_rtt_accepted_; }
  const std::vector<ReceivedStream>& received() const { return received_; }
  const std::vector<ConnectionSummary>& summaries() const { return summaries_; }
  // Stream bytes received so far, over every connection.
  uint64_t bytes_received() const { return bytes_received_; }
  // Adds the summary of the connection still open (runs that end before it closes).
  void summarize_open(Endpoint& endpoint);

 private:
  void open_streams(Connection& connection);
  // True when every stream of the current connection has finished.
  bool pump(Instant now, Connection& connection);
  void finish_connection(Instant now, Connection& connection);
  // Sends the datagrams due by `now`; true once all were sent and each was acknowledged,
  // declared lost or dropped.
  bool send_datagrams(Instant now, Connection& connection);

  TransferSpec spec_;
  SocketAddress local_;
  SocketAddress server_;
  Instant next_start_;
  std::optional<ConnectionHandle> current_;
  size_t started_connections_ = 0;
  size_t finished_connections_ = 0;
  size_t handshakes_ = 0;
  bool failed_ = false;
  Instant finished_at_ = Instant::infinite_future();
  std::string cipher_suite_;
  std::vector<uint8_t> session_;  // the latest session ticket, for the next connection
  size_t resumed_connections_ = 0;
  size_t zero_rtt_accepted_ = 0;
  uint64_t bytes_received_ = 0;
  size_t datagrams_sent_ = 0;  // on the current connection
  Instant next_datagram_at_ = Instant::infinite_future();
  std::vector<uint64_t> stream_ids_;
  std::map<uint64_t, StreamSender> senders_;
  std::map<uint64_t, StreamReceiver> receivers_;
  std::vector<ReceivedStream> received_;
  std::vector<ConnectionSummary> summaries_;
  std::vector<uint8_t> buffer_ = std::vector<uint8_t>(64 * 1024);
};

}  // namespace quasar::sim
