// LoopApplication: what an application plugs into EndpointLoop — its turn after each round of
// I/O, when it next wants a turn, how it shuts down, and when it is finished.
#pragma once

#include "quic/base/time.h"

namespace quasar {

class Endpoint;

class LoopApplication {
 public:
  virtual ~LoopApplication() = default;

  // Called on every turn of the loop, after received datagrams and expired timers went to the
  // endpoint and before its output is sent: take events with endpoint.poll_event(), read and
  // write streams, open or close connections.
  virtual void on_turn(Instant now, Endpoint& endpoint) = 0;

  // When the application wants a turn even if no datagram arrives (infinite_future: never).
  virtual Instant next_wakeup() const { return Instant::infinite_future(); }

  // A stop was requested (EndpointLoop::request_stop(), SIGINT, SIGTERM): close the connections.
  // Their CONNECTION_CLOSE frames are sent before run() returns.
  virtual void on_stop(Instant now, Endpoint& endpoint) = 0;

  // True once the application has nothing left to do; run() then returns as soon as every
  // queued datagram has been handed to the kernel.
  virtual bool finished() const = 0;
};

}  // namespace quasar
