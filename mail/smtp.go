package mail

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/textproto"
	"regexp"
	"strings"
	"syscall"
	"time"

	gomail "github.com/wneessen/go-mail"
	"github.com/wneessen/go-mail/smtp"
)

// Server is how to reach a mail server: SMTP for sending, IMAP for fetching.
type Server struct {
	Host     string
	Port     int
	TLS      string // "starttls", "tls" (implicit) or "none"
	Username string // "": no login
	Password string
	Timeout  time.Duration // per connection and per command; 0: 30s
}

func (s Server) timeout() time.Duration {
	if s.Timeout <= 0 {
		return 30 * time.Second
	}
	return s.Timeout
}

// Addr is host:port.
func (s Server) Addr() string { return net.JoinHostPort(s.Host, fmt.Sprint(s.Port)) }

// Sender is one SMTP connection, logged in, sending raw messages one after another.
// go-mail connects, upgrades to TLS and logs in; the messages themselves are the
// drafts' bytes as they are, so what is sent is what the office can read in the .eml.
type Sender struct {
	srv    Server
	client *smtp.Client
}

// Dial connects and logs in.
func Dial(ctx context.Context, srv Server) (*Sender, error) {
	opts := []gomail.Option{gomail.WithPort(srv.Port), gomail.WithTimeout(srv.timeout()), gomail.WithHELO("localhost"),
		gomail.WithTLSConfig(&tls.Config{ServerName: srv.Host, MinVersion: tls.VersionTLS12})}
	switch srv.TLS {
	case "tls":
		opts = append(opts, gomail.WithSSL())
	case "none":
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	default:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	}
	if srv.Username != "" {
		auth := gomail.SMTPAuthPlain
		if srv.TLS == "none" {
			// Only ever configured for a server on this machine: the password does
			// not cross a network.
			auth = gomail.SMTPAuthPlainNoEnc
		}
		opts = append(opts, gomail.WithSMTPAuth(auth), gomail.WithUsername(srv.Username), gomail.WithPassword(srv.Password))
	}
	c, err := gomail.NewClient(srv.Host, opts...)
	if err != nil {
		return nil, &Error{Op: "connect", Err: err}
	}
	client, err := c.DialToSMTPClientWithContext(ctx)
	if err != nil {
		op := "connect"
		if isAuth(err) {
			op = "login"
		}
		return nil, &Error{Op: op, Err: err}
	}
	return &Sender{srv: srv, client: client}, nil
}

// Send sends one message. Until it returns nil nothing is sure to have been sent;
// once the server has answered the final "." with 250, it has the message.
func (s *Sender) Send(from string, to []string, msg []byte) error {
	if err := s.client.UpdateDeadline(s.srv.timeout()); err != nil {
		return &Error{Op: "send", Err: err}
	}
	// RFC 5321 §4.1.2 wants the path in angle brackets; go-mail writes the argument
	// as it is, and a strict server (Postfix strict_rfc821_envelopes) refuses a bare
	// address.
	if err := s.client.Mail("<" + from + ">"); err != nil {
		return &Error{Op: "sender", Addr: from, Err: err}
	}
	for _, rcpt := range to {
		if err := s.client.Rcpt("<" + rcpt + ">"); err != nil {
			return &Error{Op: "recipient", Addr: rcpt, Err: err}
		}
	}
	w, err := s.client.Data()
	if err != nil {
		return &Error{Op: "send", Err: err}
	}
	if _, err := w.Write(msg); err != nil {
		return &Error{Op: "send", Err: err}
	}
	if err := w.Close(); err != nil {
		// The final "." may have reached the server: see Unknown.
		return &Error{Op: "data-end", Err: err}
	}
	return nil
}

// Reset clears a transaction the server refused, so the next message can go.
func (s *Sender) Reset() error { return s.client.Reset() }

// Close says goodbye and closes the connection.
func (s *Sender) Close() {
	if s.client != nil {
		s.client.Quit()
		s.client.Close()
	}
}

// Error is a failure talking to a mail server, with what was being done.
type Error struct {
	Op   string // connect, login, sender (MAIL FROM), recipient (RCPT TO), send, data-end, fetch
	Addr string // the address refused, for sender and recipient
	Err  error
}

func (e *Error) Error() string { return e.Op + ": " + e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// Fatal reports whether an error stops a whole run: the server refuses the login or
// cannot be reached; retrying the next message would only fail the same way.
func Fatal(err error) bool {
	var e *Error
	return errors.As(err, &e) && (e.Op == "login" || e.Op == "connect")
}

// MessageOnly reports whether an error concerns one message only (the server refused
// its recipient or its content with a 5xx): the run goes on with the next one. A
// refused sender address is not: every message carries it.
func MessageOnly(err error) bool {
	var tp *textproto.Error
	return errors.As(err, &tp) && tp.Code >= 500 && tp.Code != 535 && tp.Code != 530 && tp.Code != 421 && !SenderRefused(err)
}

// SenderRefused reports whether the server refused the envelope sender (MAIL FROM)
// with a 5xx: the office's own address in campaign.yaml, not a unit's, is the problem,
// and every further message would be refused the same way.
func SenderRefused(err error) bool {
	var e *Error
	var tp *textproto.Error
	return errors.As(err, &e) && e.Op == "sender" && errors.As(err, &tp) && tp.Code >= 500
}

// Unknown reports whether a message may or may not have been sent: the data's final
// "." went out and no answer came back (the connection broke or timed out). A server
// that answers at all — 250, or a refusal — leaves no doubt.
func Unknown(err error) bool {
	var e *Error
	var tp *textproto.Error
	return errors.As(err, &e) && e.Op == "data-end" && !errors.As(err, &tp)
}

func isAuth(err error) bool {
	var tp *textproto.Error
	if errors.As(err, &tp) {
		return tp.Code == 535 || tp.Code == 534 || tp.Code == 530
	}
	// A network failure is not a refusal, whatever digits its addresses hold: a
	// timeout's text names the local port (127.0.0.1:53512->…), which once read as
	// the SMTP code 535 and told the office its password was wrong.
	var ne net.Error
	if errors.As(err, &ne) {
		return false
	}
	s := err.Error()
	return strings.Contains(s, "authentication failed") || authReply.MatchString(s) || strings.Contains(s, "AUTHENTICATIONFAILED") ||
		strings.Contains(s, "LOGIN failed") || strings.Contains(s, "Authentication failed")
}

// authReply is the SMTP reply 535 in an error's text: the code at the start or
// after a space, then a space or hyphen — never digits inside an address or port.
var authReply = regexp.MustCompile(`(?:^|\s)535[ -]`)

// Explain says in Chinese what went wrong talking to a server, and what to do.
func Explain(srv Server, err error) string {
	addr := srv.Addr()
	var e *Error
	op := ""
	if errors.As(err, &e) {
		op = e.Op
	}
	var ne net.Error
	switch {
	case op == "login" || isAuth(err):
		return fmt.Sprintf("邮件服务器 %s 拒绝登录（用户名 %s）：请核对 campaign.yaml 里 mail: 的 username 和环境变量里的密码（很多邮箱要用“授权码”而不是登录密码）", addr, srv.Username)
	case errors.As(err, &ne) && ne.Timeout():
		return fmt.Sprintf("邮件服务器 %s 超过 %s 没有响应：请检查网络，或稍后重新运行（已完成的部分已记录，不会重复）", addr, srv.timeout())
	case errors.Is(err, syscall.ECONNREFUSED):
		return fmt.Sprintf("连不上邮件服务器 %s（对方拒绝连接）：请核对 mail: 的 host 和 port，或确认服务器已开启", addr)
	case errors.Is(err, io.EOF) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) || errors.Is(err, net.ErrClosed) ||
		strings.Contains(err.Error(), "connection reset") || strings.Contains(err.Error(), "broken pipe"):
		return fmt.Sprintf("邮件服务器 %s 中途断开了连接：请稍后重新运行（已完成的部分已记录，不会重复）", addr)
	case untrusted(err) != "":
		return fmt.Sprintf("邮件服务器 %s 的证书不受信任（%s），为防冒充已断开，密码没有发出：%s", addr, untrusted(err), untrustedAdvice(err, srv))
	case strings.Contains(err.Error(), "tls") || strings.Contains(err.Error(), "TLS") || strings.Contains(err.Error(), "x509"):
		return fmt.Sprintf("和邮件服务器 %s 建立加密连接失败（%v）：请核对 mail: 的 tls 和 port（587 一般用 starttls，465 用 tls）", addr, err)
	case op == "connect":
		return fmt.Sprintf("连不上邮件服务器 %s（%v）：请核对 mail: 的 host 和 port，检查网络", addr, err)
	}
	var tp *textproto.Error
	switch {
	case op == "sender" && errors.As(err, &tp):
		return fmt.Sprintf("邮件服务器 %s 不接受发件人地址 %s（%d %s）：这是本办发件设置的问题，不是单位邮箱的问题；请核对 campaign.yaml 里 mail: 的 from 是否写对、是否就是登录用户 %s 的邮箱地址",
			addr, e.Addr, tp.Code, tp.Msg, srv.Username)
	case op == "recipient" && errors.As(err, &tp):
		return fmt.Sprintf("邮件服务器 %s 拒收收件人 %s（%d %s）：请核对这个单位在 campaign.yaml 里的联系人邮箱", addr, e.Addr, tp.Code, tp.Msg)
	case errors.As(err, &tp):
		return fmt.Sprintf("邮件服务器 %s 拒收（%d %s）", addr, tp.Code, tp.Msg)
	}
	return fmt.Sprintf("和邮件服务器 %s 通信出错（%v）", addr, err)
}

// untrusted says in Chinese why the server's certificate was refused, or "" when
// the error is not about the certificate. The x509 errors come wrapped by crypto/tls
// and go-mail; the strings are the fallback for a wrapper that loses them.
func untrusted(err error) string {
	var ua x509.UnknownAuthorityError
	var he x509.HostnameError
	var ci x509.CertificateInvalidError
	s := err.Error()
	switch {
	case errors.As(err, &ua) || strings.Contains(s, "x509: certificate signed by unknown authority"):
		return "签发它的机构不在本机信任的根证书里，可能是单位自建的证书"
	case errors.As(err, &he) || strings.Contains(s, "x509: certificate is valid for") || strings.Contains(s, "x509: cannot validate certificate"):
		return "证书上写的服务器名和 mail: 的 host 对不上"
	case errors.As(err, &ci) && (ci.Reason == x509.Expired) || strings.Contains(s, "x509: certificate has expired or is not yet valid"):
		return "证书已过期或尚未生效"
	case errors.As(err, &ci) || strings.Contains(s, "x509: "):
		return "证书无效"
	}
	return ""
}

// untrustedAdvice is what the office can do about it; turning encryption off is
// never offered, since the password would then cross the network in clear.
func untrustedAdvice(err error, srv Server) string {
	switch why := untrusted(err); {
	case strings.Contains(why, "对不上"):
		return fmt.Sprintf("请把 campaign.yaml 里 mail: 的 host（现在是 %s）改成证书上的服务器域名", srv.Host)
	case strings.Contains(why, "过期"):
		return "请核对本机日期和时间，或请邮箱管理员更新服务器证书"
	}
	return "请向邮箱管理员要服务器证书的根证书（CA）文件，装进本机系统的受信任根证书，或运行前设环境变量 SSL_CERT_FILE=根证书文件的路径；不要把 tls 改成 none"
}
