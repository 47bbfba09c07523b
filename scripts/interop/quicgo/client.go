// The client role: downloads URLs over one connection with HTTP/3 (ALPN h3) or HTTP/0.9
// (ALPN hq-interop), all at once, saving each as OUT_DIR/<last path segment>.
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
	quicConf := &quic.Config{MaxIdleTimeout: 10 * time.Second}
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()

	var get func(u *url.URL, w io.Writer) error
	var closeConn func()
	switch *alpn {
	case "h3":
		rt := &http3.RoundTripper{TLSClientConfig: conf, QuicConfig: quicConf,
			Dial: func(ctx context.Context, _ string, tlsConf *tls.Config, qc *quic.Config) (quic.EarlyConnection, error) {
				return quic.DialAddrEarlyContext(ctx, *connect, tlsConf, qc)
			}}
		closeConn = func() { rt.Close() }
		get = func(u *url.URL, w io.Writer) error {
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
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
		conn, err := quic.DialAddrContext(ctx, *connect, conf, quicConf)
		if err != nil {
			fmt.Fprintf(os.Stderr, "quicgo-peer: connect: %v\n", err)
			return 1
		}
		closeConn = func() { conn.CloseWithError(0, "") }
		get = func(u *url.URL, w io.Writer) error {
			stream, err := conn.OpenStreamSync(ctx)
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
		fatalf("unknown ALPN %q (h3 or hq-interop)", *alpn)
	}

	start := time.Now()
	var wg sync.WaitGroup
	errs := make([]error, len(urls))
	for i, u := range urls {
		wg.Add(1)
		go func(i int, u *url.URL) {
			defer wg.Done()
			file, err := os.Create(filepath.Join(*out, outputName(u)))
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
	closeConn()
	status := 0
	for i, u := range urls {
		if errs[i] != nil {
			fmt.Fprintf(os.Stderr, "quicgo-peer: FAILED %s: %v\n", u, errs[i])
			os.Remove(filepath.Join(*out, outputName(u)))
			status = 1
		}
	}
	if status == 0 {
		fmt.Fprintf(os.Stderr, "quicgo-peer: %d downloads in %v\n", len(urls), time.Since(start))
	}
	return status
}
