// EndpointLoop: an epoll + timerfd event loop that drives one Endpoint over UDP sockets through
// the sans-I/O API — datagrams in with recvmmsg (and GRO), timers from next_timeout(), the
// application's turn, datagrams out with sendmmsg (and GSO) — with a clean shutdown on request
// or on SIGINT/SIGTERM.
#pragma once

#include <signal.h>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "quic/base/result.h"
#include "quic/base/time.h"
#include "quic/io/io_error.h"
#include "quic/io/loop_application.h"
#include "quic/io/receive_batch.h"
#include "quic/io/transmit_queue.h"

namespace quasar {

class Endpoint;
class UdpSocket;

struct EndpointLoopOptions {
  size_t receive_batch = 32;                // messages per recvmmsg
  size_t transmit_queue = 16;               // batches per sendmmsg
  size_t max_segments = kMaxBatchSegments;  // datagrams per poll_transmit() batch
  size_t receive_calls_per_turn = 4;        // recvmmsg calls before the application's turn
  // Datagrams handled before a turn, even within one receive call: 32 GRO messages can hold
  // 2000 datagrams, and the peer's sender waits for the ACKs a turn lets out.
  size_t datagrams_per_turn = 64;
  // After a stop request, run() returns at the latest this long after the application's
  // on_stop(), even if connections are still closing.
  Duration shutdown_grace = Duration::from_seconds(2);
};

struct EndpointLoopStats {
  uint64_t turns = 0;
  uint64_t waits = 0;  // epoll_wait calls
  uint64_t timer_wakeups = 0;
  uint64_t timer_arms = 0;     // timerfd_settime calls
  uint64_t receive_calls = 0;  // recvmmsg calls that returned messages
  uint64_t messages_received = 0;
  uint64_t datagrams_received = 0;  // after splitting GRO messages
  uint64_t gro_messages = 0;        // messages that held more than one datagram
};

class EndpointLoop {
 public:
  static Result<std::unique_ptr<EndpointLoop>, IoError> create(
      Endpoint& endpoint, const EndpointLoopOptions& options = {});
  ~EndpointLoop();
  EndpointLoop(const EndpointLoop&) = delete;
  EndpointLoop& operator=(const EndpointLoop&) = delete;

  // The loop reads from and sends through `socket`, which must outlive it. A transmit goes out
  // of the socket bound to its source port (the first one that can reach the peer otherwise).
  Result<void, IoError> add_socket(UdpSocket& socket);
  // The application (not owned) gets a turn after every round of I/O; null for none.
  void set_application(LoopApplication* application) { application_ = application; }
  // SIGINT and SIGTERM request a stop (a second one ends run() at once). Blocks both signals
  // in this thread for the loop's lifetime and reads them through a signalfd.
  Result<void, IoError> stop_on_signals();

  // Runs until the application is finished, or a stop was requested and the connections have
  // closed (or the shutdown grace period passed).
  Result<void, IoError> run();
  // Asks run() to shut down cleanly: the application's on_stop() closes its connections, their
  // CONNECTION_CLOSE goes out, then run() returns. Safe from other threads and signal handlers.
  void request_stop();
  bool stopping() const { return stopping_; }

  const EndpointLoopStats& stats() const { return stats_; }
  const TransmitQueueStats& transmit_stats() const { return queue_.stats(); }

 private:
  EndpointLoop(Endpoint& endpoint, const EndpointLoopOptions& options);
  Result<void, IoError> init();

  // Reads up to receive_calls_per_turn batches from socket `index`, with a turn after every
  // datagrams_per_turn datagrams and at the end of each batch.
  Result<void, IoError> receive_from(size_t index);
  // Timers, the application's turn, then output.
  void turn();
  void send(Instant now);
  UdpSocket& socket_for(const Transmit& transmit);
  void set_writable_interest(UdpSocket* socket, bool enabled);
  void begin_stop(Instant now);
  bool should_exit(Instant now) const;
  Instant next_deadline() const;
  void arm_timer(Instant deadline);

  Endpoint& endpoint_;
  EndpointLoopOptions options_;
  LoopApplication* application_ = nullptr;
  std::vector<UdpSocket*> sockets_;
  ReceiveBatch receive_batch_;
  TransmitQueue queue_;
  UdpSocket* blocked_socket_ = nullptr;  // waiting for EPOLLOUT

  int epoll_fd_ = -1;
  int timer_fd_ = -1;
  int stop_fd_ = -1;    // eventfd written by request_stop()
  int signal_fd_ = -1;  // SIGINT / SIGTERM
  sigset_t previous_mask_;
  Instant armed_deadline_ = Instant::infinite_future();

  bool stopping_ = false;
  bool quit_now_ = false;
  Instant stop_deadline_ = Instant::infinite_future();
  EndpointLoopStats stats_;
};

}  // namespace quasar
