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
// installs postfix and dovecot-imapd.
//
// As root (the CI) both run as Debian runs them: they start as root and drop to the
// postfix, dovecot and nobody users. As an ordinary user (a developer's `make test`)
// Dovecot runs as that user (its internal and login users are the user itself) and
// Postfix's master runs inside a user namespace (`unshare --map-auto
// --map-root-user`, from Debian's uidmap package, with the user's /etc/subuid range):
// there the user is root, which Postfix's master insists on, and the postfix user
// exists, which the master switches to for its lock and sockets; every Postfix
// service runs as the namespace's root, i.e. as the user, so the mail it delivers and
// the files it leaves are the user's. The network is the host's: the ports are the
// same 127.0.0.1 ports either way. See docs/testing.md.
package mailserver

import (
	"bufio"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
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
	master       *exec.Cmd // Postfix's master in a user namespace (not root)
	root         bool
}

// SMTPAddr and IMAPAddr are host:port on 127.0.0.1.
func (s *Servers) SMTPAddr() string { return fmt.Sprintf("127.0.0.1:%d", s.SMTPPort) }
func (s *Servers) IMAPAddr() string { return fmt.Sprintf("127.0.0.1:%d", s.IMAPPort) }

// IMAPSAddr is the IMAPS listener's host:port on 127.0.0.1.
func (s *Servers) IMAPSAddr() string { return fmt.Sprintf("127.0.0.1:%d", s.IMAPSPort) }

// Start starts both servers and registers their stop with t.Cleanup.
func Start(t testing.TB) *Servers {
	t.Helper()
	s, err := startRetrying(func(int) string { return t.TempDir() })
	if s != nil {
		t.Cleanup(s.Stop)
	}
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// startRetrying starts the servers, again in a fresh folder when a port picked free
// was taken by someone else before the daemon bound it (freePorts closes its
// listeners before Postfix and Dovecot open theirs: other tests and programs on the
// machine can win that race). Any other failure is final at once.
func startRetrying(dirFor func(attempt int) string) (*Servers, error) {
	for attempt := 0; ; attempt++ {
		s, err := start(dirFor(attempt))
		if err == nil || attempt == 2 || !strings.Contains(err.Error(), "Address already in use") {
			return s, err
		}
		if s != nil {
			s.Stop()
		}
	}
}

// StartIn starts both servers in dir, for a benchmark script or the CI: the caller
// calls Stop.
func StartIn(dir string) (*Servers, error) {
	s, err := startRetrying(func(attempt int) string {
		if attempt == 0 {
			return dir
		}
		return filepath.Join(dir, fmt.Sprintf("retry-%d", attempt))
	})
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
	root := os.Geteuid() == 0
	if !root {
		if err := checkUserNamespace(); err != nil {
			return nil, err
		}
	}
	ports, err := freePorts(5)
	if err != nil {
		return nil, err
	}
	s := &Servers{Dir: dir, Maildir: filepath.Join(dir, "mail", "office"), SMTPPort: ports[0], IMAPPort: ports[1],
		STARTTLSPort: ports[2], SMTPSPort: ports[3], IMAPSPort: ports[4],
		User: "office", Password: "test-password-1", root: root}
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
	if root {
		if err := os.Chown(filepath.Join(dir, "data"), uidOf("postfix"), -1); err != nil {
			return nil, err
		}
		if err := os.Chown(filepath.Join(dir, "mail"), 65534, 65534); err != nil {
			return nil, err
		}
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
	// As root Dovecot drops to its own users and reads the mail as nobody, whom
	// Postfix delivers as; otherwise everything is the user's.
	firstUID, uid, gid := 100, 65534, 65534
	users := "default_login_user = dovenull\ndefault_internal_user = dovecot"
	chroot := "" // only root can chroot: the login and anvil processes do as root
	// Not root, Postfix hands the mail to Dovecot's LMTP (see startPostfix); every
	// recipient is the one mailbox.
	protocols, lmtp := "imap", ""
	if !s.root {
		me, err := user.Current()
		if err != nil {
			return err
		}
		group, err := user.LookupGroupId(me.Gid)
		if err != nil {
			return err
		}
		uid, gid = os.Getuid(), os.Getgid()
		firstUID = min(uid, 100)
		chroot = "\n  chroot ="
		protocols = "imap lmtp"
		lmtp = "\nservice lmtp {\n  unix_listener lmtp {\n    mode = 0666\n  }\n}"
		users = fmt.Sprintf("default_login_user = %[1]s\ndefault_internal_user = %[1]s\ndefault_internal_group = %[2]s",
			me.Username, group.Name)
	}
	text := fmt.Sprintf(`base_dir = %[1]s/dovecot/run
state_dir = %[1]s/dovecot/state
instance_name = tenglong-test-%[2]d
log_path = %[1]s/dovecot.log
protocols = %[14]s
listen = 127.0.0.1
ssl = yes
ssl_cert = <%[6]s
ssl_key = <%[7]s
ssl_min_protocol = TLSv1.2
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:%[3]s
first_valid_uid = %[9]d
%[10]s
passdb {
  driver = static
  args = user=%[4]s password=%[5]s
}
userdb {
  driver = static
  args = uid=%[11]d gid=%[12]d home=%[1]s/mail allow_all_users=yes
}
service imap-login {%[13]s
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
service anvil {%[13]s
}%[15]s
`, s.Dir, s.IMAPPort, s.Maildir, s.User, s.Password, s.certFile, s.keyFile, s.IMAPSPort,
		firstUID, users, uid, gid, chroot, protocols, lmtp)
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
	// As root the services drop to postfix and virtual(8) delivers as nobody. In the
	// user namespace they stay its root (the user; "n" in master.cf's unprivileged
	// column), except smtpd, which insists on postfix and writes nothing
	// themselves; the mail goes over LMTP to Dovecot, which runs as the user and so
	// writes a Maildir the user (and the tests) can read: virtual(8) cannot deliver as
	// the namespace's root.
	transport, unpriv := "", "-"
	if !s.root {
		transport = "virtual_transport = lmtp:unix:" + filepath.Join(s.Dir, "dovecot", "run", "lmtp") + "\n"
		unpriv = "n"
	}
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
# Not offered, in both modes alike: as an ordinary user the mail goes on over LMTP to
# Dovecot 2.3, which does not offer SMTPUTF8, and Postfix would bounce a message whose
# client asked for it (Go's net/smtp asks whenever the server offers it). 8-bit
# headers are still taken and filed byte for byte.
smtputf8_enable = no
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
%[4]ssmtpd_sasl_auth_enable = yes
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
`, s.Dir, s.certFile, s.keyFile, transport)
	// The plain port offers no STARTTLS, so that clients which upgrade whenever they
	// can (net/smtp) still talk plain to it; the encrypted ports are separate.
	master := fmt.Sprintf(`127.0.0.1:%[1]d inet n - n - - smtpd
127.0.0.1:%[2]d inet n - n - - smtpd
  -o smtpd_tls_security_level=encrypt
127.0.0.1:%[3]d inet n - n - - smtpd
  -o smtpd_tls_wrappermode=yes
  -o smtpd_tls_security_level=encrypt
tlsmgr    unix  -       %[4]s       n       1000?   1       tlsmgr
pickup    unix  n       %[4]s       n       60      1       pickup
cleanup   unix  n       %[4]s       n       -       0       cleanup
qmgr      unix  n       %[4]s       n       300     1       qmgr
rewrite   unix  -       %[4]s       n       -       -       trivial-rewrite
bounce    unix  -       %[4]s       n       -       0       bounce
defer     unix  -       %[4]s       n       -       0       bounce
trace     unix  -       %[4]s       n       -       0       bounce
verify    unix  -       %[4]s       n       -       1       verify
flush     unix  n       %[4]s       n       1000?   0       flush
proxymap  unix  -       %[4]s       n       -       -       proxymap
proxywrite unix -       %[4]s       n       -       1       proxymap
smtp      unix  -       %[4]s       n       -       -       smtp
relay     unix  -       %[4]s       n       -       -       smtp
lmtp      unix  -       %[4]s       n       -       -       lmtp
showq     unix  n       %[4]s       n       -       -       showq
error     unix  -       %[4]s       n       -       -       error
retry     unix  -       %[4]s       n       -       -       error
discard   unix  -       %[4]s       n       -       -       discard
local     unix  -       n       n       -       -       local
virtual   unix  -       n       n       -       -       virtual
anvil     unix  -       %[4]s       n       -       1       anvil
scache    unix  -       %[4]s       n       -       1       scache
postlog   unix-dgram n  %[4]s       n       -       1       postlogd
`, s.SMTPPort, s.STARTTLSPort, s.SMTPSPort, unpriv)
	if err := os.WriteFile(filepath.Join(s.postfix, "main.cf"), []byte(main), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(s.postfix, "master.cf"), []byte(master), 0o644); err != nil {
		return err
	}
	if s.root {
		out, err := exec.Command("/usr/sbin/postfix", "-c", s.postfix, "start").CombinedOutput()
		if err != nil {
			log, _ := os.ReadFile(filepath.Join(s.Dir, "postfix.log"))
			return fmt.Errorf("postfix start: %v\n%s%s", err, out, log)
		}
	} else if err := s.startMaster(); err != nil {
		return err
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
	if s.master != nil {
		stopProcess(s.master)
		s.master, s.postfix = nil, ""
	}
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
		stopProcess(s.dovecot)
		s.dovecot = nil
	}
}

// stopProcess interrupts a server running in the foreground and waits for it.
func stopProcess(cmd *exec.Cmd) {
	cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		cmd.Process.Kill()
		<-done
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

// queueDirs are the Postfix queue's folders; without postfix-script (which needs real
// root to chown them) the master expects them to exist.
var queueDirs = []string{"active", "bounce", "corrupt", "defer", "deferred", "flush", "hold",
	"incoming", "maildrop", "pid", "private", "public", "saved", "trace"}

// startMaster runs Postfix's master in the foreground inside a user namespace where
// the user is root. The master switches to the postfix user (mapped from the user's
// subordinate IDs) to take its lock and make its sockets, so those folders are open
// to everyone; they lie in the test's own 0755 temp directory.
func (s *Servers) startMaster() error {
	for _, d := range append(queueDirs, "../data") {
		p := filepath.Join(s.Dir, "queue", d)
		if err := os.MkdirAll(p, 0o777); err != nil {
			return err
		}
		if err := os.Chmod(p, 0o777); err != nil {
			return err
		}
	}
	cmd := exec.Command("unshare", "--map-auto", "--map-root-user",
		"/usr/lib/postfix/sbin/master", "-d", "-c", s.postfix)
	out, err := os.Create(filepath.Join(s.Dir, "master.out"))
	if err != nil {
		return err
	}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("postfix master: %v", err)
	}
	s.master = cmd
	return nil
}

// checkUserNamespace says, in one line with the fix, why Postfix cannot start for a
// user who is not root: no unshare or newuidmap, no subordinate IDs, or user
// namespaces switched off.
func checkUserNamespace() error {
	const why = "邮件测试以普通用户运行时，Postfix 在用户命名空间里启动（unshare --map-auto --map-root-user）"
	if _, err := exec.LookPath("newuidmap"); err != nil {
		return fmt.Errorf("%s，需要 newuidmap：请运行 sudo apt-get install -y uidmap（或以 root 身份运行测试）", why)
	}
	me, err := user.Current()
	if err != nil {
		return err
	}
	out, err := exec.Command("unshare", "--map-auto", "--map-root-user", "true").CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s，但失败了：%s请确认 /etc/subuid 和 /etc/subgid 里有用户 %s 的一段编号"+
			"（sudo usermod --add-subuids 100000-165535 --add-subgids 100000-165535 %s），"+
			"且系统允许普通用户建用户命名空间（sysctl kernel.unprivileged_userns_clone=1）",
			why, out, me.Username, me.Username)
	}
	return nil
}
