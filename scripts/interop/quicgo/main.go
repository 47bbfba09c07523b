// quicgo-peer: a small HTTP/3 and HTTP/0.9 (hq-interop) client and server built on Debian's
// quic-go, used by quasar's interop tests as an independent QUIC stack.
//
//	quicgo-peer server -listen 127.0.0.1:4433 -www DIR -cert FILE -key FILE [options]
//	quicgo-peer client -connect 127.0.0.1:4433 -o DIR [options] URL...
//
// It is built inside a copy of quic-go's source tree (scripts/interop/install-peers.sh) so
// that it may set quic-go's internal key update interval.
package main

import (
	"crypto/tls"
	"fmt"
	"os"
	"strings"

	"github.com/lucas-clemente/quic-go/internal/handshake"
)

// Options both roles share.
type common struct {
	keylog    string
	ciphers   string
	keyUpdate uint64
}

func fatalf(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "quicgo-peer: "+format+"\n", args...)
	os.Exit(1)
}

// cipherSuites turns "aes128,aes256,chacha20" into TLS 1.3 suite IDs; quic-go's TLS stack
// (qtls) offers or accepts only those.
func cipherSuites(list string) []uint16 {
	if list == "" {
		return nil
	}
	var ids []uint16
	for _, name := range strings.Split(list, ",") {
		switch name {
		case "aes128":
			ids = append(ids, tls.TLS_AES_128_GCM_SHA256)
		case "aes256":
			ids = append(ids, tls.TLS_AES_256_GCM_SHA384)
		case "chacha20":
			ids = append(ids, tls.TLS_CHACHA20_POLY1305_SHA256)
		default:
			fatalf("unknown cipher %q (aes128, aes256, chacha20)", name)
		}
	}
	return ids
}

// apply sets what both roles configure the same way: key log, cipher suites, key updates.
func (c *common) apply(conf *tls.Config) {
	if c.keylog != "" {
		f, err := os.OpenFile(c.keylog, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
		if err != nil {
			fatalf("key log: %v", err)
		}
		conf.KeyLogWriter = f
	}
	conf.CipherSuites = cipherSuites(c.ciphers)
	if c.keyUpdate > 0 {
		// RFC 9001 §6: initiate a key update every keyUpdate packets.
		handshake.KeyUpdateInterval = c.keyUpdate
	}
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: quicgo-peer server|client [options]")
		os.Exit(2)
	}
	switch os.Args[1] {
	case "server":
		runServer(os.Args[2:])
	case "client":
		os.Exit(runClient(os.Args[2:]))
	default:
		fmt.Fprintln(os.Stderr, "usage: quicgo-peer server|client [options]")
		os.Exit(2)
	}
}
