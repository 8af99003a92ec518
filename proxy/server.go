// Package proxy is schleuse's HTTPS forward proxy: listener, CONNECT
// handling, interception of the catalogue's LLM hosts with the
// municipality's own CA, the inspection pipeline and the admin listener.
//
// Everything that is not an inspected LLM host is tunnelled blind and never
// decrypted. Whatever cannot be inspected is blocked: fail closed.
package proxy

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/elazarl/goproxy"

	"github.com/schleuse/schleuse/config"
	"github.com/schleuse/schleuse/identity"
	"github.com/schleuse/schleuse/pseudonym"
)

// Identifier answers who is asking. *identity.Authenticator implements it.
type Identifier interface {
	ClientAllowed(addr netip.Addr) bool
	Identify(ctx context.Context, h http.Header, remote netip.Addr) (identity.Identity, error)
}

// Inspector decides about one request to an inspected service. It must be
// safe for concurrent use and must never let uninspected text through: when
// it cannot do its job it answers with a block.
//
// Inspect must not keep x.Body or the Verdict's Forward, or anything
// pointing into them, once it has returned: when the verdict forwards, the
// server reuses x.Body's buffer for a later request at once (unless Forward
// shares it) and Forward's once the upstream Transport has closed the body.
type Inspector interface {
	Inspect(ctx context.Context, x *Exchange) *Verdict
}

// Exchange is one intercepted request as the inspector sees it.
type Exchange struct {
	RequestID string
	Service   *Service
	Identity  identity.Identity
	Request   *http.Request // headers, method, URL; the body is in Body
	Body      []byte        // the whole body as received (Content-Encoding not yet decoded)
	Start     time.Time
	// Oversize, when not 0, is the size of a body over
	// inspect.max_body_bytes (its Content-Length, or what was read before
	// giving up): Body is empty and the inspector blocks the request, with
	// the service's notice and an audit record. A verdict that does not
	// answer it is not followed: the request is refused all the same.
	Oversize int64
	// noticeMissing: a browser's request (Sec-Fetch-*) to a web app's
	// notice host without a valid confirmation of the first-use notice
	// (notice.first_use on). The inspector blocks it when it carries a
	// prompt (noticeUnconfirmed); a WebSocket's messages inherit it from
	// their upgrade request.
	noticeMissing bool
	// audited is what the request's audit record says (set once the
	// record is written): the record of a failed send (RecordUpstream)
	// repeats it.
	audited *auditedDecision
}

// auditedDecision is the part of a request's audit record that the record
// of its failed send repeats: no finding, no value, the path as records
// show it, and its time (the request's time in the log).
type auditedDecision struct {
	action, host, path, revision string
	time                         time.Time
}

// Verdict is the inspector's answer. Exactly one of Answer or Forward is set.
type Verdict struct {
	// Answer is sent to the client instead of forwarding.
	Answer *Answer
	// Forward is the body to send upstream (possibly rewritten, decoded).
	Forward []byte
	// DropContentEncoding is set when Forward is the decoded body.
	DropContentEncoding bool
	// PlainResponse asks upstream for an uncompressed answer (the
	// pseudonym restorer rewrites it on the fly).
	PlainResponse bool
	// Response, when set, may wrap the upstream response (pseudonym restore).
	Response func(resp *http.Response)

	reply  [][]byte // WebSocket: messages sent to the client instead
	ws     bool     // an upgrade whose messages are inspected
	native bool     // Refuse: Answer is in the form of the adapter a route matched
	// wsNote: a WebSocket message with text that goes on (a prompt): the
	// answer to it starts with wsNote.Note, at wsNote.Text ("" none); nil
	// for a message without text (ping, handshake).
	wsNote *pseudonym.Format
}

// Answer is a complete synthetic response.
type Answer struct {
	Status int
	Header http.Header
	Body   []byte
}

// Metrics are the counters the server reports; Options.Metrics may be nil.
type Metrics interface {
	Tunnel(ctx context.Context)
	// ConnectBlocked counts a refused request; reason is one of telemetry's
	// Connect* labels: client, auth, rate_limited, directory, port, admin,
	// host, policy, connections, ws_rate, ws_media.
	ConnectBlocked(ctx context.Context, reason string)
	UpstreamError(ctx context.Context, kind string)
	LeafCertCache(ctx context.Context, hit bool)
}

// mediaPassCounter is implemented by Metrics that count the pieces of a
// streamed medium (Realtime's spoken input) that went on under the
// decision on their connection's first (*telemetry.Metrics:
// schleuse_websocket_media_passed_total).
type mediaPassCounter interface {
	MediaPassed(ctx context.Context)
}

// Options wire a Server.
type Options struct {
	Config    *config.Config
	Logger    *slog.Logger
	CA        *CA
	Identity  Identifier
	Inspector Inspector
	Metrics   Metrics // may be nil
	// Admin adds handlers to the admin listener (status, audit view,
	// metrics); they are mounted behind admin authentication by the caller.
	Admin http.Handler
	// Ready reports readiness for /readyz; nil means ready once listening.
	Ready func() error
	// ClientTimeouts bound intercepted client connections; zero fields
	// take their defaults.
	ClientTimeouts ClientTimeouts
}

// Server is the proxy and its admin listener.
type Server struct {
	cfg      *config.Config // as started: listeners and state never change
	cur      atomic.Pointer[liveState]
	log      *slog.Logger
	ca       *CA
	insp     Inspector
	metrics  Metrics
	gp       *goproxy.ProxyHttpServer
	tr       *http.Transport
	dial     *dialer
	mitm     *goproxy.ConnectAction
	admin    http.Handler
	ready    func() error
	selfAddr []string       // host:port of our own listeners, never reachable through the proxy
	timeouts ClientTimeouts // guarded by mu
	// noticeKey signs the first-use notice's confirmations (NoticeKeyFile).
	noticeKey []byte

	wsMsgs      msgLimiter   // client.websocket_messages_per_minute
	lastRefusal atomic.Int64 // unix seconds of the last refusal logged for too many connections
	lastLoop    atomic.Int64 // unix seconds of the last parent proxy loop logged
	heldErrs    logLimiter   // log lines of failed sends the audit log refused (recordUpstream)
	caErrs      logLimiter   // log lines of CONNECTs refused while the interception CA is not valid (caRefused)
	nextCAErrs  logLimiter   // log lines of a next CA the admin port could not serve (serveNextCA)

	inflight atomic.Int64 // inspected requests not yet answered
	draining atomic.Bool
	stopped  atomic.Pointer[error] // why the proxy listener stopped accepting; nil while it serves
	conns    connTracker           // the proxy listener's connections, hijacked ones too

	mu       sync.Mutex
	proxyLn  net.Listener
	adminLn  net.Listener
	proxySrv *http.Server
	adminSrv *http.Server
}

// connInfo rides on goproxy's ProxyCtx.UserData from the CONNECT to every
// request inside the interception.
type connInfo struct {
	// connect is the CONNECT target (host:port); "" for plain HTTP. Every
	// request inside the interception must name it (sameTarget).
	connect string
	svc     *Service
	id      identity.Identity
	// stamp is what id rested on at the CONNECT (identity's Stamp), ""
	// when the Identifier has no stamps; a request inside the
	// interception goes on only while the stamp is the same.
	stamp string
	guard *clientGuard // nil for plain HTTP
	// regrouped is id with its directory groups looked at again
	// (regroup), shared by the copies of this connInfo; nil or empty = id.
	regrouped *atomic.Pointer[identity.Identity]
}

// identity is who sends the connection's requests: id, with the
// directory groups as regroup last found them.
func (ci *connInfo) identity() identity.Identity {
	if ci.regrouped != nil {
		if p := ci.regrouped.Load(); p != nil {
			return *p
		}
	}
	return ci.id
}

type identityKey struct{}

// stampKey carries the CONNECT's identity stamp to handleConnect.
type stampKey struct{}

// challenger is implemented by Identifiers that name the login schemes of
// a 407 (*identity.Authenticator: Negotiate and/or Basic).
type challenger interface {
	Challenges() []string
}

// stamper is implemented by Identifiers whose identities can be checked
// again later (*identity.Authenticator).
type stamper interface {
	Stamp(identity.Identity) string
}

// regrouper is implemented by Identifiers whose identities' directory
// groups can be looked at again once the directory cache's entry expired
// (*identity.Authenticator with auth.ldap): a connection lives for hours,
// and a user taken out of a group must lose what it allowed.
type regrouper interface {
	Regroup(context.Context, identity.Identity) (identity.Identity, bool, error)
}

// New builds a server. It does not listen yet.
func New(o Options) (*Server, error) {
	if o.Config == nil || o.CA == nil || o.Identity == nil || o.Inspector == nil {
		return nil, errors.New("proxy: Config, CA, Identity and Inspector are required")
	}
	cat, err := NewCatalogue(o.Config.Services)
	if err != nil {
		return nil, fmt.Errorf("proxy: catalogue: %w", err)
	}
	log := o.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	parent, err := o.Config.Upstream.ParentProxy()
	if err != nil {
		return nil, fmt.Errorf("proxy: upstream.proxy: %w", err)
	}
	d := newDialer(o.Config.Upstream.Resolve, parent, o.Config.Upstream.ParentLogin(), net.Dialer{Timeout: o.Config.Upstream.DialTimeout, KeepAlive: 30 * time.Second})
	tr, err := newTransport(o.Config.Upstream, d)
	if err != nil {
		return nil, err
	}
	// Made on first start whether or not notice.first_use is on, so that
	// turning it on by a reload needs no restart.
	noticeKey, err := loadOrInitNoticeKey(o.Config.StateDir)
	if err != nil {
		return nil, fmt.Errorf("proxy: %w", err)
	}
	s := &Server{
		cfg: o.Config, log: log, ca: o.CA, insp: o.Inspector,
		metrics: o.Metrics, tr: tr, dial: d, admin: o.Admin, ready: o.Ready,
		timeouts: o.ClientTimeouts, noticeKey: noticeKey,
	}
	s.cur.Store(newLiveState(o.Config, cat, o.Identity))
	s.gp = s.newGoproxy()
	return s, nil
}

// SetClientTimeouts changes the bounds for intercepted client connections
// and blind tunnels opened from now on (zero fields: defaults). Safe for
// concurrent use.
func (s *Server) SetClientTimeouts(t ClientTimeouts) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.timeouts = t
}

// ClientTimeouts returns the bounds for new intercepted connections and
// blind tunnels.
func (s *Server) ClientTimeouts() ClientTimeouts {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.timeouts.withDefaults()
}

// liveState is what SIGHUP can change without a restart; requests read it
// once through an atomic pointer.
type liveState struct {
	cfg   *config.Config
	cat   *Catalogue
	ident Identifier
	ports map[int]bool
	// noticeVersions caches the first-use notice's version per service
	// (*Service → string) under this configuration: noticeMissing needs
	// it for every browser request to a notice host.
	noticeVersions sync.Map
}

func newLiveState(cfg *config.Config, cat *Catalogue, ident Identifier) *liveState {
	l := &liveState{cfg: cfg, cat: cat, ident: ident, ports: make(map[int]bool)}
	for _, p := range cfg.Connect.AllowedPorts {
		l.ports[p] = true
	}
	return l
}

func (s *Server) live() *liveState { return s.cur.Load() }

// Reload swaps in a new configuration's catalogue, CONNECT ports,
// identity sources and inspection limits. Listen addresses, the state
// directory, upstream and audit settings need a restart; Reload names those
// that differ from the ones the server started with.
func (s *Server) Reload(cfg *config.Config, ident Identifier) (needRestart []string, err error) {
	cat, err := NewCatalogue(cfg.Services)
	if err != nil {
		return nil, fmt.Errorf("proxy reload: catalogue: %w", err)
	}
	// Against the configuration the server started with, not the last
	// reloaded one: that holds the changes not applied, so a second
	// SIGHUP (another key changed) no longer named them, and one that
	// undid them named them still.
	old := s.cfg
	for _, c := range []struct {
		key      string
		old, new any
	}{
		// admin.proxy_url is read by every PAC file served: it applies
		// at once, as pac.mode does, and needs no restart.
		{"listen", old.Listen, cfg.Listen}, {"admin", adminNoPAC(old.Admin), adminNoPAC(cfg.Admin)}, {"state_dir", old.StateDir, cfg.StateDir},
		{"upstream", old.Upstream, cfg.Upstream}, {"audit", old.Audit, cfg.Audit}, {"policy", old.Policy, cfg.Policy},
		// The pseudonym store and the pipeline's span settings are built
		// once at start (cmd applies log.level and shutdown.grace itself).
		{"pseudonym", old.Pseudonym, cfg.Pseudonym}, {"telemetry", old.Telemetry, cfg.Telemetry},
	} {
		// DeepEqual, not the printed values: audit.pseudonymize_users is a
		// pointer, whose address differs in every loaded file.
		if !reflect.DeepEqual(c.old, c.new) {
			needRestart = append(needRestart, c.key)
		}
	}
	s.cur.Store(newLiveState(cfg, cat, ident))
	return needRestart, nil
}

// adminNoPAC is a without the key the PAC file reads live.
func adminNoPAC(a config.Admin) config.Admin {
	a.ProxyURL = ""
	return a
}

// Identity returns the identity sources in force (the last Reload's).
func (s *Server) Identity() Identifier { return s.live().ident }

// Catalogue returns the service catalogue in force.
func (s *Server) Catalogue() *Catalogue { return s.live().cat }

func (s *Server) newGoproxy() *goproxy.ProxyHttpServer {
	gp := goproxy.NewProxyHttpServer()
	gp.Logger = slogPrintf{s.log}
	gp.Verbose = false
	gp.Tr = s.tr // never mutate goproxy's package-global TLS config
	gp.AllowHTTP2 = true
	gp.KeepAcceptEncoding = true
	// Only blind tunnels dial here (interceptions use s.tr): their
	// ClientHello must not name a service the catalogue inspects or blocks,
	// nor another host than the CONNECT (sniRefused).
	gp.ConnectDialWithReq = func(r *http.Request, network, addr string) (net.Conn, error) {
		c, err := s.dial.DialContext(context.Background(), network, addr)
		if err != nil {
			return nil, &tunnelDialError{addr: addr, err: err}
		}
		host, _, _ := net.SplitHostPort(addr)
		g := &sniGuard{Conn: newIdleConn(c, s.ClientTimeouts().Tunnel), refuse: func(name string) bool {
			svc := s.live().cat.Lookup(name)
			switch {
			case svc != nil && svc.Mode != ModeTunnel:
				s.connectBlocked(r, "host")
				return true
			case svc == nil && sniRefused(host, name):
				s.connectBlocked(r, "sni")
				return true
			}
			return false
		}}
		// A reload (SIGHUP) that catalogues the tunnel's host or server
		// name as inspected or blocked ends the tunnel: a browser keeps a
		// connection to a chat service open for hours, and the service
		// must not stay reachable uninspected over it.
		g.seen.Store(s.live())
		g.live = s.live
		g.ends = func(cur *liveState) bool {
			if svc := cur.cat.Lookup(host); svc != nil && svc.Mode != ModeTunnel {
				s.connectBlocked(r, "host")
				return true
			}
			name := g.serverName.Load()
			return name != nil && *name != "" && g.refuse(*name)
		}
		return g, nil
	}
	certs := newCertCache(func(hit bool) {
		if s.metrics != nil {
			s.metrics.LeafCertCache(context.Background(), hit)
		}
	})
	gp.CertStore = certs
	instance := InstanceID(s.cfg.StateDir)
	gp.NonproxyHandler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set(InstanceHeader, instance) // config check's CheckPorts
		http.Error(w, "schleuse ist ein Proxy: bitte als HTTP-Proxy eintragen, nicht direkt aufrufen.\nschleuse is a proxy; configure it as your HTTP proxy.", http.StatusBadRequest)
	})
	gp.ConnectionErrHandler = s.tunnelFailed
	s.mitm = &goproxy.ConnectAction{Action: goproxy.ConnectMitm, TLSConfig: s.leafTLSConfig(certs)}
	gp.OnRequest().HandleConnectFunc(s.handleConnect)
	gp.OnRequest().DoFunc(s.handleRequest)
	gp.OnResponse().DoFunc(s.handleResponse)
	return gp
}

// leafTLSConfig signs leaves with our CA (never goproxy's public one, and
// not with goproxy's signer, whose leaves name "GoProxy untrusted MITM
// proxy Inc"), cached in certs; goproxy offers h2 and http/1.1 to clients.
func (s *Server) leafTLSConfig(certs *certCache) func(host string, ctx *goproxy.ProxyCtx) (*tls.Config, error) {
	return func(host string, ctx *goproxy.ProxyCtx) (*tls.Config, error) {
		name := host // as the client named it (a trailing dot included), without the port
		if h, _, err := net.SplitHostPort(host); err == nil {
			name = h
		}
		cert, err := certs.Fetch(name, func() (*tls.Certificate, error) { return s.ca.SignLeaf(name) })
		if err != nil {
			return nil, fmt.Errorf("leaf certificate for %s: %w", name, err)
		}
		c := &tls.Config{Certificates: []tls.Certificate{*cert}, MinVersion: tls.VersionTLS12}
		if g, ok := ctx.Req.Context().Value(guardKey{}).(*clientGuard); ok {
			c.VerifyConnection = func(cs tls.ConnectionState) error {
				if cs.NegotiatedProtocol == "h2" {
					g.open() // many streams: only the idle bound applies
				}
				return nil
			}
		}
		return c, nil
	}
}

// ServeHTTP is the proxy listener's handler: access control and identity
// first, then goproxy.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodConnect && !r.URL.IsAbs() {
		s.gp.NonproxyHandler.ServeHTTP(w, r)
		return
	}
	if s.dial.loopedBack(r.Header) {
		// Our own request to the parent came back to us: refused at the
		// first hop, where each would open one more connection.
		now := time.Now().Unix()
		if last := s.lastLoop.Load(); now-last >= 10 && s.lastLoop.CompareAndSwap(last, now) {
			s.log.Error("upstream.proxy führt zu schleuse selbst zurück: Anfragen an den übergeordneten Proxy werden abgewiesen; upstream.proxy auf den ausgehenden Proxy setzen, nicht auf schleuse / upstream.proxy leads back to schleuse itself: requests to the parent proxy are refused; set upstream.proxy to the outbound proxy, not to schleuse", "parent", s.dial.parent)
		}
		w.Header().Set("X-Schleuse-Loop", s.dial.via)
		plainError(w, http.StatusLoopDetected, "schleuse: Der übergeordnete Proxy (upstream.proxy) führt zu schleuse zurück. Bitte wenden Sie sich an die IT.", "schleuse: upstream.proxy leads back to schleuse itself.")
		return
	}
	live := s.live()
	remote := remoteAddr(r.RemoteAddr)
	if !live.ident.ClientAllowed(remote) {
		s.connectBlocked(r, "client")
		plainError(w, http.StatusForbidden, "schleuse: Ihr Rechner darf diesen Proxy nicht verwenden.", "schleuse: this client address may not use the proxy.")
		return
	}
	target := r.URL.Host
	if r.Method == http.MethodConnect {
		target = r.Host
	}
	if s.isSelf(target) {
		s.connectBlocked(r, "admin")
		plainError(w, http.StatusForbidden, "schleuse: Die Verwaltungsoberfläche ist über den Proxy nicht erreichbar.", "schleuse: the admin listener is not reachable through the proxy.")
		return
	}
	if r.Method == http.MethodConnect {
		if !live.ports[portOf(target, 443)] {
			s.connectBlocked(r, "port")
			plainError(w, http.StatusForbidden, "schleuse: Verbindungen zu diesem Port sind nicht erlaubt (nur HTTPS).", "schleuse: CONNECT to this port is not allowed.")
			return
		}
	}
	if r.Method == http.MethodConnect {
		// An interception CA past its end (or not valid yet) signs leaves
		// no browser accepts: an inspected service cannot be inspected,
		// and is refused (fail closed). Blind tunnels need no CA and go
		// on, so an expired CA no longer takes pac.mode all down with it.
		if why := s.ca.Problem(time.Now()); why != "" {
			if svc := live.cat.Lookup(target); svc != nil && svc.Mode != ModeTunnel {
				id := s.caRefused(r, svc, why)
				w.Header().Set("X-Schleuse-Request-Id", id)
				plainError(w, http.StatusServiceUnavailable, caExpiredDE+"\nVorgangsnummer: "+id, caExpiredEN+" ("+why+")\nReference number: "+id)
				return
			}
		}
	}
	id, err := s.identify(live, r, remote)
	if err != nil {
		s.authFailed(w, r, err)
		return
	}
	r.Header.Del("Proxy-Authorization")
	// Identity headers of an authenticating proxy in front are for us only.
	if h := live.cfg.Auth.TrustedHeader; h != "" {
		r.Header.Del(h)
	}
	if h := live.cfg.Auth.GroupsHeader; h != "" {
		r.Header.Del(h)
	}
	ctx := context.WithValue(r.Context(), identityKey{}, id)
	if st, ok := live.ident.(stamper); ok {
		ctx = context.WithValue(ctx, stampKey{}, st.Stamp(id))
	}
	r = r.WithContext(ctx)
	if r.Method == http.MethodConnect {
		// goproxy reads intercepted requests without deadlines or a
		// header cap: the guard adds them (slowloris, endless heads).
		g := newClientGuard(s.ClientTimeouts())
		r = r.WithContext(context.WithValue(r.Context(), guardKey{}, g))
		w = &guardWriter{ResponseWriter: w, g: g}
	}
	s.gp.ServeHTTP(w, r)
}

// connLogin is the Kerberos login of one client connection. Browsers
// treat Negotiate as bound to the connection, as NTLM: after the login on
// a keep-alive connection they send its further requests without
// Proxy-Authorization. Those go on under the connection's login while its
// stamp holds; a request with credentials is checked as ever.
type connLogin struct {
	mu    sync.Mutex
	id    identity.Identity
	stamp string
	set   bool
}

type connLoginKey struct{}

// identify is the Identifier's answer for r, or the Kerberos login of r's
// connection when r carries no credentials. A request that names its user
// by the trusted header (auth.trusted_header) is checked as ever: a front
// proxy that passes its clients' Negotiate on may send another person's
// request on the same pooled connection, and the header it vouches for
// names that person, not the connection's login.
func (s *Server) identify(live *liveState, r *http.Request, remote netip.Addr) (identity.Identity, error) {
	cl, _ := r.Context().Value(connLoginKey{}).(*connLogin)
	st, stamps := live.ident.(stamper)
	vouched := live.cfg.Auth.TrustedHeader != "" && r.Header.Get(live.cfg.Auth.TrustedHeader) != ""
	if cl != nil && stamps && !vouched && r.Header.Get("Proxy-Authorization") == "" {
		cl.mu.Lock()
		id, stamp, set := cl.id, cl.stamp, cl.set
		cl.mu.Unlock()
		if set && stamp != "" && st.Stamp(id) == stamp {
			// The groups of the connection's login as the directory has
			// them now (after the LDAP cache's TTL; no query before).
			if rg, ok := live.ident.(regrouper); ok {
				nid, looked, err := rg.Regroup(r.Context(), id)
				if err != nil {
					return identity.Identity{}, err
				}
				if looked {
					cl.mu.Lock()
					if cl.stamp == stamp {
						cl.id = nid
					}
					cl.mu.Unlock()
					id = nid
				}
			}
			return id, nil
		}
	}
	id, err := live.ident.Identify(r.Context(), r.Header, remote)
	if err == nil && cl != nil && stamps && id.Source == identity.SourceKerberos {
		cl.mu.Lock()
		cl.id, cl.stamp, cl.set = id, st.Stamp(id), true
		cl.mu.Unlock()
	}
	return id, err
}

func (s *Server) authFailed(w http.ResponseWriter, r *http.Request, err error) {
	reason := authReason(err)
	status, level := http.StatusProxyAuthRequired, slog.LevelInfo
	en := "schleuse: proxy authentication required."
	attrs := []any{"reason", reason, "client", r.RemoteAddr}
	switch reason {
	case "directory":
		// The cause (unreachable, bind refused, timeout) is what IT needs;
		// identity's errors never carry a user name or password.
		status, level = http.StatusServiceUnavailable, slog.LevelWarn
		attrs = append(attrs, "error", err.Error())
		en = "schleuse: your group membership could not be checked, so the request was blocked; please contact IT."
	case "rate_limited":
		w.Header().Set("Retry-After", "60")
		en = "schleuse: too many failed logins; please wait a few minutes and try again."
	case "missing":
		// No credentials: the login's challenge, which every browser gets
		// once per session. Not a failure (nor counted as one).
		level = slog.LevelDebug
	case "bad_credentials":
		// Why a Kerberos ticket was refused (expired, another service's,
		// a key the keytab lacks, NTLM instead) is what IT needs;
		// identity's errors never carry a user name or password.
		if errors.Is(err, identity.ErrKerberos) || errors.Is(err, identity.ErrNTLM) {
			attrs = append(attrs, "error", err.Error())
		}
	}
	s.log.Log(r.Context(), level, "Anmeldung am Proxy fehlgeschlagen (reason) / proxy authentication failed", attrs...)
	// A request without credentials is the first step of every browser's
	// login (the challenge), not a refusal worth counting: "auth" counts
	// wrong credentials only, so that its rate shows password guessing.
	if c := connectAuthReason(reason); s.metrics != nil && c != "" {
		s.metrics.ConnectBlocked(r.Context(), c)
	}
	if status == http.StatusProxyAuthRequired {
		live := s.live()
		if c, ok := live.ident.(challenger); ok {
			for _, v := range c.Challenges() {
				w.Header().Add("Proxy-Authenticate", v)
			}
		} else {
			w.Header().Set("Proxy-Authenticate", identity.Challenge(live.cfg.Auth.Realm))
		}
	}
	plainError(w, status, identity.PublicMessage(err), en)
}

func authReason(err error) string {
	switch {
	case errors.Is(err, identity.ErrAuthRequired):
		return "missing"
	case errors.Is(err, identity.ErrBadCredentials):
		return "bad_credentials"
	case errors.Is(err, identity.ErrRateLimited):
		return "rate_limited"
	case errors.Is(err, identity.ErrDirectory):
		return "directory"
	}
	return "other"
}

// connectAuthReason is the schleuse_connect_blocked_total reason of a
// failed proxy login (authReason's), "" for the challenge of a request
// without credentials.
func connectAuthReason(reason string) string {
	switch reason {
	case "missing":
		return ""
	case "rate_limited", "directory":
		return reason
	}
	return "auth"
}

func (s *Server) connectBlocked(r *http.Request, reason string) {
	if s.metrics != nil {
		s.metrics.ConnectBlocked(r.Context(), reason)
	}
	s.log.Info("Anfrage abgewiesen (Grund unter reason) / request refused", "reason", reason, "client", r.RemoteAddr)
}

// caRefused counts, logs and records a CONNECT to an inspected service
// refused because the interception CA is expired (or not valid yet). It is
// refused before the proxy login, so the record has no user; it names the
// service and the CONNECT host, with the rule schleuse:ca_expired, so that
// auditors see every refusal, not only the metric. The log line (a
// warning: IT has to renew the CA) is written at most once per
// auditErrorEvery with the number held back, as a browser retries the
// CONNECT on its own. It returns the request id of the record, which the
// answer names as other refusals do (a program or curl -v shows it; a
// browser shows no answer to a refused CONNECT).
func (s *Server) caRefused(r *http.Request, svc *Service, why string) (requestID string) {
	if s.metrics != nil {
		s.metrics.ConnectBlocked(r.Context(), "ca_expired")
	}
	if n, ok := s.caErrs.allow(time.Now()); ok {
		s.log.Warn("Anfrage abgewiesen: Interception-CA nicht gültig, die KI-Dienste werden abgewiesen, bis sie erneuert ist (schleuse ca init --force --config DATEI) / request refused: interception CA not valid, AI services refused until it is renewed (schleuse ca init --force --config FILE)",
			"reason", "ca_expired", "service", svc.ID, "problem", why, "client", r.RemoteAddr, "not_logged_since", n)
	}
	x := &Exchange{RequestID: newRequestID(), Service: svc, Request: r, Start: time.Now()}
	s.refuseRecovered(r.Context(), x, "ca_expired", strings.TrimPrefix(caExpiredDE, "schleuse: "), strings.TrimPrefix(caExpiredEN, "schleuse: "))
	return x.RequestID
}

// tooManyConnections counts a connection refused for
// client.max_connections_per_address and logs it, at most once in ten
// seconds (a client over its bound tries again and again).
func (s *Server) tooManyConnections(client netip.Addr) {
	if s.metrics != nil {
		s.metrics.ConnectBlocked(context.Background(), "connections")
	}
	now := time.Now().Unix()
	if last := s.lastRefusal.Load(); now-last >= 10 && s.lastRefusal.CompareAndSwap(last, now) {
		s.log.Warn("Verbindung abgewiesen: zu viele offene Verbindungen von einer Client-Adresse (client.max_connections_per_address) / connection refused: too many open connections from one client address",
			"client", client.String(), "max_connections_per_address", s.live().cfg.Client.MaxConnectionsPerAddress)
	}
}

// isSelf reports whether hostport names one of our own listeners.
func (s *Server) isSelf(hostport string) bool {
	host, port, err := net.SplitHostPort(hostport)
	if err != nil {
		return false
	}
	s.mu.Lock()
	self := s.selfAddr
	s.mu.Unlock()
	for _, a := range self {
		sh, sp, _ := net.SplitHostPort(a)
		if sp != port {
			continue
		}
		if strings.EqualFold(host, sh) || strings.EqualFold(host, "localhost") {
			return true
		}
		if ip, err := netip.ParseAddr(host); err == nil {
			sip, _ := netip.ParseAddr(sh)
			if ip == sip || ip.IsLoopback() || ip.IsUnspecified() || sip.IsUnspecified() && isLocalAddr(ip) {
				return true
			}
		}
	}
	return false
}

// interfaceAddrs lists the host's addresses (a variable for the test).
var interfaceAddrs = net.InterfaceAddrs

// isLocalAddr reports whether ip is an address of this host. The list of
// interfaces comes over a netlink socket, which deploy/schleuse.service
// forbids (RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX); without it,
// the route to ip says the same: a UDP socket connected to ip (nothing is
// sent) gets ip itself as its source address only when ip is this host's.
// Binding would not do: with net.ipv4.ip_nonlocal_bind (keepalived, HA
// pairs) any address binds, and every literal address at the proxy's
// ports was refused. Before, the lookup failed under the unit, and with
// listen on all interfaces the proxy's own LAN address at its ports was
// not refused.
func isLocalAddr(ip netip.Addr) bool {
	ip = ip.Unmap()
	addrs, err := interfaceAddrs()
	if err != nil {
		c, err := net.DialUDP("udp", nil, net.UDPAddrFromAddrPort(netip.AddrPortFrom(ip, 9)))
		if err != nil {
			return false
		}
		defer c.Close()
		src, ok := c.LocalAddr().(*net.UDPAddr)
		return ok && src.AddrPort().Addr().Unmap() == ip
	}
	for _, a := range addrs {
		if p, err := netip.ParsePrefix(a.String()); err == nil && p.Addr() == ip {
			return true
		}
	}
	return false
}

// Start listens on both addresses and serves until Shutdown.
func (s *Server) Start() error {
	pl, al, err := Listen(s.cfg)
	if err != nil {
		return err
	}
	s.Serve(pl, al)
	return nil
}

// Listen opens the proxy's and the admin's listener of cfg (listen,
// admin.listen), for Serve; run opens them before it writes the state
// directory, so that a port in use stops a first start before a CA is made.
// An error names the key and says what to do about the usual causes.
func Listen(cfg *config.Config) (proxyLn, adminLn net.Listener, err error) {
	pl, err := listen("listen", cfg.Listen)
	if err != nil {
		return nil, nil, err
	}
	al, err := listen("admin.listen", cfg.Admin.Listen)
	if err != nil {
		pl.Close()
		return nil, nil, err
	}
	return pl, al, nil
}

func listen(key, addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, listenError(key, addr, err)
	}
	return ln, nil
}

// CheckListen tells whether run can listen where cfg says as far as the
// address goes, for config check (the unit's ExecStartPre and
// ExecReload): it listens on each host of listen and admin.listen on a
// free port, not on the port itself, which the running proxy holds.
// Before, an address this host does not have (a typo, another server's)
// passed config check and systemctl reload and stopped the next start.
func CheckListen(cfg *config.Config) []error {
	var errs []error
	for _, l := range []struct{ key, addr string }{{"listen", cfg.Listen}, {"admin.listen", cfg.Admin.Listen}} {
		host, _, err := net.SplitHostPort(l.addr)
		if err != nil {
			continue // not host:port: Validate says so
		}
		ln, err := net.Listen("tcp", net.JoinHostPort(host, "0"))
		if err != nil {
			if oe := (*net.OpError)(nil); errors.As(err, &oe) {
				oe.Addr = nil // the free port, 0, is not the configured one
			}
			errs = append(errs, listenError(l.key, l.addr, err))
			continue
		}
		ln.Close()
	}
	return errs
}

// listenError is err of listening on addr (the value of key), with what
// to do about the usual causes, German first.
func listenError(key, addr string, err error) error {
	_, port, _ := net.SplitHostPort(addr)
	var dnsErr *net.DNSError
	switch {
	case errors.Is(err, syscall.EADDRINUSE):
		return fmt.Errorf("%s %s: der Port ist schon belegt, von einem anderen Programm oder einem schon laufenden schleuse (`ss -ltnp 'sport = :%s'` nennt es): das Programm beenden oder bei %s einen anderen Port eintragen / "+
			"the port is in use by another program (a schleuse already running? `ss -ltnp 'sport = :%s'` names it): stop it or give %s another port: %w", key, addr, port, key, port, key, err)
	case errors.Is(err, syscall.EACCES):
		return fmt.Errorf("%s %s: ein Port unter 1024 braucht CAP_NET_BIND_SERVICE (die zwei auskommentierten Zeilen in deploy/schleuse.service), oder bei %s einen Port ab 1024 eintragen / "+
			"a port below 1024 needs CAP_NET_BIND_SERVICE (the two commented lines of deploy/schleuse.service), or give %s a port from 1024: %w", key, addr, key, key, err)
	case errors.Is(err, syscall.EADDRNOTAVAIL):
		return fmt.Errorf("%s %s: diese Adresse hat der Rechner nicht (`ip -br addr` listet seine Adressen; 0.0.0.0 steht für alle) / "+
			"this host has no such address (`ip -br addr` lists its addresses; 0.0.0.0 is all of them): %w", key, addr, err)
	case errors.As(err, &dnsErr):
		return fmt.Errorf("%s %s: der Rechnername lässt sich nicht auflösen: eine IP-Adresse dieses Rechners eintragen (`ip -br addr` listet sie; 0.0.0.0 steht für alle) / "+
			"the host name does not resolve: give an address of this host (`ip -br addr` lists them; 0.0.0.0 is all of them): %w", key, addr, err)
	}
	return fmt.Errorf("%s %s: %w", key, addr, err)
}

// Serve serves on the given listeners (tests pass ":0" listeners).
func (s *Server) Serve(proxyLn, adminLn net.Listener) {
	s.mu.Lock()
	s.proxyLn, s.adminLn = proxyLn, adminLn
	s.selfAddr = []string{proxyLn.Addr().String(), adminLn.Addr().String()}
	s.proxySrv = &http.Server{
		Handler: s,
		ConnContext: func(ctx context.Context, _ net.Conn) context.Context {
			return context.WithValue(ctx, connLoginKey{}, &connLogin{})
		},
		ReadHeaderTimeout: 30 * time.Second,
		IdleTimeout:       5 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          ServerErrorLog(s.log, slog.LevelDebug),
	}
	// The admin listener is reachable from the LAN when IT opens it: no
	// endless idle connections, bodies or heads (it serves forms only).
	s.adminSrv = &http.Server{
		Handler:           s.adminHandler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          ServerErrorLog(s.log, slog.LevelDebug),
	}
	s.mu.Unlock()
	limited := newAddrLimitListener(proxyLn, func() int { return s.live().cfg.Client.MaxConnectionsPerAddress }, s.tooManyConnections)
	// Outermost, so that a hijacked connection is the trackedConn.
	go s.serve("proxy", s.proxySrv, trackedListener{Listener: limited, t: &s.conns})
	go s.serve("admin", s.adminSrv, adminLn)
}

// serve runs srv on ln until Shutdown. A listener that fails otherwise
// (accept errors other than temporary ones) is logged; a failed proxy
// listener also makes /readyz answer 503, so that a load balancer stops
// sending clients to a proxy that no longer accepts them.
func (s *Server) serve(name string, srv *http.Server, ln net.Listener) {
	err := srv.Serve(ln)
	if err == nil || errors.Is(err, http.ErrServerClosed) {
		return
	}
	err = fmt.Errorf("%s listener %s stopped: %w", name, ln.Addr(), err)
	// Logged first: once /readyz says it, the log says why.
	s.log.Error("Port nimmt keine Verbindungen mehr an (listener: proxy oder admin, Grund unter error): den Dienst neu starten / listener stopped: no new connections are accepted", "listener", name, "error", err.Error())
	if name == "proxy" {
		s.stopped.Store(&err)
	}
}

// ProxyAddr and AdminAddr are the bound addresses.
// ParentProxy is the parent proxy every upstream connection goes through
// (upstream.proxy as host:port, as the server started), "" when it dials
// directly.
func (s *Server) ParentProxy() string { return s.dial.parent }

// ParentUser is the user of the login at the parent proxy as the server
// started ("" without one); its password is never given out.
func (s *Server) ParentUser() string {
	if s.dial.login == nil {
		return ""
	}
	return s.dial.login.Username()
}

func (s *Server) ProxyAddr() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.proxyLn.Addr().String()
}
func (s *Server) AdminAddr() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.adminLn.Addr().String()
}

// ShutdownError is Shutdown's error when ctx ended before the requests in
// flight were answered: they were cut off, and with them every connection
// still open.
type ShutdownError struct {
	Requests int // inspected requests still in flight
	Closed   ClosedConns
	Err      error // ctx.Err()
}

func (e *ShutdownError) Error() string {
	return fmt.Sprintf("shutdown: %d requests still in flight cut off, closed %s: %v", e.Requests, e.Closed, e.Err)
}

func (e *ShutdownError) Unwrap() error { return e.Err }

// Shutdown stops accepting, drains in-flight requests until ctx ends, then
// closes every connection still open: those http.Server serves, and the
// hijacked ones it does not track — interceptions (idle ones between
// requests too), their WebSockets and blind tunnels, none of which ends by
// itself. It logs how many it closed; when ctx ended first, the
// *ShutdownError says how many requests and connections were cut off.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	ps, as := s.proxySrv, s.adminSrv
	s.mu.Unlock()
	if ps == nil {
		return nil
	}
	s.draining.Store(true)
	err := ps.Shutdown(ctx)
	// Requests inside interceptions run on hijacked connections that
	// http.Server does not track: wait for them too, bounded by ctx.
	for err == nil && s.inflight.Load() > 0 {
		select {
		case <-ctx.Done():
			err = ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
	requests := s.inflight.Load()
	if err != nil {
		ps.Close()
	}
	closed := s.conns.closeAll()
	if f, ok := s.insp.(heldFlusher); ok {
		// After the last request, before run closes the audit log.
		f.FlushHeld()
	}
	as.Close()
	s.tr.CloseIdleConnections()
	if err != nil {
		return &ShutdownError{Requests: int(requests), Closed: closed, Err: err}
	}
	if closed.total() > 0 {
		s.log.Info("Beenden: die noch offenen Verbindungen geschlossen (ihre Zahl je Art) / shutdown: closed the connections still open", "intercepted", closed.Intercepted, "websockets", closed.WebSockets, "tunnels", closed.Tunnels)
	}
	return nil
}

// The answer to a CONNECT to an inspected service while the interception
// CA is expired (Server.ServeHTTP).
const (
	caExpiredDE = "schleuse: KI-Dienste sind gesperrt, weil das Zertifikat der Prüfstelle (Interception-CA) abgelaufen (oder noch nicht gültig) ist. Bitte wenden Sie sich an die IT; andere Seiten sind nicht betroffen."
	caExpiredEN = "schleuse: AI services are refused because the interception CA has expired; other sites are not affected"
)

// textResponse is a plain-text answer with the German message first.
func textResponse(r *http.Request, status int, de, en string) *http.Response {
	resp := goproxy.NewResponse(r, "text/plain; charset=utf-8", status, de+"\n\n"+en+"\n")
	resp.Header.Set("Cache-Control", "no-store")
	return resp
}

func plainError(w http.ResponseWriter, status int, de, en string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	io.WriteString(w, de+"\n\n"+en+"\n")
}

func answerResponse(r *http.Request, x *Exchange, a *Answer) *http.Response {
	resp := &http.Response{
		Request: r, StatusCode: a.Status, Status: strconv.Itoa(a.Status) + " " + http.StatusText(a.Status),
		Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header:        a.Header.Clone(),
		Body:          io.NopCloser(bytes.NewReader(a.Body)),
		ContentLength: int64(len(a.Body)),
	}
	if resp.Header == nil {
		resp.Header = make(http.Header)
	}
	resp.Header.Set("Content-Length", strconv.Itoa(len(a.Body)))
	resp.Header.Set("X-Schleuse-Request-Id", x.RequestID)
	resp.Header.Set("Cache-Control", "no-store")
	return resp
}

// newRequestID returns 24 hex digits: 12 of the time in milliseconds since
// 1970, 12 random. Ids sort by time (as UUIDv7s do), so the audit store's
// request-id index grows at its end; with random ids every record read and
// rewrote a random page of that index once the index outgrew SQLite's page
// cache, which halved the audit writer's rate at 200 000 records
// (docs/benchmarks.md, "Audit"). 48 random bits keep the ids of one
// millisecond apart.
func newRequestID() string {
	var b [12]byte
	ms := uint64(time.Now().UnixMilli())
	for i := 5; i >= 0; i-- {
		b[i], ms = byte(ms), ms>>8
	}
	_, _ = rand.Read(b[6:])
	return hex.EncodeToString(b[:])
}

func remoteAddr(s string) netip.Addr {
	ap, err := netip.ParseAddrPort(s)
	if err != nil {
		return netip.Addr{}
	}
	return ap.Addr().Unmap()
}

func portOf(hostport string, def int) int {
	_, p, err := net.SplitHostPort(hostport)
	if err != nil {
		return def
	}
	n, err := strconv.Atoi(p)
	if err != nil {
		return -1
	}
	return n
}

// slogPrintf adapts goproxy's Printf logger to slog at debug level. Its
// arguments are reduced to what cannot carry request text: numbers (the
// session) and host names stay, anything else (errors, URLs, paths) shows
// only its type. goproxy writes the error of a request head it cannot
// parse, and net/http quotes the offending line in it (`malformed HTTP
// version "Kanarienvogel DE89… HTTP/1.1"`, a header line without a colon):
// a prompt typed into a URL or a header would stand in the log.
type slogPrintf struct{ l *slog.Logger }

func (p slogPrintf) Printf(format string, v ...any) {
	if !p.l.Enabled(context.Background(), slog.LevelDebug) {
		return
	}
	args := make([]any, len(v))
	for i, a := range v {
		args[i] = logSafeArg(a)
	}
	msg := "Meldung der Proxy-Bibliothek goproxy (unter detail, ohne Inhalte) / goproxy"
	if strings.Contains(format, "Cannot handshake client") {
		// The line of a TLS error with a browser or program: most often
		// one that does not trust the interception CA (yet).
		msg = "TLS-Handshake mit dem Client gescheitert: vertraut er der Interception-CA (ca_cert der Startzeile; docs/operations.md, Abschnitt 7)? / goproxy: cannot handshake client"
	}
	p.l.Debug(msg, "detail", strings.TrimSpace(fmt.Sprintf(format, args...)))
}

// logSafeArg returns a, when it is a number or a host name (with a port),
// or else a's type only.
func logSafeArg(a any) any {
	switch x := a.(type) {
	case int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
		return x
	case string:
		if hostName(x) {
			return x
		}
	}
	return fmt.Sprintf("(%T, details withheld)", a)
}

// hostName reports whether s looks like a host name or address with an
// optional port: letters, digits, ".", "-", ":", "[", "]", at most 262 bytes.
func hostName(s string) bool {
	if s == "" || len(s) > 262 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == ':' || c == '[' || c == ']') {
			return false
		}
	}
	return true
}
