package proxy

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"sort"
	"strings"
	"time"
)

// adminHandler serves the public admin endpoints and mounts the protected
// ones (Options.Admin) for everything else.
func (s *Server) adminHandler() http.Handler {
	mux := http.NewServeMux()
	instance := InstanceID(s.cfg.StateDir)
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set(InstanceHeader, instance) // config check's CheckPorts
		fmt.Fprintln(w, "ok")
	})
	// The reason German first, as IT reads it (curl, a load balancer's
	// check page), the English after " / "; the status code is what a
	// load balancer acts on.
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if err := s.stopped.Load(); err != nil {
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprintln(w, "nicht bereit: der Proxy-Port nimmt keine Verbindungen mehr an (den Grund nennt das Log, Zeile „listener stopped“): den Dienst neu starten / not ready:", *err)
			return
		}
		// As an audit log that refuses records: every inspected service
		// is refused, and a load balancer sends its users to another node.
		now := time.Now()
		if why := s.ca.Problem(now); why != "" {
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprintln(w, "nicht bereit: "+s.ca.ProblemDE(now)+": CONNECTs zu den geprüften KI-Diensten werden abgewiesen, andere Hosts getunnelt; eine neue CA anlegen, verteilen und neu starten (docs/security.md, Rotation) / not ready:", why+": CONNECTs to inspected services are refused, other hosts are tunnelled")
			return
		}
		if s.ready != nil {
			if err := s.ready(); err != nil {
				w.WriteHeader(http.StatusServiceUnavailable)
				if nr, ok := errors.AsType[*NotReady](err); ok {
					fmt.Fprintln(w, "nicht bereit: "+nr.DE+" / not ready: "+nr.EN)
				} else {
					fmt.Fprintln(w, "nicht bereit / not ready:", err)
				}
				return
			}
		}
		fmt.Fprintln(w, "ready")
	})
	mux.HandleFunc("GET /ca.crt", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/x-pem-file")
		w.Header().Set("Content-Disposition", `attachment; filename="schleuse-ca.crt"`)
		w.Write(s.ca.CertPEM)
	})
	mux.HandleFunc("GET /ca.der", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/x-x509-ca-cert")
		w.Header().Set("Content-Disposition", `attachment; filename="schleuse-ca.der"`)
		w.Write(s.ca.Cert.Raw)
	})
	// The next CA of a rotation, read at each request: one made with
	// ca init --dir while schleuse runs is offered at once. Before, only
	// the current CA could be downloaded here, and IT copied the next one
	// by hand to the GPO and the trust stores.
	mux.HandleFunc("GET /ca-next.crt", s.serveNextCA(func(w http.ResponseWriter, next *NextCA) {
		w.Header().Set("Content-Type", "application/x-pem-file")
		w.Header().Set("Content-Disposition", `attachment; filename="schleuse-ca-next.crt"`)
		w.Write(next.PEM)
	}))
	mux.HandleFunc("GET /ca-next.der", s.serveNextCA(func(w http.ResponseWriter, next *NextCA) {
		w.Header().Set("Content-Type", "application/x-x509-ca-cert")
		w.Header().Set("Content-Disposition", `attachment; filename="schleuse-ca-next.der"`)
		w.Write(next.Cert.Raw)
	}))
	pac := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/x-ns-proxy-autoconfig")
		w.Write([]byte(s.PAC(r.Host)))
	}
	mux.HandleFunc("GET /proxy.pac", pac)
	// WPAD (browsers set to detect settings automatically) fetches
	// http://wpad.<domain>/wpad.dat: the same file, under that name.
	mux.HandleFunc("GET /wpad.dat", pac)
	if s.admin != nil {
		mux.Handle("/", s.admin)
	}
	return mux
}

// serveNextCA serves the rotation's next CA (LoadNextCA) with serve, or
// says why there is none: 404 without a rotation in progress (also when
// the next CA is already the current one, after the switch), 500 for a
// file that holds no CA certificate, whose reason goes to the log only
// (this port answers without a login).
func (s *Server) serveNextCA(serve func(http.ResponseWriter, *NextCA)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		next, err := s.NextCA()
		if err != nil {
			if n, ok := s.nextCAErrs.allow(time.Now()); ok {
				file, _ := NextCAFile(s.live().cfg)
				s.log.Warn("Nächste CA nicht ausgeliefert (ca.next_cert_file oder state_dir/ca-neu/ca.pem, die Datei unter file, Grund unter error) / next CA not served", "file", file, "error", err.Error(), "not_logged_since", n)
			}
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.WriteHeader(http.StatusInternalServerError)
			fmt.Fprintln(w, "Die nächste CA (ca.next_cert_file oder state_dir/"+NextCADir+"/"+CACertFile+") lässt sich nicht lesen; den Grund nennt das Log (Zeile „next CA not served“). Die geltende CA: /ca.crt / the next CA cannot be read; the log says why (\"next CA not served\"). The current CA: /ca.crt")
			return
		}
		if next == nil || string(next.Cert.Raw) == string(s.ca.Cert.Raw) {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.WriteHeader(http.StatusNotFound)
			fmt.Fprintln(w, nextCANone(next != nil))
			return
		}
		serve(w, next)
	}
}

// NextCA is the next CA of a rotation as the admin port serves it
// (LoadNextCA of the configuration in force: ca.next_cert_file applies
// with a reload).
func (s *Server) NextCA() (*NextCA, error) { return LoadNextCA(s.live().cfg) }

// NextCAConfigured is ca.next_cert_file in force, "" when the next CA is
// state_dir/ca-neu's.
func (s *Server) NextCAConfigured() string { return s.live().cfg.CA.NextCertFile }

// nextCANone is the answer of /ca-next.crt without a rotation in
// progress; same: the next CA is the current one (its files copied, not
// moved, into state_dir at the switch).
func nextCANone(same bool) string {
	if same {
		return "Keine CA-Rotation im Gange: die CA in state_dir/" + NextCADir + " ist schon die geltende (/ca.crt); " + NextCADir + " leeren / no CA rotation in progress: the CA in state_dir/" + NextCADir + " is already the current one (/ca.crt); empty " + NextCADir
	}
	return "Keine CA-Rotation im Gange: es gibt keine nächste CA (state_dir/" + NextCADir + "/" + CACertFile + " fehlt; anlegen mit schleuse ca init --dir oder, aus einer PKI, in ca.next_cert_file eintragen, docs/security.md, Rotation). Die geltende CA: /ca.crt / no CA rotation in progress: there is no next CA. The current CA: /ca.crt"
}

// NotReady is a reason Options.Ready gives why the proxy is not ready, in
// German (DE) and English (EN): /readyz says "nicht bereit: DE / not
// ready: EN".
type NotReady struct{ DE, EN string }

func (e *NotReady) Error() string { return e.DE + " / " + e.EN }

// PAC renders the proxy auto-config file; reqHost is the Host the browser
// fetched it from.
func (s *Server) PAC(reqHost string) string {
	live := s.live()
	addr := s.cfg.Listen
	s.mu.Lock()
	if s.proxyLn != nil {
		addr = s.proxyLn.Addr().String()
	}
	s.mu.Unlock()
	proxy := pacDirective(live.cfg.Admin.ProxyURL, addr, reqHost)
	var b strings.Builder
	b.WriteString("// schleuse proxy auto-config. LLM services go through schleuse")
	if live.cfg.PAC.Mode == "all" {
		b.WriteString(", and so does everything else.\n")
		fmt.Fprintf(&b, "function FindProxyForURL(url, host) {\n  return %q;\n}\n", proxy)
		return b.String()
	}
	b.WriteString("; everything else goes DIRECT.\n")
	var exact, suffix, pattern []string
	for _, svc := range live.cat.Services() {
		if svc.Mode == ModeTunnel {
			continue
		}
		for _, h := range svc.Hosts {
			if wildcardHost(h) {
				suffix = append(suffix, h[1:])
			} else if _, _, ok := middleWildcard(strings.ToLower(h)); ok {
				pattern = append(pattern, strings.ToLower(h))
			} else {
				exact = append(exact, h)
			}
		}
	}
	sort.Strings(exact)
	sort.Strings(suffix)
	sort.Strings(pattern)
	// A trailing dot (https://chatgpt.com./) names the same host; without
	// this it matched no entry and went DIRECT, around the inspection.
	b.WriteString("function FindProxyForURL(url, host) {\n  host = host.toLowerCase();\n" +
		"  if (host.charAt(host.length - 1) == \".\") host = host.substring(0, host.length - 1);\n")
	for _, h := range exact {
		fmt.Fprintf(&b, "  if (host == %q) return %q;\n", h, proxy)
	}
	for _, sfx := range suffix {
		fmt.Fprintf(&b, "  if (dnsDomainIs(host, %q)) return %q;\n", sfx, proxy)
	}
	for _, p := range pattern {
		fmt.Fprintf(&b, "  if (shExpMatch(host, %q)) return %q;\n", p, proxy)
	}
	b.WriteString("  return \"DIRECT\";\n}\n")
	return b.String()
}

// pacDirective is what the PAC file returns for catalogue hosts.
// admin.proxy_url is used as written when it is a PAC directive ("PROXY
// host:port", "HTTPS host:port"); a URL (http://host:port) or a bare
// host:port is turned into one. Without it the proxy listener's address is
// used; a listener on all interfaces ("0.0.0.0", "[::]", ":3128") is no
// address a browser can connect to, so the host the browser fetched the PAC
// file from (the admin address) is named with the proxy's port.
func pacDirective(proxyURL, listen, reqHost string) string {
	if p := strings.TrimSpace(proxyURL); p != "" {
		if strings.Contains(p, "://") {
			if u, err := url.Parse(p); err == nil && u.Host != "" {
				if strings.EqualFold(u.Scheme, "https") {
					return "HTTPS " + u.Host
				}
				return "PROXY " + u.Host
			}
			return p
		}
		word, _, _ := strings.Cut(p, " ")
		switch strings.ToUpper(word) {
		case "PROXY", "HTTPS", "SOCKS", "SOCKS4", "SOCKS5", "DIRECT":
			return p
		}
		return "PROXY " + p
	}
	host, port, err := net.SplitHostPort(listen)
	if err != nil {
		return "PROXY " + listen
	}
	if ip, err := netip.ParseAddr(host); host == "" || (err == nil && ip.IsUnspecified()) {
		h := reqHost
		if hh, _, err := net.SplitHostPort(reqHost); err == nil {
			h = hh
		}
		if h != "" {
			return "PROXY " + net.JoinHostPort(h, port)
		}
	}
	return "PROXY " + listen
}
