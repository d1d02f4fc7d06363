package mail

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// readDraft is Python's email package reading a draft: an independent reader, the one
// DESIGN's issue 3 names. It also reads the draft a second time with every filename*
// parameter removed, as a client that ignores RFC 2231 (Outlook) would see it.
const readDraft = `
import email, email.policy, hashlib, json, re, sys

def read(data):
    m = email.message_from_bytes(data, policy=email.policy.default)
    out = {"subject": str(m["subject"]) if m["subject"] is not None else None,
           "has_to": "To" in m,
           "to": [[a.display_name, a.addr_spec] for a in m["to"].addresses] if "To" in m else [],
           "x_unsent": m["X-Unsent"],
           "defects": [repr(d) for d in m.defects],
           "body": m.get_body(("plain",)).get_payload(decode=True).decode("utf-8"),
           "attachments": [],
           "has_2231": b"filename*" in data}
    for part in m.iter_attachments():
        payload = part.get_payload(decode=True)
        out["attachments"].append({"filename": part.get_filename(),
                                   "content_type": part.get_content_type(),
                                   "size": len(payload),
                                   "sha256": hashlib.sha256(payload).hexdigest()})
    return out

data = open(sys.argv[1], "rb").read()
without2231 = re.sub(rb";\r\n filename\*[0-9]*\*?=[^;\r\n]*", b"", data)
print(json.dumps({"full": read(data), "without2231": read(without2231)}))
`

type pyAttachment struct {
	Filename    *string `json:"filename"`
	ContentType string  `json:"content_type"`
	Size        int     `json:"size"`
	SHA256      string  `json:"sha256"`
}

type pyMessage struct {
	Subject     *string        `json:"subject"`
	HasTo       bool           `json:"has_to"`
	To          [][2]string    `json:"to"`
	XUnsent     *string        `json:"x_unsent"`
	Defects     []string       `json:"defects"`
	Body        string         `json:"body"`
	Attachments []pyAttachment `json:"attachments"`
	Has2231     bool           `json:"has_2231"`
}

func TestPythonReadsDrafts(t *testing.T) {
	// CI installs python3; a missing one must fail, or this check silently stops running.
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Fatalf("python3 is required for the independent-reader test (Debian package python3): %v", err)
	}
	for _, tc := range draftCases {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), DraftFileName(3, "德清县", "2023Q3"))
			if err := os.WriteFile(path, tc.draft.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command(python, "-c", readDraft, path).Output()
			if err != nil {
				if ee, ok := err.(*exec.ExitError); ok {
					t.Fatalf("python3: %v\n%s", err, ee.Stderr)
				}
				t.Fatal(err)
			}
			var got struct{ Full, Without2231 pyMessage }
			if err := json.Unmarshal(out, &got); err != nil {
				t.Fatalf("%v: %s", err, out)
			}
			if got.Without2231.Has2231 || got.Full.Has2231 != needsEncoding(tc.wantFile) {
				t.Errorf("filename* present: %v in the draft (want %v), %v after removing it",
					got.Full.Has2231, needsEncoding(tc.wantFile), got.Without2231.Has2231)
			}
			for view, m := range map[string]pyMessage{"full": got.Full, "without filename*": got.Without2231} {
				checkPython(t, view, m, tc.draft, tc.wantSubject, tc.wantTo, tc.wantFile, tc.wantType)
			}
		})
	}
}

func checkPython(t *testing.T, view string, m pyMessage, d Draft, wantSubject string, wantTo []address, wantFile, wantType string) {
	t.Helper()
	if m.Subject == nil || *m.Subject != wantSubject {
		t.Errorf("%s: Python reads the subject as %v, want %q", view, deref(m.Subject), wantSubject)
	}
	if m.XUnsent == nil || *m.XUnsent != "1" {
		t.Errorf("%s: X-Unsent %v", view, deref(m.XUnsent))
	}
	if len(m.Defects) > 0 {
		t.Errorf("%s: Python found defects in the message: %q", view, m.Defects)
	}
	if m.HasTo != (wantTo != nil) {
		t.Errorf("%s: To header present %v, want %v", view, m.HasTo, wantTo != nil)
	}
	if len(m.To) != len(wantTo) {
		t.Errorf("%s: To = %q, want %q", view, m.To, wantTo)
	} else {
		for i, a := range m.To {
			if a[0] != wantTo[i].name || a[1] != wantTo[i].addr {
				t.Errorf("%s: To[%d] = %q, want %q", view, i, a, wantTo[i])
			}
		}
	}
	if want := crlfForTest(d.Body); m.Body != want {
		t.Errorf("%s: body %q, want %q", view, m.Body, want)
	}
	if wantFile == "" {
		if len(m.Attachments) != 0 {
			t.Errorf("%s: want no attachment, got %+v", view, m.Attachments)
		}
		return
	}
	if len(m.Attachments) != 1 {
		t.Fatalf("%s: want one attachment, got %+v", view, m.Attachments)
	}
	a := m.Attachments[0]
	if a.Filename == nil || *a.Filename != wantFile {
		t.Errorf("%s: Python reads the attachment name as %v, want %q", view, deref(a.Filename), wantFile)
	}
	sum := sha256.Sum256(d.Attachment.Data)
	if a.SHA256 != hex.EncodeToString(sum[:]) || a.Size != len(d.Attachment.Data) {
		t.Errorf("%s: attachment bytes differ: %d bytes, want %d", view, a.Size, len(d.Attachment.Data))
	}
	if a.ContentType != wantType {
		t.Errorf("%s: content type %q, want %q", view, a.ContentType, wantType)
	}
}

func deref(s *string) any {
	if s == nil {
		return nil
	}
	return *s
}
