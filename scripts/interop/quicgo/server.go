// The server role: serves a directory over HTTP/3 (ALPN h3) and HTTP/0.9 (ALPN hq-interop) on
// one UDP port, chosen per connection by the negotiated ALPN; 0-RTT is accepted.
package main

import (
	"bufio"
	"context"
	"crypto/tls"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	quic "github.com/lucas-clemente/quic-go"
	"github.com/lucas-clemente/quic-go/http3"
)

// h3Listener hands the connections that negotiated h3 to quic-go's HTTP/3 server.
type h3Listener struct {
	addr  net.Addr
	conns chan quic.EarlyConnection
}

func (l *h3Listener) Accept(ctx context.Context) (quic.EarlyConnection, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}
func (l *h3Listener) Close() error   { return nil }
func (l *h3Listener) Addr() net.Addr { return l.addr }

func runServer(args []string) {
	flags := flag.NewFlagSet("server", flag.ExitOnError)
	listen := flags.String("listen", "127.0.0.1:4433", "UDP address to listen on (loopback)")
	www := flags.String("www", ".", "directory to serve")
	cert := flags.String("cert", "", "certificate (PEM)")
	key := flags.String("key", "", "private key (PEM)")
	retry := flags.Bool("retry", false, "validate every client address with Retry")
	idle := flags.Duration("idle", 30*time.Second, "idle timeout")
	var c common
	flags.StringVar(&c.keylog, "keylog", os.Getenv("SSLKEYLOGFILE"), "append TLS secrets here")
	flags.StringVar(&c.ciphers, "ciphers", "", "TLS 1.3 suites: aes128,aes256,chacha20")
	flags.Uint64Var(&c.keyUpdate, "keyupdate", 0, "initiate a key update every N packets")
	flags.Parse(args)

	host, _, err := net.SplitHostPort(*listen)
	if err != nil || !net.ParseIP(host).IsLoopback() {
		fatalf("listen on a loopback address, not %q", *listen)
	}
	pair, err := tls.LoadX509KeyPair(*cert, *key)
	if err != nil {
		fatalf("certificate: %v", err)
	}
	conf := &tls.Config{Certificates: []tls.Certificate{pair}, NextProtos: []string{"h3", "hq-interop"}}
	c.apply(conf)
	quicConf := &quic.Config{MaxIdleTimeout: *idle, MaxIncomingStreams: 1000}
	if *retry {
		quicConf.RequireAddressValidation = func(net.Addr) bool { return true }
	}
	// An early listener: connections are handed over at 0.5-RTT, and 0-RTT is accepted.
	ln, err := quic.ListenAddrEarly(*listen, conf, quicConf)
	if err != nil {
		fatalf("listen: %v", err)
	}
	fmt.Fprintf(os.Stderr, "quicgo-peer: listening on %s, serving %s\n", ln.Addr(), *www)

	h3 := &h3Listener{addr: ln.Addr(), conns: make(chan quic.EarlyConnection, 16)}
	server := &http3.Server{Handler: http.FileServer(http.Dir(*www)), QuicConfig: quicConf}
	go server.ServeListener(h3)
	for {
		conn, err := ln.Accept(context.Background())
		if err != nil {
			fatalf("accept: %v", err)
		}
		switch conn.ConnectionState().TLS.NegotiatedProtocol {
		case "h3":
			h3.conns <- conn
		case "hq-interop":
			go serveHq(conn, *www)
		default:
			conn.CloseWithError(0x178, "no application protocol") // no_application_protocol alert
		}
	}
}

// serveHq answers "GET /path\r\n" on each bidirectional stream with the file and FIN.
func serveHq(conn quic.Connection, www string) {
	for {
		stream, err := conn.AcceptStream(context.Background())
		if err != nil {
			return
		}
		go func(stream quic.Stream) {
			line, err := bufio.NewReader(io.LimitReader(stream, 8192)).ReadString('\n')
			if err != nil && err != io.EOF {
				stream.CancelWrite(0x190)
				return
			}
			fields := strings.Fields(line)
			if len(fields) < 2 || fields[0] != "GET" {
				stream.CancelWrite(0x190)
				return
			}
			// path.Clean of a rooted path never climbs above the root.
			name := filepath.Join(www, filepath.FromSlash(path.Clean("/"+fields[1])))
			file, err := os.Open(name)
			if err != nil {
				stream.CancelWrite(0x194)
				return
			}
			defer file.Close()
			if _, err := io.Copy(stream, file); err != nil {
				stream.CancelWrite(0x1f4)
				return
			}
			stream.Close()
		}(stream)
	}
}
