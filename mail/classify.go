package mail

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
)

// Nature is what an incoming mail is, before any attachment is looked at: a person's
// mail (possibly a unit's return), or one a machine wrote.
type Nature string

const (
	Personal  Nature = ""           // written by a person: its attachments may be returns
	Bounce    Nature = "bounce"     // 退信: a message the office sent that could not be delivered
	AutoReply Nature = "auto-reply" // 自动回复: out of office, vacation, "received, thank you"
	Receipt   Nature = "receipt"    // 已读回执: a read receipt (message disposition notification)
)

// Classified is what Classify makes of a mail.
type Classified struct {
	Nature    Nature
	Why       string // Chinese: the sign it was told by (a header, the subject, the report format)
	MessageID string // this mail's own Message-ID, without <>
	// For a bounce: the addresses that failed (Final-Recipient and Original-Recipient
	// of a delivery report, X-Failed-Recipients, else the To and Cc of the original
	// attached to it), the Message-IDs it refers to (the attached original's, then
	// In-Reply-To and References), and the server's reason when it gives one.
	Failed     []string
	Originals  []string
	Diagnostic string
}

var (
	bounceSubject    = regexp.MustCompile(`(?i)退信|投递失败|无法投递|未能送达|发送失败通知|undeliver|delivery status notification|delivery (has )?fail|mail delivery (failed|subsystem)|returned mail|failure notice|non-delivery|nondeliverable`)
	autoReplySubject = regexp.MustCompile(`(?i)^\s*[\[【(（]?\s*(自动回复|自动答复|自动应答|auto[- ]?reply|automatic reply|auto[- ]?response|out of (the )?office|vacation reply|休假|外出)`)
	receiptSubject   = regexp.MustCompile(`(?i)^\s*(已读[:：]|已读回执|read[:：]|read receipt|阅读回执)`)
	daemonSender     = regexp.MustCompile(`(?i)(^|[<\s"])(mailer-daemon|postmaster|mail-daemon|mailerdaemon|mail delivery (system|subsystem))`)
	smtpReason       = regexp.MustCompile(`(?i)\b[45]\d\d\b|[45]\.\d{1,3}\.\d{1,3}|不存在|unknown|not exist|no such|rejected|拒绝|mailbox|用户`)
)

// Classify tells a bounce, an auto-reply or a read receipt from a person's mail, by
// the signs their senders leave: a delivery or disposition report (multipart/report,
// RFC 3464 and 8098), the headers RFC 3834 and the common mail systems set
// (Auto-Submitted, X-Autoreply, X-Autorespond, X-Auto-Response-Suppress, Precedence:
// auto_reply), an empty envelope sender, a MAILER-DAEMON or postmaster sender, and the
// subjects the Chinese and international providers write (退信, 自动回复, Undeliverable,
// Delivery Status Notification …). It reads data as ReadSaved does and never fails:
// what is not a mail is Personal, for ReadSaved to explain.
func Classify(data []byte) (c Classified) {
	defer func() {
		if r := recover(); r != nil { // never stop a fetch: a person's mail is the safe answer
			c = Classified{}
		}
	}()
	return classify(data)
}

func classify(data []byte) (c Classified) {
	data = skipEnvelope(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))
	top, ok := parseEntity(data, true)
	if !ok {
		return c
	}
	text := func(name string) string {
		v, _ := top.get(name)
		return oneLine(decodeWords(headerText(v)))
	}
	c.MessageID = bareID(text("message-id"))
	subject, from := text("subject"), text("from")
	w := &walker{}
	w.walk(top, 0)
	c.Failed, c.Originals = w.failed, w.originals
	if v := text("x-failed-recipients"); v != "" {
		c.Failed = appendAddrs(c.Failed, v)
	}
	c.Diagnostic = w.diagnostic
	media, params := top.contentType()
	report := media == "multipart/report"
	switch {
	case w.dsn || report && strings.EqualFold(params["report-type"], "delivery-status"):
		c.Nature, c.Why = Bounce, "邮件服务器的投递失败报告（delivery-status）"
	case w.mdn || report && strings.EqualFold(params["report-type"], "disposition-notification"):
		c.Nature, c.Why = Receipt, "已读回执"
	case text("x-failed-recipients") != "":
		c.Nature, c.Why = Bounce, "邮件头 X-Failed-Recipients（投递失败）"
	case daemonSender.MatchString(from):
		c.Nature, c.Why = Bounce, fmt.Sprintf("发件人是邮件系统（%s）", from)
	case bounceSubject.MatchString(subject):
		c.Nature, c.Why = Bounce, fmt.Sprintf("主题“%s”是退信", subject)
	case receiptSubject.MatchString(subject):
		c.Nature, c.Why = Receipt, fmt.Sprintf("主题“%s”是已读回执", subject)
	default:
		c.Nature, c.Why = autoReply(text, subject)
	}
	if c.Nature == Bounce {
		if len(c.Failed) == 0 {
			c.Failed = w.originalTo
		}
		for _, h := range []string{"in-reply-to", "references"} {
			for _, id := range strings.Fields(text(h)) {
				if id = bareID(id); id != "" {
					c.Originals = append(c.Originals, id)
				}
			}
		}
		c.Failed, c.Originals = unique(c.Failed), unique(c.Originals)
	} else {
		c.Failed, c.Originals, c.Diagnostic = nil, nil, ""
	}
	return c
}

// autoReply reads the headers auto-responders set, then the subject.
func autoReply(header func(string) string, subject string) (Nature, string) {
	if v := strings.ToLower(header("auto-submitted")); v != "" && v != "no" {
		return AutoReply, "邮件头 Auto-Submitted: " + v
	}
	for _, h := range []string{"x-autoreply", "x-autorespond", "x-autogenerated", "x-auto-response-suppress"} {
		if v := header(h); v != "" && !strings.EqualFold(v, "no") {
			return AutoReply, fmt.Sprintf("邮件头 %s: %s", canonical(h), v)
		}
	}
	if v := strings.ToLower(header("precedence")); v == "auto_reply" || v == "auto-reply" {
		return AutoReply, "邮件头 Precedence: " + v
	}
	if v := header("return-path"); strings.TrimSpace(v) == "<>" {
		return AutoReply, "发件地址为空（Return-Path: <>），是系统自动发出的邮件"
	}
	if autoReplySubject.MatchString(subject) {
		return AutoReply, fmt.Sprintf("主题“%s”是自动回复", subject)
	}
	return Personal, ""
}

func canonical(h string) string {
	parts := strings.Split(h, "-")
	for i, p := range parts {
		if p == "x" {
			parts[i] = "X"
		} else if p != "" {
			parts[i] = strings.ToUpper(p[:1]) + p[1:]
		}
	}
	return strings.Join(parts, "-")
}

// walker looks through a mail's parts for what a bounce carries: a delivery report,
// the original message or its headers.
type walker struct {
	parts             int
	dsn, mdn          bool
	failed, originals []string
	originalTo        []string
	diagnostic        string
	reported          bool // diagnostic is a delivery report's, which beats the text's
}

func (w *walker) walk(e *entity, depth int) {
	w.parts++
	if w.parts > 200 || depth > 8 {
		return
	}
	media, params := e.contentType()
	switch {
	case strings.HasPrefix(media, "multipart/"):
		parts, _, _ := splitMultipart(e.body, params["boundary"], 200)
		for _, p := range parts {
			child, _ := parseEntity(p, false)
			w.walk(child, depth+1)
		}
	case media == "message/delivery-status" || media == "message/global-delivery-status":
		w.dsn = true
		w.deliveryStatus(decoded(e))
	case media == "message/disposition-notification" || media == "message/global-disposition-notification":
		w.mdn = true
	case media == "message/rfc822" || media == "message/global" || media == "text/rfc822-headers" || media == "message/global-headers":
		inner, ok := parseEntity(decoded(e), false)
		if !ok {
			return
		}
		if v, ok := inner.get("message-id"); ok {
			if id := bareID(headerText(v)); id != "" {
				w.originals = append(w.originals, id)
			}
		}
		for _, h := range []string{"to", "cc"} {
			if v, ok := inner.get(h); ok {
				w.originalTo = appendAddrs(w.originalTo, decodeWords(headerText(v)))
			}
		}
	case media == "text/plain" || media == "":
		if w.diagnostic == "" && !w.reported {
			w.diagnostic = reasonLine(e)
		}
	}
}

// deliveryStatus reads the per-recipient fields of a delivery report (RFC 3464 §2.3):
// the recipients whose Action is failed (or all, when no Action is given) and the
// first Diagnostic-Code or Status.
func (w *walker) deliveryStatus(body []byte) {
	body = bytes.ReplaceAll(body, []byte("\r\n"), []byte("\n"))
	for _, block := range bytes.Split(body, []byte("\n\n")) {
		f, _ := parseEntity(append(bytes.TrimSpace(block), '\n', '\n'), false)
		get := func(name string) string {
			v, _ := f.get(name)
			return oneLine(headerText(v))
		}
		action := strings.ToLower(get("action"))
		if action != "" && action != "failed" {
			continue
		}
		for _, name := range []string{"final-recipient", "original-recipient"} {
			if v := get(name); v != "" {
				if _, addr, ok := strings.Cut(v, ";"); ok {
					v = addr
				}
				w.failed = appendAddrs(w.failed, v)
			}
		}
		if !w.reported {
			if d := get("diagnostic-code"); d != "" {
				if _, rest, ok := strings.Cut(d, ";"); ok {
					d = strings.TrimSpace(rest)
				}
				w.diagnostic, w.reported = d, true
			} else if s := get("status"); strings.HasPrefix(s, "5") || strings.HasPrefix(s, "4") {
				w.diagnostic, w.reported = "状态 "+s, true
			}
		}
	}
}

// decoded is a part's body with its transfer encoding undone (the part was already
// fetched whole: no limit beyond its own size).
func decoded(e *entity) []byte {
	cte, _ := e.get("content-transfer-encoding")
	switch transferKind(string(cte)) {
	case cteBase64:
		out := make([]byte, decodeBase64(e.body, nil))
		decodeBase64(e.body, out)
		return out
	case cteQP:
		out := make([]byte, decodeQP(e.body, nil))
		decodeQP(e.body, out)
		return out
	}
	return e.body
}

// reasonLine is the first line of a bounce's text that reads like the server's reason
// (a reply code, "不存在", "user unknown" …), at most 200 characters.
func reasonLine(e *entity) string {
	_, params := e.contentType()
	text := decodeCharset(params["charset"], decoded(e))
	for _, line := range strings.Split(text, "\n") {
		line = oneLine(line)
		if line != "" && smtpReason.MatchString(line) {
			if r := []rune(line); len(r) > 200 {
				line = string(r[:200]) + "…"
			}
			return line
		}
	}
	return ""
}

// appendAddrs adds the addresses found in s (a header, a report field), lower case.
func appendAddrs(out []string, s string) []string {
	list, err := ParseRecipients(s)
	if err == nil || len(list) > 0 {
		for _, a := range list {
			out = append(out, strings.ToLower(a.Address))
		}
		return out
	}
	if s = strings.Trim(strings.TrimSpace(s), "<>"); strings.Count(s, "@") == 1 && !strings.ContainsAny(s, " \t,;") {
		out = append(out, strings.ToLower(s))
	}
	return out
}

func bareID(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '<'); i >= 0 {
		s = s[i+1:]
		if j := strings.IndexByte(s, '>'); j >= 0 {
			s = s[:j]
		}
	}
	return strings.TrimSpace(s)
}

func unique(s []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, v := range s {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}
