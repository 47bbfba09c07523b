// The client role: downloads URLs over one connection with HTTP/3 (ALPN h3) or HTTP/0.9
// (ALPN hq-interop), all at once, saving each as OUT_DIR/<last path segment>. With -resume,
// the first URL goes over a first connection and the rest over a second one that resumes its
// TLS session (with -0rtt, their requests go in 0-RTT).
package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	quic "github.com/lucas-clemente/quic-go"
	"github.com/lucas-clemente/quic-go/http3"
)

func outputName(u *url.URL) string {
	name := u.Path[strings.LastIndex(u.Path, "/")+1:]
	if name == "" {
		return "index.html"
	}
	return name
}

func runClient(args []string) int {
	flags := flag.NewFlagSet("client", flag.ExitOnError)
	connect := flags.String("connect", "", "where datagrams go (HOST:PORT); default the URL's authority")
	out := flags.String("o", ".", "directory to save downloads into")
	alpn := flags.String("alpn", "h3", "h3 or hq-interop")
	ca := flags.String("ca", "", "verify the server with this CA (PEM); without it, no verification")
	timeout := flags.Duration("timeout", 60*time.Second, "limit for the whole run")
	resume := flags.Bool("resume", false, "first URL on one connection, the rest on a resumed one")
	zeroRTT := flags.Bool("0rtt", false, "with -resume: the second connection's requests in 0-RTT")
	keepAlive := flags.Duration("keepalive", 0,
		"send a PING after this long without receiving (survives a NAT rebinding that loses the server's packets)")
	var c common
	flags.StringVar(&c.keylog, "keylog", os.Getenv("SSLKEYLOGFILE"), "append TLS secrets here")
	flags.StringVar(&c.ciphers, "ciphers", "", "TLS 1.3 suites to offer: aes128,aes256,chacha20")
	flags.Uint64Var(&c.keyUpdate, "keyupdate", 0, "initiate a key update every N packets")
	flags.Parse(args)
	if flags.NArg() == 0 {
		fatalf("no URL given")
	}

	var urls []*url.URL
	for _, text := range flags.Args() {
		u, err := url.Parse(text)
		if err != nil || u.Scheme != "https" {
			fatalf("not an https URL: %q", text)
		}
		urls = append(urls, u)
	}
	if *connect == "" {
		*connect = urls[0].Host
	}
	conf := &tls.Config{NextProtos: []string{*alpn}, InsecureSkipVerify: *ca == ""}
	if *ca != "" {
		pem, err := os.ReadFile(*ca)
		if err != nil {
			fatalf("CA: %v", err)
		}
		conf.RootCAs = x509.NewCertPool()
		conf.RootCAs.AppendCertsFromPEM(pem)
		conf.ServerName = urls[0].Hostname()
	}
	c.apply(conf)
	conf.ClientSessionCache = tls.NewLRUClientSessionCache(8)
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	start := time.Now()
	status := 0
	if *resume && len(urls) > 1 {
		status = download(ctx, conf, *connect, *alpn, *out, urls[:1], false, *keepAlive)
		// The session ticket came with the first connection; the second resumes it.
		if s := download(ctx, conf, *connect, *alpn, *out, urls[1:], *zeroRTT, *keepAlive); s != 0 {
			status = s
		}
	} else {
		status = download(ctx, conf, *connect, *alpn, *out, urls, false, *keepAlive)
	}
	if status == 0 {
		fmt.Fprintf(os.Stderr, "quicgo-peer: %d downloads in %v\n", len(urls), time.Since(start))
	}
	return status
}

// download fetches urls over one connection, all at once; 0 when every one succeeded.
func download(ctx context.Context, conf *tls.Config, connect, alpn, out string, urls []*url.URL,
	early bool, keepAlive time.Duration) int {
	quicConf := &quic.Config{MaxIdleTimeout: 10 * time.Second, KeepAlivePeriod: keepAlive}
	var conn quic.EarlyConnection

	var get func(u *url.URL, w io.Writer) error
	var closeConn func()
	switch alpn {
	case "h3":
		rt := &http3.RoundTripper{TLSClientConfig: conf, QuicConfig: quicConf,
			Dial: func(ctx context.Context, _ string, tlsConf *tls.Config, qc *quic.Config) (quic.EarlyConnection, error) {
				c, err := dial(ctx, connect, tlsConf, qc, early)
				conn = c
				return c, err
			}}
		closeConn = func() { rt.Close() }
		get = func(u *url.URL, w io.Writer) error {
			method := http.MethodGet
			if early {
				method = http3.MethodGet0RTT // quic-go's way of allowing a GET in 0-RTT
			}
			req, _ := http.NewRequestWithContext(ctx, method, u.String(), nil)
			resp, err := rt.RoundTrip(req)
			if err != nil {
				return err
			}
			defer resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				return fmt.Errorf("status %d", resp.StatusCode)
			}
			_, err = io.Copy(w, resp.Body)
			return err
		}
	case "hq-interop":
		c, err := dial(ctx, connect, conf, quicConf, early)
		if err != nil {
			fmt.Fprintf(os.Stderr, "quicgo-peer: connect: %v\n", err)
			return 1
		}
		conn = c
		closeConn = func() { c.CloseWithError(0, "") }
		get = func(u *url.URL, w io.Writer) error {
			stream, err := conn.OpenStreamSync(ctx) // in 0-RTT when early and the session allows
			if err != nil {
				return err
			}
			if _, err := stream.Write([]byte("GET " + u.RequestURI() + "\r\n")); err != nil {
				return err
			}
			stream.Close()
			_, err = io.Copy(w, stream)
			return err
		}
	default:
		fatalf("unknown ALPN %q (h3 or hq-interop)", alpn)
	}

	var wg sync.WaitGroup
	errs := make([]error, len(urls))
	for i, u := range urls {
		wg.Add(1)
		go func(i int, u *url.URL) {
			defer wg.Done()
			file, err := os.Create(filepath.Join(out, outputName(u)))
			if err != nil {
				errs[i] = err
				return
			}
			errs[i] = get(u, file)
			if err := file.Close(); errs[i] == nil {
				errs[i] = err
			}
		}(i, u)
	}
	wg.Wait()
	if conn != nil {
		state := conn.ConnectionState().TLS
		fmt.Fprintf(os.Stderr, "quicgo-peer: connection: resumed=%v 0rtt=%v\n", state.DidResume,
			state.Used0RTT)
	}
	closeConn()
	status := 0
	for i, u := range urls {
		if errs[i] != nil {
			fmt.Fprintf(os.Stderr, "quicgo-peer: FAILED %s: %v\n", u, errs[i])
			os.Remove(filepath.Join(out, outputName(u)))
			status = 1
		}
	}
	return status
}

// dial connects; only an early dial offers 0-RTT (quic-go uses it whenever the session allows,
// so a plain resumption must not dial early).
func dial(ctx context.Context, connect string, conf *tls.Config, qc *quic.Config,
	early bool) (quic.EarlyConnection, error) {
	if early {
		return quic.DialAddrEarlyContext(ctx, connect, conf, qc)
	}
	c, err := quic.DialAddrContext(ctx, connect, conf, qc)
	if err != nil {
		return nil, err
	}
	return c.(quic.EarlyConnection), nil
}
