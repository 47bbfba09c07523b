// Answering PATH_CHALLENGE (RFC 9000 §8.2.2): every challenge gets its PATH_RESPONSE with the
// same data, also several that arrive before the endpoint next sends.
#include <catch2/catch.hpp>

#include "tests/conn/crafted_peer.h"
#include "tests/conn/test_events.h"

namespace quasar::test {
namespace {

using ChallengeData = std::array<uint8_t, 8>;

ChallengeData challenge_data(uint8_t first) {
  ChallengeData data;
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<uint8_t>(first + i);
  return data;
}

struct ChallengedServer {
  EndpointPair pair{null_client_config(), null_server_config()};
  ConnectionHandle server_handle = 0;
  uint64_t next_packet_number = 1'000'000;

  ChallengedServer() {
    pair.connect();
    REQUIRE(run_until_confirmed(pair));
    server_handle = pair.server_events.front().connection;
    // Nothing left over from the handshake: the responses below come on their own.
    std::vector<uint8_t> buffer(EndpointPair::kMaxDatagram);
    while (pair.server().poll_transmit(pair.now(), buffer, 16)) {
    }
  }

  // One crafted 1-RTT packet from the client's address with a PATH_CHALLENGE per entry.
  void challenge(const std::vector<ChallengeData>& challenges) {
    std::vector<Frame> frames;
    for (const ChallengeData& data : challenges) frames.push_back(PathChallengeFrame{data});
    Connection* server = pair.server().connection(server_handle);
    auto packet = crafted_one_rtt_packet(server->local_cids().all().front().cid, frames,
                                         next_packet_number++);
    pair.server().handle_datagram(pair.now(), pair.server_address, pair.client_address,
                                  Ecn::kNotEct, packet);
    REQUIRE_FALSE(server->close_reason());
  }

  // The data of every PATH_RESPONSE the server now sends, in order.
  std::vector<ChallengeData> responses() {
    const size_t client_cid_length = pair.client()
                                         .connection(pair.client_events.front().connection)
                                         ->local_cids()
                                         .all()
                                         .front()
                                         .cid.size();
    std::vector<ChallengeData> echoed;
    std::vector<uint8_t> buffer(EndpointPair::kMaxDatagram);
    while (auto t = pair.server().poll_transmit(pair.now(), buffer, 16)) {
      for (size_t offset = 0; offset < t->size; offset += t->segment_size) {
        const size_t n = std::min(t->segment_size, t->size - offset);
        for (const Frame& f : frames_of_null_one_rtt_datagram(std::span(buffer).subspan(offset, n),
                                                              client_cid_length)) {
          if (const auto* r = std::get_if<PathResponseFrame>(&f)) echoed.push_back(r->data);
        }
      }
    }
    return echoed;
  }
};

TEST_CASE("path challenge: one challenge, one response with its data", "[conn][path]") {
  ChallengedServer s;
  s.challenge({challenge_data(0x10)});
  CHECK(s.responses() == std::vector<ChallengeData>{challenge_data(0x10)});
  CHECK(s.responses().empty());  // sent once (§13.3)
}

TEST_CASE("path challenge: challenges arriving before the next send are all answered",
          "[conn][path]") {
  ChallengedServer s;
  // Two in one packet and a third in the next, all before the server sends.
  s.challenge({challenge_data(0x10), challenge_data(0x20)});
  s.challenge({challenge_data(0x30)});
  CHECK(s.responses() == std::vector<ChallengeData>{challenge_data(0x10), challenge_data(0x20),
                                                    challenge_data(0x30)});
}

TEST_CASE("path challenge: a flood keeps only the latest answers owed", "[conn][path]") {
  ChallengedServer s;
  std::vector<ChallengeData> flood;
  for (uint8_t i = 0; i < 10; ++i) flood.push_back(challenge_data(static_cast<uint8_t>(i * 16)));
  s.challenge(flood);
  const std::vector<ChallengeData> latest(flood.end() - PathResponses::kCapacity, flood.end());
  CHECK(s.responses() == latest);
}

}  // namespace
}  // namespace quasar::test
