package proxy

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"syscall"
	"time"

	"github.com/schleuse/schleuse/config"
)

// InstanceHeader is the header with which the proxy port's answer to a
// direct request and the admin port's /healthz name the running schleuse:
// InstanceID of its state_dir (a hash, not the path). config check tells
// by it the running service of a configuration from another program on
// its ports.
const InstanceHeader = "Schleuse-Instance"

// InstanceID is what InstanceHeader says for a proxy with state_dir dir:
// one state_dir has one running schleuse (audit.lock).
func InstanceID(dir string) string {
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	sum := sha256.Sum256([]byte("schleuse instance\x00" + filepath.Clean(dir)))
	return hex.EncodeToString(sum[:12])
}

// portProbeTimeout bounds each look at a held port (a variable for tests).
var portProbeTimeout = 2 * time.Second

// CheckPorts tells, for config check (the unit's ExecStartPre and
// ExecReload), whether run could listen on the ports of listen and
// admin.listen. A free port says nothing. A port the running schleuse of
// this configuration holds (it answers there with InstanceID of
// cfg.StateDir) is information, German first, not an error: systemctl
// reload checks the file beside the running service. A port anything else
// holds, another schleuse too, is an error that says what to do. Before,
// config check did not look at the ports (CheckListen listens on a free
// one), and the next start failed on a port another program held.
func CheckPorts(cfg *config.Config) (held []string, errs []error) {
	want := InstanceID(cfg.StateDir)
	for _, l := range []struct{ key, addr string }{{"listen", cfg.Listen}, {"admin.listen", cfg.Admin.Listen}} {
		if _, _, err := net.SplitHostPort(l.addr); err != nil {
			continue // Validate says so
		}
		ln, err := net.Listen("tcp", l.addr)
		if err == nil {
			ln.Close()
			continue
		}
		if !errors.Is(err, syscall.EADDRINUSE) {
			continue // CheckListen names an address this host lacks; a port below 1024 is the unit's
		}
		_, port, _ := net.SplitHostPort(l.addr)
		switch id := probeInstance(l.addr, l.key == "admin.listen"); {
		case id == want:
			held = append(held, fmt.Sprintf("%s %s: belegt vom laufenden schleuse-Dienst dieser Konfiguration (state_dir %s) — in Ordnung / held by the running schleuse service of this configuration", l.key, l.addr, cfg.StateDir))
		case id != "":
			errs = append(errs, fmt.Errorf("%s %s: der Port ist von einem anderen schleuse belegt, der mit einem anderen state_dir läuft (`ss -ltnp 'sport = :%s'` nennt seinen Prozess): diesen beenden oder bei %s einen anderen Port eintragen / "+
				"the port is held by another schleuse, running with another state_dir: stop it or give %s another port", l.key, l.addr, port, l.key, l.key))
		default:
			errs = append(errs, fmt.Errorf("%s %s: der Port ist von einem anderen Programm belegt, schleuse könnte dort nicht starten (`ss -ltnp 'sport = :%s'` nennt es): das Programm beenden oder bei %s einen anderen Port eintragen / "+
				"the port is held by another program, schleuse could not start there (`ss -ltnp 'sport = :%s'` names it): stop it or give %s another port", l.key, l.addr, port, l.key, port, l.key))
		}
	}
	return held, errs
}

// probeInstance is what the server on addr says in InstanceHeader to a
// direct request (the admin port's /healthz, the proxy port's answer to a
// request that is no proxy request), or "" for one that does not answer
// so in portProbeTimeout. An address on all interfaces is asked on
// loopback.
func probeInstance(addr string, admin bool) string {
	host, port, _ := net.SplitHostPort(addr)
	if ip := net.ParseIP(host); host == "" || ip != nil && ip.IsUnspecified() {
		host = "127.0.0.1"
		if ip != nil && ip.To4() == nil {
			host = "::1"
		}
	}
	path := "/"
	if admin {
		path = "/healthz"
	}
	c := &http.Client{Timeout: portProbeTimeout, Transport: &http.Transport{Proxy: nil, DisableKeepAlives: true},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Get("http://" + net.JoinHostPort(host, port) + path)
	if err != nil {
		return ""
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 4<<10))
	resp.Body.Close()
	return resp.Header.Get(InstanceHeader)
}
