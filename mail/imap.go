package mail

import (
	"bufio"
	"bytes"
	"crypto/tls"
	"fmt"
	"io"
	"log"
	"net"
	"sort"
	"time"

	"github.com/emersion/go-imap"
	"github.com/emersion/go-imap/client"
)

// Mailbox is an IMAP mailbox opened read-only (EXAMINE): fetch never changes what
// the office sees in its own mail client, not even the unread flags.
type Mailbox struct {
	c           *client.Client
	Name        string
	UIDValidity uint32
}

// Fetched is one message as the server holds it.
type Fetched struct {
	UID          uint32
	InternalDate time.Time // when the server received it: the return's received time
	Raw          []byte
}

// OpenMailbox connects, logs in and examines the mailbox.
func OpenMailbox(srv Server, name string) (*Mailbox, error) {
	c, err := dialIMAP(srv)
	if err != nil {
		return nil, &Error{Op: "connect", Err: err}
	}
	tlsConfig := &tls.Config{ServerName: srv.Host, MinVersion: tls.VersionTLS12}
	c.Timeout = srv.timeout()
	// go-imap logs a broken connection in English on stderr ("imap/client: error
	// reading response: … i/o timeout"); the error the command returns is explained
	// in Chinese by Explain instead.
	c.ErrorLog = log.New(io.Discard, "", 0)
	if srv.TLS == "starttls" {
		if err := c.StartTLS(tlsConfig); err != nil {
			c.Terminate()
			return nil, &Error{Op: "connect", Err: err}
		}
	}
	if srv.Username != "" {
		if err := c.Login(srv.Username, srv.Password); err != nil {
			c.Terminate()
			if _, ok := err.(net.Error); ok || err == io.EOF {
				return nil, &Error{Op: "fetch", Err: err}
			}
			return nil, &Error{Op: "login", Err: err}
		}
	}
	status, err := c.Select(name, true)
	if err != nil {
		c.Terminate()
		return nil, &Error{Op: "fetch", Err: fmt.Errorf("mailbox %s: %w", name, err)}
	}
	return &Mailbox{c: c, Name: name, UIDValidity: status.UidValidity}, nil
}

// dialIMAP connects (inside TLS for "tls") and reads the server's greeting itself,
// within the timeout, before go-imap sees the connection: go-imap's own reader would
// print a late or missing greeting to stderr in English. The greeting is handed on
// to go-imap as if it had just arrived.
func dialIMAP(srv Server) (*client.Client, error) {
	dialer := &net.Dialer{Timeout: srv.timeout()}
	var conn net.Conn
	var err error
	if srv.TLS == "tls" {
		conn, err = tls.DialWithDialer(dialer, "tcp", srv.Addr(), &tls.Config{ServerName: srv.Host, MinVersion: tls.VersionTLS12})
	} else {
		conn, err = dialer.Dial("tcp", srv.Addr())
	}
	if err != nil {
		return nil, err
	}
	conn.SetDeadline(time.Now().Add(srv.timeout()))
	r := bufio.NewReader(conn)
	greeting, err := r.ReadBytes('\n')
	if err != nil {
		conn.Close()
		return nil, err
	}
	c, err := client.New(&greeted{Conn: conn, r: io.MultiReader(bytes.NewReader(greeting), r)})
	if err != nil {
		conn.Close()
		return nil, err
	}
	conn.SetDeadline(time.Time{}) // from now on each command sets its own (Client.Timeout)
	return c, nil
}

// greeted is a connection whose first bytes were read already.
type greeted struct {
	net.Conn
	r io.Reader
}

func (g *greeted) Read(p []byte) (int, error) { return g.r.Read(p) }

// UIDsAfter lists the UIDs above uid, ascending.
func (m *Mailbox) UIDsAfter(uid uint32) ([]uint32, error) {
	crit := imap.NewSearchCriteria()
	set := new(imap.SeqSet)
	set.AddRange(uid+1, 0) // uid+1:*
	crit.Uid = set
	uids, err := m.c.UidSearch(crit)
	if err != nil {
		return nil, &Error{Op: "fetch", Err: err}
	}
	var out []uint32
	for _, u := range uids { // "n:*" names the last message even when its UID is below n
		if u > uid {
			out = append(out, u)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out, nil
}

// Fetch fetches the messages with these UIDs, calling each for every one in UID
// order; an error from each stops the fetch.
func (m *Mailbox) Fetch(uids []uint32, each func(Fetched) error) error {
	set := new(imap.SeqSet)
	set.AddNum(uids...)
	section := &imap.BodySectionName{Peek: true}
	items := []imap.FetchItem{imap.FetchUid, imap.FetchInternalDate, section.FetchItem()}
	ch := make(chan *imap.Message, len(uids))
	done := make(chan error, 1)
	go func() { done <- m.c.UidFetch(set, items, ch) }()
	var got []Fetched
	for msg := range ch {
		f := Fetched{UID: msg.Uid, InternalDate: msg.InternalDate}
		if body := msg.GetBody(section); body != nil {
			data, err := io.ReadAll(body)
			if err != nil {
				return &Error{Op: "fetch", Err: err}
			}
			f.Raw = data
		}
		got = append(got, f)
	}
	if err := <-done; err != nil {
		return &Error{Op: "fetch", Err: err}
	}
	sort.Slice(got, func(i, j int) bool { return got[i].UID < got[j].UID })
	for _, f := range got {
		if err := each(f); err != nil {
			return err
		}
	}
	return nil
}

// Close logs out.
func (m *Mailbox) Close() {
	if m.c != nil {
		m.c.Logout()
		m.c.Terminate()
	}
}
