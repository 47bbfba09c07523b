// EndpointLoop: the epoll turn, receiving, sending, timers and shutdown.
#include "quic/io/endpoint_loop.h"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "quic/endpoint/endpoint.h"
#include "quic/io/monotonic_clock.h"
#include "quic/io/udp_socket.h"

namespace quasar {

namespace {

// epoll_event.data.u64: what became ready.
constexpr uint64_t kTimerTag = 1ull << 32;
constexpr uint64_t kStopTag = 2ull << 32;
constexpr uint64_t kSignalTag = 3ull << 32;
constexpr uint64_t kSocketTag = 4ull << 32;  // | socket index
constexpr uint64_t kTagMask = ~0ull << 32;

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

}  // namespace

Result<std::unique_ptr<EndpointLoop>, IoError> EndpointLoop::create(
    Endpoint& endpoint, const EndpointLoopOptions& options) {
  std::unique_ptr<EndpointLoop> loop(new EndpointLoop(endpoint, options));
  auto initialized = loop->init();
  if (!initialized.ok()) return Err(initialized.error());
  return loop;
}

EndpointLoop::EndpointLoop(Endpoint& endpoint, const EndpointLoopOptions& options)
    : endpoint_(endpoint),
      options_(options),
      receive_batch_(options.receive_batch),
      queue_(options.transmit_queue) {
  sigemptyset(&previous_mask_);
  if (options_.max_segments == 0) options_.max_segments = 1;
  if (options_.receive_calls_per_turn == 0) options_.receive_calls_per_turn = 1;
  if (options_.datagrams_per_turn == 0) options_.datagrams_per_turn = 1;
}

Result<void, IoError> EndpointLoop::init() {
  epoll_fd_ = epoll_create1(EPOLL_CLOEXEC);
  if (epoll_fd_ < 0) return Err(IoError::from_errno("epoll_create1"));
  timer_fd_ = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
  if (timer_fd_ < 0) return Err(IoError::from_errno("timerfd_create"));
  stop_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (stop_fd_ < 0) return Err(IoError::from_errno("eventfd"));
  for (auto [fd, tag] : {std::pair{timer_fd_, kTimerTag}, std::pair{stop_fd_, kStopTag}}) {
    epoll_event e{};
    e.events = EPOLLIN;
    e.data.u64 = tag;
    if (epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &e) != 0) {
      return Err(IoError::from_errno("epoll_ctl"));
    }
  }
  return {};
}

EndpointLoop::~EndpointLoop() {
  if (signal_fd_ >= 0) {
    close_fd(signal_fd_);
    sigprocmask(SIG_SETMASK, &previous_mask_, nullptr);
  }
  close_fd(stop_fd_);
  close_fd(timer_fd_);
  close_fd(epoll_fd_);
}

Result<void, IoError> EndpointLoop::add_socket(UdpSocket& socket) {
  epoll_event e{};
  e.events = EPOLLIN;
  e.data.u64 = kSocketTag | sockets_.size();
  if (epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, socket.fd(), &e) != 0) {
    return Err(IoError::from_errno("epoll_ctl(socket)"));
  }
  sockets_.push_back(&socket);
  return {};
}

Result<void, IoError> EndpointLoop::stop_on_signals() {
  if (signal_fd_ >= 0) return {};
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  if (sigprocmask(SIG_BLOCK, &signals, &previous_mask_) != 0) {
    return Err(IoError::from_errno("sigprocmask"));
  }
  signal_fd_ = signalfd(-1, &signals, SFD_NONBLOCK | SFD_CLOEXEC);
  if (signal_fd_ < 0) {
    const IoError error = IoError::from_errno("signalfd");
    sigprocmask(SIG_SETMASK, &previous_mask_, nullptr);
    return Err(error);
  }
  epoll_event e{};
  e.events = EPOLLIN;
  e.data.u64 = kSignalTag;
  if (epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, signal_fd_, &e) != 0) {
    return Err(IoError::from_errno("epoll_ctl(signalfd)"));
  }
  return {};
}

void EndpointLoop::request_stop() {
  const uint64_t one = 1;
  // write(2) on an eventfd is async-signal-safe; a full counter already means "stop".
  [[maybe_unused]] const ssize_t n = ::write(stop_fd_, &one, sizeof one);
}

Result<void, IoError> EndpointLoop::run() {
  if (sockets_.empty()) return Err(IoError{EINVAL, "event loop: no socket"});
  epoll_event events[16];
  turn();
  while (!should_exit(monotonic_now())) {
    const Instant now = monotonic_now();
    const Instant deadline = next_deadline();
    int timeout_ms = -1;
    if (deadline <= now) {
      timeout_ms = 0;
    } else {
      arm_timer(deadline);
    }
    ++stats_.waits;
    const int n = epoll_wait(epoll_fd_, events, 16, timeout_ms);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Err(IoError::from_errno("epoll_wait"));
    }
    bool turned = false;
    for (int i = 0; i < n; ++i) {
      const uint64_t tag = events[i].data.u64 & kTagMask;
      const size_t index = static_cast<size_t>(events[i].data.u64 & ~kTagMask);
      if (tag == kSocketTag) {
        if ((events[i].events & EPOLLOUT) != 0 && sockets_[index] == blocked_socket_) {
          set_writable_interest(blocked_socket_, false);
        }
        if ((events[i].events & (EPOLLIN | EPOLLERR)) != 0) {
          QUASAR_TRY(receive_from(index));
          turned = true;
        }
      } else if (tag == kTimerTag) {
        uint64_t expirations;
        [[maybe_unused]] const ssize_t r = ::read(timer_fd_, &expirations, sizeof expirations);
        armed_deadline_ = Instant::infinite_future();
        ++stats_.timer_wakeups;
      } else if (tag == kStopTag) {
        uint64_t count;
        [[maybe_unused]] const ssize_t r = ::read(stop_fd_, &count, sizeof count);
        begin_stop(monotonic_now());
      } else if (tag == kSignalTag) {
        signalfd_siginfo info;
        while (::read(signal_fd_, &info, sizeof info) == static_cast<ssize_t>(sizeof info)) {
          if (stopping_) quit_now_ = true;
          begin_stop(monotonic_now());
        }
      }
    }
    if (quit_now_) break;
    // Timers and output still need a turn when only the timer, a stop or EPOLLOUT woke us.
    if (!turned || deadline <= monotonic_now()) turn();
  }
  return {};
}

Result<void, IoError> EndpointLoop::receive_from(size_t index) {
  UdpSocket& socket = *sockets_[index];
  for (size_t call = 0; call < options_.receive_calls_per_turn; ++call) {
    auto received = receive_batch_.receive(socket);
    if (!received.ok()) {
      // ICMP errors surface here (ECONNREFUSED and the like): the network lost a datagram,
      // which QUIC recovers from. Only a broken socket ends the loop.
      const int code = received.error().code;
      if (code == EBADF || code == ENOTSOCK || code == EFAULT || code == EINVAL) {
        return Err(received.error());
      }
      break;
    }
    if (*received == 0) break;
    ++stats_.receive_calls;
    Instant now = monotonic_now();
    size_t since_turn = 0;
    for (const ReceivedMessage& m : receive_batch_.messages()) {
      ++stats_.messages_received;
      const size_t datagrams = m.datagram_count();
      if (datagrams > 1) ++stats_.gro_messages;
      stats_.datagrams_received += datagrams;
      // A GRO message is split where a turn is due.
      std::span<uint8_t> rest = m.data;
      while (!rest.empty()) {
        const size_t room = options_.datagrams_per_turn - since_turn;
        const size_t take =
            m.segment_size == 0 ? rest.size() : std::min(rest.size(), room * m.segment_size);
        endpoint_.handle_datagrams(now, m.local, m.peer, m.ecn, rest.first(take), m.segment_size);
        since_turn += m.segment_size == 0 ? 1 : (take + m.segment_size - 1) / m.segment_size;
        rest = rest.subspan(take);
        if (since_turn >= options_.datagrams_per_turn) {
          turn();
          since_turn = 0;
          now = monotonic_now();
        }
      }
    }
    if (since_turn > 0) turn();
  }
  return {};
}

void EndpointLoop::turn() {
  ++stats_.turns;
  const Instant now = monotonic_now();
  if (endpoint_.next_timeout() <= now) endpoint_.handle_timeout(now);
  if (application_ != nullptr) application_->on_turn(now, endpoint_);
  send(now);
}

void EndpointLoop::send(Instant now) {
  if (blocked_socket_ != nullptr) {
    // EPOLLOUT has not come yet; try once in case room appeared.
    if (queue_.flush() == TransmitQueue::FlushResult::kBlocked) return;
    set_writable_interest(blocked_socket_, false);
  }
  for (;;) {
    bool exhausted = false;
    while (!queue_.full()) {
      auto t = endpoint_.poll_transmit(now, queue_.next_buffer(), options_.max_segments);
      if (!t) {
        exhausted = true;
        break;
      }
      queue_.push(*t, socket_for(*t));
    }
    if (queue_.empty()) return;
    if (queue_.flush() == TransmitQueue::FlushResult::kBlocked) {
      set_writable_interest(queue_.blocked_socket(), true);
      return;
    }
    if (exhausted) return;
    // The system calls took time: the pacer may release more at the real now.
    now = monotonic_now();
  }
}

UdpSocket& EndpointLoop::socket_for(const Transmit& transmit) {
  for (UdpSocket* s : sockets_) {
    if (s->local_address().port() == transmit.source.port() && s->can_reach(transmit.destination)) {
      return *s;
    }
  }
  for (UdpSocket* s : sockets_) {
    if (s->can_reach(transmit.destination)) return *s;
  }
  return *sockets_.front();
}

void EndpointLoop::set_writable_interest(UdpSocket* socket, bool enabled) {
  if (socket == nullptr) return;
  size_t index = 0;
  while (index < sockets_.size() && sockets_[index] != socket) ++index;
  if (index == sockets_.size()) return;
  epoll_event e{};
  e.events = EPOLLIN | (enabled ? EPOLLOUT : 0u);
  e.data.u64 = kSocketTag | index;
  epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, socket->fd(), &e);
  blocked_socket_ = enabled ? socket : nullptr;
}

void EndpointLoop::begin_stop(Instant now) {
  if (stopping_) return;
  stopping_ = true;
  stop_deadline_ = now + options_.shutdown_grace;
  if (application_ != nullptr) application_->on_stop(now, endpoint_);
  send(now);
}

bool EndpointLoop::should_exit(Instant now) const {
  if (quit_now_) return true;
  const bool flushed = queue_.empty();
  const bool finished = application_ != nullptr && application_->finished();
  if (finished && flushed) return true;
  if (!stopping_) return false;
  if (now >= stop_deadline_) return true;
  return flushed && endpoint_.connection_count() == 0;
}

Instant EndpointLoop::next_deadline() const {
  Instant next = endpoint_.next_timeout();
  if (application_ != nullptr) next = std::min(next, application_->next_wakeup());
  if (stopping_) next = std::min(next, stop_deadline_);
  return next;
}

void EndpointLoop::arm_timer(Instant deadline) {
  // A timer already due earlier wakes us anyway; waking early is harmless (the turn finds
  // nothing due and re-arms), and skipping a system call per turn matters at high packet rates.
  if (deadline.is_infinite() || deadline >= armed_deadline_) return;
  itimerspec spec{};
  spec.it_value = to_timespec(deadline);
  if (spec.it_value.tv_sec == 0 && spec.it_value.tv_nsec == 0) spec.it_value.tv_nsec = 1;
  timerfd_settime(timer_fd_, TFD_TIMER_ABSTIME, &spec, nullptr);
  armed_deadline_ = deadline;
  ++stats_.timer_arms;
}

}  // namespace quasar
