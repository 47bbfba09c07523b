// Http3Pair: an Http3Client and an Http3Server joined by a MemoryPipe, with a TestRouter
// serving and a ResponseCollector gathering the client's events.
#pragma once

#include "http3/client.h"
#include "http3/server.h"
#include "tests/http3/memory_transport.h"
#include "tests/http3/test_handlers.h"

namespace quasar::http3::test {

struct Http3Pair {
  explicit Http3Pair(const ClientConfig& client_config = {}, const ServerConfig& server_config = {},
                     bool handshake_done = true, RequestHandlerFactory* handlers = nullptr)
      : client(client_transport, client_config),
        server(server_transport, handlers ? *handlers : router, server_config),
        pipe(client_transport, client, server_transport, server) {
    client_transport.handshake_done = handshake_done;
    server_transport.handshake_done = handshake_done;
    client.start();
    server.start();
  }

  // Delivers everything and collects the client's events.
  void run() {
    for (int i = 0; i < 1000; ++i) {
      pipe.run();
      events.drain(client);
      if (client_transport.outbox.empty() && server_transport.outbox.empty()) return;
    }
  }

  RequestHead get(std::string path) const {
    return RequestHead{"GET", "https", "example.com", std::move(path), {}};
  }
  RequestHead post(std::string path) const {
    return RequestHead{"POST", "https", "example.com", std::move(path), {}};
  }

  MemoryTransport client_transport{true};
  MemoryTransport server_transport{false};
  TestRouter router;
  Http3Client client;
  Http3Server server;
  MemoryPipe pipe;
  ResponseCollector events;
};

}  // namespace quasar::http3::test
