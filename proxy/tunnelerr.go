package proxy

import (
	"fmt"
	"io"
	"net/http"

	"github.com/elazarl/goproxy"
)

// tunnelDialError is a blind tunnel's target that could not be reached
// (goproxy.ConnectDialWithReq): the CONNECT is answered by tunnelFailed.
type tunnelDialError struct {
	addr string
	err  error
}

func (e *tunnelDialError) Error() string { return e.err.Error() }
func (e *tunnelDialError) Unwrap() error { return e.err }

// responseWriterProvider is how goproxy hands over the stream of a CONNECT
// that came over HTTP/2 (its h2StreamConn).
type responseWriterProvider interface {
	ResponseWriter() http.ResponseWriter
}

// tunnelFailed is goproxy's ConnectionErrHandler. For a blind tunnel whose
// target cannot be reached it answers the CONNECT as a plain-HTTP request
// to that server is answered (upstreamNotice: German first, no cause) and
// logs the cause. Before, goproxy wrote Go's error text as the whole
// answer, English only and naming the proxy's DNS server ("dial tcp:
// lookup example.com on 10.0.0.53:53: no such host"), and nothing was
// logged. goproxy calls it as well for a tunnel that breaks off after the
// 200, and for an interception whose certificate could not be made, both
// inside a stream the client reads as TLS: nothing is written there, as
// goproxy wrote nothing for the first (it closes the connection).
func (s *Server) tunnelFailed(w io.Writer, ctx *goproxy.ProxyCtx, err error) {
	de, ok := err.(*tunnelDialError)
	if !ok {
		return
	}
	kind := upstreamErrorKind(de.err)
	s.log.Warn("Blinder Tunnel: Ziel nicht erreichbar (Art unter kind, Grund unter error) / blind tunnel: target not reachable", "host", hostOnly(de.addr), "kind", kind, "error", de.err.Error())
	status, msgDE, msgEN := upstreamNotice(kind, false)
	var rw http.ResponseWriter
	switch c := w.(type) {
	case http.ResponseWriter:
		rw = c
	case responseWriterProvider:
		rw = c.ResponseWriter()
	}
	if rw != nil {
		plainError(rw, status, msgDE, msgEN)
		return
	}
	body := msgDE + "\n\n" + msgEN + "\n"
	fmt.Fprintf(w, "HTTP/1.1 %d %s\r\nContent-Type: text/plain; charset=utf-8\r\nCache-Control: no-store\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s",
		status, http.StatusText(status), len(body), body)
}
