package e2e_test

import (
	"io"
	"net"
	"net/url"
	"sync"
	"testing"
)

// tcpProxy stands between the system and PostgreSQL, so a test can take
// the database away and give it back: cut closes every connection and
// refuses new ones, as a database that went down would.
type tcpProxy struct {
	t      testing.TB
	addr   string // where the system dials
	target string
	mu     sync.Mutex
	ln     net.Listener
	conns  []net.Conn
}

// proxyDatabase points a database URL at a proxy of its server.
func proxyDatabase(t testing.TB, dbURL string) (*tcpProxy, string) {
	t.Helper()
	u, err := url.Parse(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	p := &tcpProxy{t: t, target: u.Host}
	p.listen("127.0.0.1:0")
	t.Cleanup(p.cut)
	u.Host = p.addr
	return p, u.String()
}

func (p *tcpProxy) listen(addr string) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		p.t.Fatal(err)
	}
	p.mu.Lock()
	p.ln, p.addr = ln, ln.Addr().String()
	p.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go p.pipe(c)
		}
	}()
}

func (p *tcpProxy) pipe(client net.Conn) {
	server, err := net.Dial("tcp", p.target)
	if err != nil {
		client.Close()
		return
	}
	p.mu.Lock()
	p.conns = append(p.conns, client, server)
	p.mu.Unlock()
	go func() { _, _ = io.Copy(server, client); server.Close() }()
	_, _ = io.Copy(client, server)
	client.Close()
}

// cut takes the database away: connections drop, new ones are refused.
func (p *tcpProxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

// restore gives the database back at the same address.
func (p *tcpProxy) restore() { p.listen(p.addr) }
