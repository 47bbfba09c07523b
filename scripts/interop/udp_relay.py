#!/usr/bin/env python3
"""A UDP relay that impairs traffic between a QUIC client and server on loopback.

    udp_relay.py --listen 127.0.0.1:0 --target 127.0.0.1:4433 [--loss-up P] [--loss-down P]
                 [--delay-ms D] [--seed N] [--duration S] [--rebind-after-datagrams N]

Clients send to the listen address; each client address gets its own upstream socket towards
the target, so the server sees one address per client and replies come back to the right one.
"up" is client -> server, "down" is server -> client. Losses are random with the given
probability (seeded, so a run can be repeated); --delay-ms holds every datagram that long.
--rebind-after-datagrams N emulates a NAT rebinding (RFC 9000 §9.3) once N datagrams came back
from the server (a point in the transfer, however fast it runs): each client's upstream socket is
replaced by one on a new port, and the old one is closed, so the server sees the client's
packets arrive from a new address and its replies to the old one are lost.
The first line on stdout is "relay listening on HOST:PORT". On SIGTERM, SIGINT or after
--duration it prints the per-direction counters and exits. Both addresses must be loopback.
"""

import argparse
import heapq
import ipaddress
import random
import selectors
import signal
import socket
import sys
import time


def parse_address(text):
    host, _, port = text.rpartition(":")
    host = host.strip("[]")
    if not ipaddress.ip_address(host).is_loopback:
        raise SystemExit(f"udp_relay: {host} is not a loopback address")
    return host, int(port)


class Direction:
    """Counters of one direction."""

    def __init__(self, name, loss):
        self.name = name
        self.loss = loss
        self.received = 0
        self.dropped = 0
        self.sent = 0

    def summary(self):
        return (f"{self.name}: {self.received} datagrams in, {self.dropped} dropped, "
                f"{self.sent} sent")


class Relay:
    def __init__(self, args):
        self.rng = random.Random(args.seed)
        self.delay = args.delay_ms / 1000.0
        self.target = parse_address(args.target)
        listen = parse_address(args.listen)
        self.family = socket.AF_INET6 if ":" in listen[0] else socket.AF_INET
        self.front = socket.socket(self.family, socket.SOCK_DGRAM)
        self.front.bind(listen)
        self.front.setblocking(False)
        self.selector = selectors.DefaultSelector()
        self.selector.register(self.front, selectors.EVENT_READ, None)
        self.upstream = {}  # client address -> socket towards the target
        self.up = Direction("up (client -> server)", args.loss_up)
        self.down = Direction("down (server -> client)", args.loss_down)
        self.pending = []  # (due, sequence, socket, bytes, address) for delayed datagrams
        self.sequence = 0
        self.stop = False
        self.rebind_after_datagrams = args.rebind_after_datagrams
        self.rebindings = 0

    def address(self):
        host, port = self.front.getsockname()[:2]
        return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"

    def forward(self, direction, sock, data, destination):
        direction.received += 1
        if direction.loss > 0 and self.rng.random() < direction.loss:
            direction.dropped += 1
            return
        if self.delay > 0:
            self.sequence += 1
            heapq.heappush(self.pending,
                           (time.monotonic() + self.delay, self.sequence, sock, data,
                            destination, direction))
            return
        self.send(direction, sock, data, destination)

    @staticmethod
    def send(direction, sock, data, destination):
        try:
            sock.sendto(data, destination)
            direction.sent += 1
        except (BlockingIOError, ConnectionRefusedError):
            pass  # the network may drop a datagram too; QUIC recovers

    def socket_for(self, client):
        sock = self.upstream.get(client)
        if sock is None:
            sock = socket.socket(self.family, socket.SOCK_DGRAM)
            sock.bind(("::1" if self.family == socket.AF_INET6 else "127.0.0.1", 0))
            sock.setblocking(False)
            self.selector.register(sock, selectors.EVENT_READ, client)
            self.upstream[client] = sock
        return sock

    def rebind(self):
        """Every client gets a fresh upstream port, as behind a NAT that lost its mapping."""
        for client, old in list(self.upstream.items()):
            self.selector.unregister(old)
            old.close()
            del self.upstream[client]
            self.socket_for(client)
            self.rebindings += 1

    def run(self, duration):
        deadline = time.monotonic() + duration
        while not self.stop and time.monotonic() < deadline:
            timeout = 0.2
            if self.pending:
                timeout = max(0.0, min(timeout, self.pending[0][0] - time.monotonic()))
            for key, _ in self.selector.select(timeout):
                sock, client = key.fileobj, key.data
                for _ in range(64):  # bounded burst per socket and turn
                    try:
                        data, source = sock.recvfrom(65535)
                    except (BlockingIOError, ConnectionRefusedError):
                        break
                    if client is None:  # from a client, to the server
                        self.forward(self.up, self.socket_for(source), data, self.target)
                    else:  # from the server, back to its client
                        self.forward(self.down, self.front, data, client)
            if (self.rebind_after_datagrams is not None
                    and self.down.received >= self.rebind_after_datagrams):
                self.rebind()
                self.rebind_after_datagrams = None
            now = time.monotonic()
            while self.pending and self.pending[0][0] <= now:
                _, _, sock, data, destination, direction = heapq.heappop(self.pending)
                self.send(direction, sock, data, destination)
        print(self.up.summary(), flush=True)
        print(self.down.summary(), flush=True)
        print(f"rebindings: {self.rebindings}", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listen", default="127.0.0.1:0")
    parser.add_argument("--target", required=True)
    parser.add_argument("--loss-up", type=float, default=0.0)
    parser.add_argument("--loss-down", type=float, default=0.0)
    parser.add_argument("--delay-ms", type=float, default=0.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--duration", type=float, default=600.0)
    parser.add_argument("--rebind-after-datagrams", type=int, default=None)
    args = parser.parse_args()
    for p in (args.loss_up, args.loss_down):
        if not 0.0 <= p < 1.0:
            raise SystemExit("udp_relay: a loss probability is in [0, 1)")
    relay = Relay(args)

    def on_signal(*_):
        relay.stop = True

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    print(f"relay listening on {relay.address()}", flush=True)
    relay.run(args.duration)
    return 0


if __name__ == "__main__":
    sys.exit(main())
