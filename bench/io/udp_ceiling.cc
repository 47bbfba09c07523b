// udp_ceiling: the most a QUIC bulk transfer could deliver over loopback on this machine. One
// sender process and one receiver process, each pinned to its own CPU; every 1200-byte
// datagram is protected like a QUIC short-header packet (RFC 9001 §5.3 AEAD with the header
// as associated data, §5.4 header protection) and sent in UDP GSO batches; the receiver has
// UDP GRO on, removes header protection and opens every datagram. No protocol logic at all:
// no ACKs, no frames, no loss recovery. Prints one line: key=value ... recv_gbps=N.
//
//   udp_ceiling [--secs S (3)] [--aead aes128gcm|chacha|none] [--no-gso] [--send-cpu C (0)]
//               [--recv-cpu C (1)]
//
// Build (Debian 12): g++ -O2 -std=c++20 udp_ceiling.cc -I/usr/include/android
//   -L/usr/lib/x86_64-linux-gnu/android -Wl,-rpath,/usr/lib/x86_64-linux-gnu/android -lcrypto
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/udp.h>
#include <openssl/aead.h>
#include <openssl/aes.h>
#include <openssl/chacha.h>
#include <sched.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#ifndef UDP_SEGMENT
#define UDP_SEGMENT 103
#endif
#ifndef UDP_GRO
#define UDP_GRO 104
#endif

namespace {

constexpr size_t kDatagram = 1200;
constexpr size_t kHeader = 20;  // 1 flags byte, 15-byte connection ID, 4-byte packet number
constexpr size_t kPnOffset = 16;
constexpr size_t kTag = 16;
constexpr size_t kSegmentsPerBatch = 48;  // 57.6 kB, under the 64 kB GSO limit

double now_seconds() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

void pin(int cpu) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  sched_setaffinity(0, sizeof set, &set);  // best effort: fewer CPUs than asked is fine
}

// Packet protection with fixed keys: enough to cost what a real stack's costs.
class Protection {
 public:
  explicit Protection(const std::string& aead) : kind_(aead) {
    static const uint8_t key[32] = {1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11, 12, 13, 14, 15, 16,
                                    17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31};
    if (kind_ == "none") return;
    const EVP_AEAD* algorithm =
        kind_ == "chacha" ? EVP_aead_chacha20_poly1305() : EVP_aead_aes_128_gcm();
    if (!EVP_AEAD_CTX_init(&ctx_, algorithm, key, EVP_AEAD_key_length(algorithm), kTag, nullptr)) {
      std::fprintf(stderr, "udp_ceiling: AEAD init failed\n");
      std::exit(1);
    }
    AES_set_encrypt_key(key, 128, &hp_key_);
  }

  // RFC 9001 §5.3: nonce = IV xor packet number.
  void nonce(uint64_t pn, uint8_t out[12]) const {
    std::memset(out, 0x5a, 12);
    for (int i = 0; i < 8; ++i) out[11 - i] ^= static_cast<uint8_t>(pn >> (8 * i));
  }

  // RFC 9001 §5.4.1: a mask from a 16-byte sample of the ciphertext.
  void mask(const uint8_t* sample, uint8_t out[5]) const {
    uint8_t block[16];
    if (kind_ == "chacha") {
      static const uint8_t key[32] = {7};
      uint32_t counter;
      std::memcpy(&counter, sample, 4);
      const uint8_t zeros[5] = {};
      CRYPTO_chacha_20(out, zeros, 5, key, sample + 4, counter);
      return;
    }
    AES_encrypt(sample, block, &hp_key_);
    std::memcpy(out, block, 5);
  }

  // Seals `payload` into `packet` (header + ciphertext + tag) and protects the header.
  void seal(uint64_t pn, const uint8_t* payload, uint8_t* packet) {
    packet[0] = 0x40;
    std::memset(packet + 1, 0xc1, kPnOffset - 1);
    for (int i = 0; i < 4; ++i) packet[kPnOffset + i] = static_cast<uint8_t>(pn >> (24 - 8 * i));
    const size_t payload_size = kDatagram - kHeader - kTag;
    if (kind_ == "none") {
      std::memcpy(packet + kHeader, payload, payload_size);
      return;
    }
    uint8_t n[12];
    nonce(pn, n);
    size_t out_len = 0;
    EVP_AEAD_CTX_seal(&ctx_, packet + kHeader, &out_len, payload_size + kTag, n, 12, payload,
                      payload_size, packet, kHeader);
    uint8_t m[5];
    mask(packet + kPnOffset + 4, m);
    packet[0] ^= m[0] & 0x1f;
    for (int i = 0; i < 4; ++i) packet[kPnOffset + i] ^= m[1 + i];
  }

  // Removes header protection and opens; false when the packet does not authenticate.
  bool open(uint8_t* packet, size_t size, uint8_t* plaintext) {
    if (kind_ == "none") return size == kDatagram;
    uint8_t m[5];
    mask(packet + kPnOffset + 4, m);
    packet[0] ^= m[0] & 0x1f;
    uint64_t pn = 0;
    for (int i = 0; i < 4; ++i) {
      packet[kPnOffset + i] ^= m[1 + i];
      pn = (pn << 8) | packet[kPnOffset + i];
    }
    uint8_t n[12];
    nonce(pn, n);
    size_t out_len = 0;
    return EVP_AEAD_CTX_open(&ctx_, plaintext, &out_len, size - kHeader, n, 12, packet + kHeader,
                             size - kHeader, packet, kHeader) == 1;
  }

 private:
  std::string kind_;
  EVP_AEAD_CTX ctx_{};
  AES_KEY hp_key_{};
};

struct Options {
  double secs = 3;
  std::string aead = "aes128gcm";
  bool gso = true;
  int send_cpu = 0;
  int recv_cpu = 1;
};

// Receives until the sender is done and nothing arrives for 300 ms; writes
// "datagrams bytes bad seconds" to `report`.
void receive(int fd, const Options& o, int report) {
  pin(o.recv_cpu);
  Protection protection(o.aead);
  if (o.gso) {
    int on = 1;
    setsockopt(fd, IPPROTO_UDP, UDP_GRO, &on, sizeof on);
  }
  timeval timeout{0, 300000};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  constexpr int kBatch = 16;
  std::vector<std::vector<uint8_t>> buffers(kBatch, std::vector<uint8_t>(65536));
  std::vector<uint8_t> plaintext(kDatagram);
  mmsghdr messages[kBatch];
  iovec iov[kBatch];
  uint64_t datagrams = 0, bytes = 0, bad = 0;
  double first = 0, last = 0;
  const double give_up = now_seconds() + o.secs + 5;
  for (;;) {
    for (int i = 0; i < kBatch; ++i) {
      iov[i] = {buffers[i].data(), buffers[i].size()};
      messages[i] = {};
      messages[i].msg_hdr.msg_iov = &iov[i];
      messages[i].msg_hdr.msg_iovlen = 1;
    }
    const int n = recvmmsg(fd, messages, kBatch, MSG_WAITFORONE, nullptr);
    if (n <= 0) {
      // The sender stopped, or never started: give up after its run time and a margin.
      if (datagrams > 0 || now_seconds() > give_up) break;
      continue;
    }
    const double t = now_seconds();
    if (first == 0) first = t;
    last = t;
    for (int i = 0; i < n; ++i) {
      // With GRO a message holds several datagrams of the same size, back to back.
      const size_t length = messages[i].msg_len;
      for (size_t at = 0; at < length; at += kDatagram) {
        const size_t size = std::min(kDatagram, length - at);
        if (protection.open(buffers[i].data() + at, size, plaintext.data())) {
          ++datagrams;
          bytes += size;
        } else {
          ++bad;
        }
      }
    }
  }
  char line[128];
  const int len = std::snprintf(
      line, sizeof line, "%llu %llu %llu %.6f\n", static_cast<unsigned long long>(datagrams),
      static_cast<unsigned long long>(bytes), static_cast<unsigned long long>(bad), last - first);
  (void)!write(report, line, static_cast<size_t>(len));
}

// Sends protected datagrams for o.secs; returns how many.
uint64_t send_all(int fd, const Options& o) {
  pin(o.send_cpu);
  Protection protection(o.aead);
  const size_t segments = o.gso ? kSegmentsPerBatch : 1;
  if (o.gso) {
    int segment = static_cast<int>(kDatagram);
    if (setsockopt(fd, SOL_UDP, UDP_SEGMENT, &segment, sizeof segment) != 0) {
      std::perror("udp_ceiling: UDP_SEGMENT");
      std::exit(1);
    }
  }
  std::vector<uint8_t> payload(kDatagram, 0xab);
  std::vector<uint8_t> batch(kDatagram * segments);
  uint64_t pn = 0, sent = 0;
  const double end = now_seconds() + o.secs;
  while (now_seconds() < end) {
    for (size_t i = 0; i < segments; ++i) {
      protection.seal(pn++, payload.data(), batch.data() + i * kDatagram);
    }
    if (send(fd, batch.data(), batch.size(), 0) == static_cast<ssize_t>(batch.size())) {
      sent += segments;
    }
  }
  return sent;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "udp_ceiling: %s needs a value\n", a.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--secs")
      o.secs = std::atof(next().c_str());
    else if (a == "--aead")
      o.aead = next();
    else if (a == "--no-gso")
      o.gso = false;
    else if (a == "--send-cpu")
      o.send_cpu = std::atoi(next().c_str());
    else if (a == "--recv-cpu")
      o.recv_cpu = std::atoi(next().c_str());
    else {
      std::fprintf(stderr,
                   "usage: udp_ceiling [--secs S] [--aead aes128gcm|chacha|none] "
                   "[--no-gso] [--send-cpu C] [--recv-cpu C]\n");
      return 2;
    }
  }
  if (o.aead != "aes128gcm" && o.aead != "chacha" && o.aead != "none") {
    std::fprintf(stderr, "udp_ceiling: --aead aes128gcm, chacha or none\n");
    return 2;
  }

  const int receiver = socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);  // loopback only
  int buffer = 16 << 20;
  setsockopt(receiver, SOL_SOCKET, SO_RCVBUFFORCE, &buffer, sizeof buffer);
  if (bind(receiver, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    std::perror("udp_ceiling: bind");
    return 1;
  }
  socklen_t length = sizeof address;
  getsockname(receiver, reinterpret_cast<sockaddr*>(&address), &length);

  int report[2];
  if (pipe(report) != 0) return 1;
  const pid_t child = fork();
  if (child == 0) {
    close(report[0]);
    receive(receiver, o, report[1]);
    _exit(0);
  }
  close(report[1]);
  const int sender = socket(AF_INET, SOCK_DGRAM, 0);
  setsockopt(sender, SOL_SOCKET, SO_SNDBUFFORCE, &buffer, sizeof buffer);
  if (connect(sender, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    std::perror("udp_ceiling: connect");
    return 1;
  }
  const uint64_t sent = send_all(sender, o);
  char line[128] = {};
  (void)!read(report[0], line, sizeof line - 1);
  waitpid(child, nullptr, 0);
  unsigned long long datagrams = 0, bytes = 0, bad = 0;
  double seconds = 0;
  std::sscanf(line, "%llu %llu %llu %lf", &datagrams, &bytes, &bad, &seconds);
  const double gbps = seconds > 0 ? static_cast<double>(bytes) * 8 / seconds / 1e9 : 0;
  std::printf("aead=%s gso=%d secs=%.2f sent=%llu received=%llu bad=%llu recv_gbps=%.3f\n",
              o.aead.c_str(), o.gso ? 1 : 0, seconds, static_cast<unsigned long long>(sent),
              datagrams, bad, gbps);
  return bad == 0 && datagrams > 0 ? 0 : 1;
}
