//go:build bench

package bench

import (
	"bytes"
	"crypto/x509"
	"fmt"
	"io"
	"net/http"
	"sync"
	"testing"
	"time"
)

// BenchmarkProxyConnections is the sizing figure for open connections:
// the schleuse process's RSS when it holds 0, 250, 1000 and 2000
// intercepted client connections (each a browser-like TLS connection that
// sent one 1 KB chat request and stays open with keep-alive), over HTTP/1.1
// and over HTTP/2 (as browsers talk to the proxy's interception), and the
// memory each further connection costs. 2000 stays below
// client.max_connections_per_address (2048), which the loopback clients
// all share. docs/operations.md ("Dimensionierung") quotes it.
//
//	go test -tags bench -run '^$' -bench ProxyConnections -benchtime 1x ./bench/
func BenchmarkProxyConnections(b *testing.B) {
	dir := b.TempDir()
	bin := schleuseBin(b, dir)
	up, _, upCAFile := fakeService(b, dir)
	body := chatBody(proxyPrompt(1<<10), false)
	for _, proto := range []string{"http1", "h2"} {
		b.Run("proto="+proto, func(b *testing.B) {
			// a fresh process each: the runtime keeps freed memory a while
			sch, err := startSchleuse(bin, b.TempDir(), up, upCAFile)
			if err != nil {
				b.Fatal(err)
			}
			defer sch.stop()
			trust := x509.NewCertPool()
			trust.AppendCertsFromPEM(sch.caPEM)
			holdConnections(b, &setup{name: "schleuse", proxy: sch, trust: trust}, body, proto)
		})
	}
}

func holdConnections(b *testing.B, s *setup, body []byte, name string) {
	pid := s.proxy.cmd.Process.Pid
	transport := func() *http.Transport {
		tr := s.transport(1)
		tr.ForceAttemptHTTP2 = name == "h2"
		return tr
	}
	for range b.N {
		var open []*http.Transport
		// one request first: leaf certificate, upstream connection, caches
		tr := transport()
		resp, err := (&http.Client{Transport: tr, Timeout: time.Minute}).Post(chatURL, "application/json", bytes.NewReader(body))
		if err != nil {
			b.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if want := map[string]int{"http1": 1, "h2": 2}[name]; resp.ProtoMajor != want || resp.StatusCode != 200 {
			b.Fatalf("%s: answer %s %d", name, resp.Proto, resp.StatusCode)
		}
		open = append(open, tr)
		time.Sleep(time.Second)
		base, _ := rssMB(pid)
		fmt.Printf("BenchmarkProxyConnections/proto=%s/conns=1 1 %.1f rss-MB\n", name, base)
		prev, prevN := base, 1
		for _, n := range []int{250, 1000, 2000} {
			for len(open) < n {
				// in groups of 50, as browsers of a morning's log-ins
				// arrive, not all in one burst of handshakes
				k := min(50, n-len(open))
				var wg sync.WaitGroup
				errs := make(chan error, k)
				for range k {
					tr := transport()
					open = append(open, tr)
					wg.Add(1)
					go func() {
						defer wg.Done()
						if _, _, err := do(&http.Client{Transport: tr, Timeout: time.Minute}, body); err != nil {
							errs <- err
						}
					}()
				}
				wg.Wait()
				close(errs)
				for err := range errs {
					b.Fatalf("opening connection %d: %v", len(open), err)
				}
			}
			time.Sleep(time.Second)
			cur, peak := rssMB(pid)
			fmt.Printf("BenchmarkProxyConnections/proto=%s/conns=%d 1 %.1f rss-MB %.1f peak-rss-MB %.0f KB/conn\n",
				name, n, cur, peak, (cur-prev)*1024/float64(n-prevN))
			prev, prevN = cur, n
		}
		for _, tr := range open {
			tr.CloseIdleConnections()
		}
	}
}
