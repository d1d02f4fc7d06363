// Package mailserver starts real mail servers for tests: Debian's Postfix taking SMTP
// (with AUTH through Dovecot's SASL) on a high port of 127.0.0.1 and delivering every
// message, whatever its recipient, into one Maildir, and Dovecot serving that Maildir
// over IMAP on another high port of 127.0.0.1. Besides the plain ports they offer
// encrypted ones with a certificate from a throwaway CA (CAFile): SMTP with STARTTLS
// required, SMTP over implicit TLS (the "465" kind) and IMAPS. Both run from a temporary directory of
// their own (configuration, queue, logs, mail) and are stopped when the test ends.
// Postfix refuses envelope addresses without angle brackets (strict_rfc821_envelopes),
// as strict providers do.
// A test that needs them fails, never skips, when they are not installed: .ci/run
// installs postfix and dovecot-imapd. The servers run as root (they drop privileges
// themselves), so the tests that use them run as root, as .ci/run does.
package mailserver

import (
	"bufio"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Servers is one running Postfix + Dovecot pair.
type Servers struct {
	Dir      string // everything of theirs lives here
	Maildir  string // where Postfix delivers and Dovecot reads
	SMTPPort int    // plain SMTP, no TLS offered
	IMAPPort int    // plain IMAP
	// STARTTLSPort takes SMTP that must upgrade with STARTTLS before anything else;
	// SMTPSPort takes SMTP inside TLS from the first byte; IMAPSPort is IMAP inside
	// TLS. Their certificate is for 127.0.0.1 and localhost, signed by CAFile.
	STARTTLSPort int
	SMTPSPort    int
	IMAPSPort    int
	CAFile       string
	certFile     string
	keyFile      string
	User         string // the one login, for SMTP AUTH and IMAP
	Password     string
	postfix      string // config directory
	dovecot      *exec.Cmd
}

// SMTPAddr and IMAPAddr are host:port on 127.0.0.1.
func (s *Servers) SMTPAddr() string { return fmt.Sprintf("127.0.0.1:%d", s.SMTPPort) }
func (s *Servers) IMAPAddr() string { return fmt.Sprintf("127.0.0.1:%d", s.IMAPPort) }

// IMAPSAddr is the IMAPS listener's host:port on 127.0.0.1.
func (s *Servers) IMAPSAddr() string { return fmt.Sprintf("127.0.0.1:%d", s.IMAPSPort) }

// Start starts both servers and registers their stop with t.Cleanup.
func Start(t testing.TB) *Servers {
	t.Helper()
	s, err := start(t.TempDir())
	if s != nil {
		t.Cleanup(s.Stop)
	}
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// StartIn starts both servers in dir, for a benchmark script or the CI: the caller
// calls Stop.
func StartIn(dir string) (*Servers, error) {
	s, err := start(dir)
	if err != nil && s != nil {
		s.Stop()
	}
	return s, err
}

func start(dir string) (*Servers, error) {
	for _, bin := range []string{"/usr/sbin/postfix", "/usr/sbin/dovecot"} {
		if _, err := os.Stat(bin); err != nil {
			return nil, fmt.Errorf("%s is missing: install Debian's postfix and dovecot-imapd (.ci/run does)", bin)
		}
	}
	if os.Geteuid() != 0 {
		return nil, fmt.Errorf("the mail servers are started as root (they drop privileges themselves); run the tests as root, as .ci/run does")
	}
	ports, err := freePorts(5)
	if err != nil {
		return nil, err
	}
	s := &Servers{Dir: dir, Maildir: filepath.Join(dir, "mail", "office"), SMTPPort: ports[0], IMAPPort: ports[1],
		STARTTLSPort: ports[2], SMTPSPort: ports[3], IMAPSPort: ports[4],
		User: "office", Password: "test-password-1"}
	// The daemons drop to postfix, dovecot and nobody: they must reach their files.
	// Only folders under the temp directory are opened up, never a home directory.
	tmp := filepath.Clean(os.TempDir())
	if abs, err := filepath.Abs(dir); err != nil || !strings.HasPrefix(abs, tmp+string(filepath.Separator)) {
		return nil, fmt.Errorf("the servers' directory %s must lie under %s", dir, tmp)
	} else {
		dir = abs
	}
	for d := dir; d != tmp && d != "/" && d != "."; d = filepath.Dir(d) {
		if info, err := os.Stat(d); err == nil && info.Mode().Perm()&0o005 != 0o005 {
			if err := os.Chmod(d, info.Mode().Perm()|0o755); err != nil {
				return nil, err
			}
		}
	}
	for _, d := range []string{"postfix", "queue", "data", "dovecot/run", "dovecot/state", "mail"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			return nil, err
		}
	}
	if err := os.Chown(filepath.Join(dir, "data"), uidOf("postfix"), -1); err != nil {
		return nil, err
	}
	if err := os.Chown(filepath.Join(dir, "mail"), 65534, 65534); err != nil {
		return nil, err
	}
	if s.CAFile, s.certFile, s.keyFile, err = writeCerts(dir); err != nil {
		return nil, err
	}
	if err := s.startDovecot(); err != nil {
		return s, err
	}
	if err := s.startPostfix(); err != nil {
		return s, err
	}
	return s, nil
}

func (s *Servers) startDovecot() error {
	conf := filepath.Join(s.Dir, "dovecot.conf")
	text := fmt.Sprintf(`base_dir = %[1]s/dovecot/run
state_dir = %[1]s/dovecot/state
instance_name = tenglong-test-%[2]d
log_path = %[1]s/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = yes
ssl_cert = <%[6]s
ssl_key = <%[7]s
ssl_min_protocol = TLSv1.2
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:%[3]s
first_valid_uid = 100
default_login_user = dovenull
default_internal_user = dovecot
passdb {
  driver = static
  args = user=%[4]s password=%[5]s
}
userdb {
  driver = static
  args = uid=65534 gid=65534 home=%[1]s/mail
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = %[2]d
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = %[8]d
    ssl = yes
  }
}
service auth {
  unix_listener auth-postfix {
    mode = 0666
  }
}
`, s.Dir, s.IMAPPort, s.Maildir, s.User, s.Password, s.certFile, s.keyFile, s.IMAPSPort)
	if err := os.WriteFile(conf, []byte(text), 0o644); err != nil {
		return err
	}
	cmd := exec.Command("/usr/sbin/dovecot", "-F", "-c", conf)
	log, err := os.Create(filepath.Join(s.Dir, "dovecot.out"))
	if err != nil {
		return err
	}
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("dovecot: %v", err)
	}
	s.dovecot = cmd
	if err := waitPort(s.IMAPAddr(), "* OK", filepath.Join(s.Dir, "dovecot.log")); err != nil {
		return err
	}
	return waitTLSPort(s.IMAPSAddr(), "* OK", s.CAFile, filepath.Join(s.Dir, "dovecot.log"))
}

func (s *Servers) startPostfix() error {
	s.postfix = filepath.Join(s.Dir, "postfix")
	main := fmt.Sprintf(`compatibility_level = 3.6
queue_directory = %[1]s/queue
data_directory = %[1]s/data
command_directory = /usr/sbin
daemon_directory = /usr/lib/postfix/sbin
shlib_directory = /usr/lib/postfix
mail_owner = postfix
setgid_group = postdrop
maillog_file = %[1]s/postfix.log
maillog_file_prefixes = %[1]s
myhostname = localhost
mydomain = localdomain
mydestination =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
smtputf8_enable = yes
# Refuse MAIL FROM/RCPT TO without <…>, as strict providers do (RFC 5321).
strict_rfc821_envelopes = yes
biff = no
alias_maps =
alias_database =
relay_domains =
local_transport = error:no local delivery
virtual_mailbox_domains = static:all
virtual_mailbox_base = %[1]s/mail
virtual_mailbox_maps = static:office/
virtual_uid_maps = static:65534
virtual_gid_maps = static:65534
smtpd_sasl_auth_enable = yes
smtpd_sasl_type = dovecot
smtpd_sasl_path = %[1]s/dovecot/run/auth-postfix
smtpd_relay_restrictions = permit_sasl_authenticated, permit_mynetworks, reject_unauth_destination
smtpd_client_connection_count_limit = 0
smtpd_client_message_rate_limit = 0
smtpd_error_sleep_time = 0
in_flow_delay = 0
message_size_limit = 52428800
virtual_mailbox_limit = 0
smtpd_tls_cert_file = %[2]s
smtpd_tls_key_file = %[3]s
smtpd_tls_security_level = none
smtpd_tls_mandatory_protocols = >=TLSv1.2
`, s.Dir, s.certFile, s.keyFile)
	// The plain port offers no STARTTLS, so that clients which upgrade whenever they
	// can (net/smtp) still talk plain to it; the encrypted ports are separate.
	master := fmt.Sprintf(`127.0.0.1:%[1]d inet n - n - - smtpd
127.0.0.1:%[2]d inet n - n - - smtpd
  -o smtpd_tls_security_level=encrypt
127.0.0.1:%[3]d inet n - n - - smtpd
  -o smtpd_tls_wrappermode=yes
  -o smtpd_tls_security_level=encrypt
tlsmgr    unix  -       -       n       1000?   1       tlsmgr
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
proxywrite unix -       -       n       -       1       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
local     unix  -       n       n       -       -       local
virtual   unix  -       n       n       -       -       virtual
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
`, s.SMTPPort, s.STARTTLSPort, s.SMTPSPort)
	if err := os.WriteFile(filepath.Join(s.postfix, "main.cf"), []byte(main), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(s.postfix, "master.cf"), []byte(master), 0o644); err != nil {
		return err
	}
	out, err := exec.Command("/usr/sbin/postfix", "-c", s.postfix, "start").CombinedOutput()
	if err != nil {
		log, _ := os.ReadFile(filepath.Join(s.Dir, "postfix.log"))
		return fmt.Errorf("postfix start: %v\n%s%s", err, out, log)
	}
	for _, p := range []int{s.SMTPPort, s.STARTTLSPort} {
		if err := waitPort(fmt.Sprintf("127.0.0.1:%d", p), "220", filepath.Join(s.Dir, "postfix.log")); err != nil {
			return err
		}
	}
	return waitTLSPort(fmt.Sprintf("127.0.0.1:%d", s.SMTPSPort), "220", s.CAFile, filepath.Join(s.Dir, "postfix.log"))
}

// Stop stops both servers; safe to call twice.
func (s *Servers) Stop() {
	if s.postfix != "" {
		exec.Command("/usr/sbin/postfix", "-c", s.postfix, "stop").Run()
		// postfix stop returns before every daemon is gone; the master's pid file
		// tells when it has.
		pidFile := filepath.Join(s.Dir, "queue", "pid", "master.pid")
		for i := 0; i < 100; i++ {
			if _, err := os.Stat(pidFile); err != nil {
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
		s.postfix = ""
	}
	if s.dovecot != nil {
		s.dovecot.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { s.dovecot.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			s.dovecot.Process.Kill()
			<-done
		}
		s.dovecot = nil
	}
}

// Messages lists the files delivered into the Maildir (new and cur).
func (s *Servers) Messages() []string {
	var out []string
	for _, sub := range []string{"new", "cur"} {
		m, _ := filepath.Glob(filepath.Join(s.Maildir, sub, "*"))
		out = append(out, m...)
	}
	return out
}

// WaitMessages waits until the Maildir holds at least n messages, or timeout passes;
// Postfix delivers after it has answered the client.
func (s *Servers) WaitMessages(n int, timeout time.Duration) []string {
	deadline := time.Now().Add(timeout)
	for {
		m := s.Messages()
		if len(m) >= n || time.Now().After(deadline) {
			return m
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// freePorts picks n free TCP ports on 127.0.0.1.
func freePorts(n int) ([]int, error) {
	var ports []int
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			l.Close()
		}
	}()
	for i := 0; i < n; i++ {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

// waitPort waits for a greeting starting with want; on failure the error carries
// the server's log.
func waitPort(addr, want, log string) error {
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			c.SetDeadline(time.Now().Add(2 * time.Second))
			line, _ := bufio.NewReader(c).ReadString('\n')
			c.Close()
			if strings.HasPrefix(line, want) {
				return nil
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	data, _ := os.ReadFile(log)
	return fmt.Errorf("no server answered on %s: %s", addr, data)
}

// waitTLSPort is waitPort for a port speaking TLS from the first byte, trusting
// only the test CA: it also proves the certificate is what clients will see.
func waitTLSPort(addr, want, caFile, log string) error {
	pem, err := os.ReadFile(caFile)
	if err != nil {
		return err
	}
	roots := x509.NewCertPool()
	roots.AppendCertsFromPEM(pem)
	var last error
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		d := &net.Dialer{Timeout: time.Second}
		c, err := tls.DialWithDialer(d, "tcp", addr, &tls.Config{RootCAs: roots, ServerName: "127.0.0.1"})
		if err == nil {
			c.SetDeadline(time.Now().Add(2 * time.Second))
			line, _ := bufio.NewReader(c).ReadString('\n')
			c.Close()
			if strings.HasPrefix(line, want) {
				return nil
			}
			err = fmt.Errorf("greeting %q", line)
		}
		last = err
		time.Sleep(100 * time.Millisecond)
	}
	data, _ := os.ReadFile(log)
	return fmt.Errorf("no TLS server answered on %s (%v): %s", addr, last, data)
}

func uidOf(name string) int {
	data, err := os.ReadFile("/etc/passwd")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Split(line, ":")
		if len(f) > 2 && f[0] == name {
			var uid int
			fmt.Sscan(f[2], &uid)
			return uid
		}
	}
	return 0
}
