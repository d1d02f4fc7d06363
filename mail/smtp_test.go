package mail

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"net/textproto"
	"strings"
	"syscall"
	"testing"
)

type timeoutErr struct{}

func (timeoutErr) Error() string   { return "i/o timeout" }
func (timeoutErr) Timeout() bool   { return true }
func (timeoutErr) Temporary() bool { return true }

// Explain names the server and says what to do, in Chinese, for each way a server fails;
// Fatal, MessageOnly and Unknown sort the errors for deliver.
func TestExplainAndClassify(t *testing.T) {
	srv := Server{Host: "smtp.example.cn", Port: 587, Username: "office"}
	tests := []struct {
		name                        string
		err                         error
		want                        string
		fatal, messageOnly, unknown bool
	}{
		{"login", &Error{Op: "login", Err: &textproto.Error{Code: 535, Msg: "5.7.8 Error: authentication failed"}}, "拒绝登录", true, false, false},
		{"refused", &Error{Op: "connect", Err: syscall.ECONNREFUSED}, "对方拒绝连接", true, false, false},
		{"timeout", &Error{Op: "send", Err: timeoutErr{}}, "没有响应", false, false, false},
		{"timeout, a port with 535 in it", &Error{Op: "connect", Err: localPortTimeout()}, "没有响应", true, false, false},
		{"dropped", &Error{Op: "send", Err: io.EOF}, "中途断开", false, false, false},
		{"dropped after the data", &Error{Op: "data-end", Err: io.EOF}, "中途断开", false, false, true},
		{"refused after the data", &Error{Op: "data-end", Err: &textproto.Error{Code: 554, Msg: "rejected"}}, "拒收", false, true, false},
		{"bad recipient", &Error{Op: "recipient", Addr: "wuxing@huzhou.test", Err: &textproto.Error{Code: 550, Msg: "no such user"}}, "拒收收件人 wuxing@huzhou.test（550", false, true, false},
		{"bad sender", &Error{Op: "sender", Addr: "office@huzhou.test", Err: &textproto.Error{Code: 501, Msg: "5.1.7 Bad sender address syntax"}}, "不接受发件人地址 office@huzhou.test（501", false, false, false},
		{"refused content", &Error{Op: "send", Err: &textproto.Error{Code: 552, Msg: "too big"}}, "拒收（552", false, true, false},
		{"unknown CA", &Error{Op: "connect", Err: &tls.CertificateVerificationError{Err: x509.UnknownAuthorityError{}}}, "证书不受信任（签发它的机构不在本机信任的根证书里", true, false, false},
		{"unknown CA, string only", &Error{Op: "connect", Err: errors.New("tls: failed to verify certificate: x509: certificate signed by unknown authority")}, "SSL_CERT_FILE=根证书文件的路径", true, false, false},
		{"wrong name", &Error{Op: "connect", Err: &tls.CertificateVerificationError{Err: x509.HostnameError{Certificate: &x509.Certificate{}, Host: "smtp.example.cn"}}}, "改成证书上的服务器域名", true, false, false},
		{"expired", &Error{Op: "connect", Err: &tls.CertificateVerificationError{Err: x509.CertificateInvalidError{Cert: &x509.Certificate{}, Reason: x509.Expired}}}, "证书已过期或尚未生效", true, false, false},
		{"tls", &Error{Op: "connect", Err: errors.New("tls: first record does not look like a TLS handshake")}, "加密连接失败", true, false, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Explain(srv, tc.err); !strings.Contains(got, tc.want) || !strings.Contains(got, "smtp.example.cn:587") {
				t.Errorf("Explain = %q, want %q and the server", got, tc.want)
			}
			if Fatal(tc.err) != tc.fatal || MessageOnly(tc.err) != tc.messageOnly || Unknown(tc.err) != tc.unknown {
				t.Errorf("fatal %v messageOnly %v unknown %v, want %v %v %v", Fatal(tc.err), MessageOnly(tc.err), Unknown(tc.err), tc.fatal, tc.messageOnly, tc.unknown)
			}
		})
	}
}

// localPortTimeout is the error a silent server gives: its text names the local
// port, here one holding the digits 535.
func localPortTimeout() error {
	return &net.OpError{Op: "read", Net: "tcp",
		Source: &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 53512},
		Addr:   &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 46675}, Err: timeoutErr{}}
}

// isAuth tells a login refusal from other failures by code or by the reply's text.
func TestIsAuth(t *testing.T) {
	tests := []struct {
		err  error
		want bool
	}{
		{&textproto.Error{Code: 535, Msg: "5.7.8 Error: authentication failed"}, true},
		{&textproto.Error{Code: 550, Msg: "no such user"}, false},
		{errors.New("535 5.7.8 Authentication credentials invalid"), true},
		{errors.New("smtp: 535-5.7.8 Username and Password not accepted"), true},
		{errors.New("dial 127.0.0.1:535: refused"), false},
		{errors.New("read tcp 127.0.0.1:53512->127.0.0.1:46675: i/o timeout"), false},
		{localPortTimeout(), false},
	}
	for _, tc := range tests {
		if got := isAuth(tc.err); got != tc.want {
			t.Errorf("isAuth(%q) = %v, want %v", tc.err, got, tc.want)
		}
	}
}
