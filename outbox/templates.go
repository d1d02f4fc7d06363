package outbox

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/shopspring/decimal"

	"tenglong/campaign"
	"tenglong/intake"
	"tenglong/internal/fileout"
	"tenglong/mail"
	"tenglong/store"
	"tenglong/templates"
	"tenglong/workbook"
)

// TemplatesDir is where generate writes by default, inside the workspace; send reads
// the templates from there.
const TemplatesDir = "填报模板"

// Unit is a unit with its position in the campaign, which numbers its file.
type Unit struct {
	campaign.Unit
	Number int
}

// Units are all the campaign's units, numbered.
func Units(c *campaign.Campaign) []Unit {
	out := make([]Unit, len(c.Units))
	for i, u := range c.Units {
		out[i] = Unit{u, i + 1}
	}
	return out
}

// Drafts renders the mail that carries a unit's template, from the workspace's (or
// the embedded) mail-subject.txt and mail-body.txt.
type Drafts struct {
	subject *templates.Template
	body    *templates.Template
	data    templates.MailBody
}

// NewDrafts loads the mail templates for period p with its deadline.
func NewDrafts(workspace string, c *campaign.Campaign, p campaign.Period, deadline time.Time) (*Drafts, error) {
	subject, err := templates.Load(workspace, "mail-subject.txt")
	if err != nil {
		return nil, err
	}
	body, err := templates.Load(workspace, "mail-body.txt")
	if err != nil {
		return nil, err
	}
	return &Drafts{subject: subject, body: body, data: templates.MailBody{
		Campaign: c.Title, Issuer: c.Issuer, Period: p.String(), PeriodLabel: p.Label(),
		Deadline: campaign.DateLabel(deadline), ContactName: c.Contact.Name,
		ContactPhone: c.Contact.Phone, ContactEmail: c.Contact.Email,
	}}, nil
}

// Render is the draft of a unit's template — what generate writes as .eml and send
// sends — and a warning when the unit's address cannot be used.
func (d *Drafts) Render(xlsxName string, u campaign.Unit, xlsx []byte) (mail.Draft, string, error) {
	return d.render(xlsxName, u, xlsx, "")
}

// render is Render with the unit's portal link in the body ("" for none).
func (d *Drafts) render(xlsxName string, u campaign.Unit, xlsx []byte, link string) (mail.Draft, string, error) {
	data := d.data
	data.Unit, data.FileName, data.Link = u.Name, xlsxName, link
	subject, err := d.subject.Render(data)
	if err != nil {
		return mail.Draft{}, "", err
	}
	body, err := d.body.Render(data)
	if err != nil {
		return mail.Draft{}, "", err
	}
	warning := ""
	to := u.Contact.Email
	if _, err := mail.ParseRecipients(to); to != "" && err != nil {
		warning = fmt.Sprintf("%s的联系人邮箱有问题（%v），邮件草稿里没有写这个收件人", u.Name, err)
	}
	draft := mail.Draft{To: to, ToName: strings.TrimSpace(u.Name + " " + u.Contact.Name), Subject: subject, Body: body,
		Attachment: mail.Attachment{Name: xlsxName, Data: xlsx}}
	return draft, warning, nil
}

// PreviousValues are each unit's accepted values of the period before p (上期值); a
// nil store (no tenglong.db yet) has none.
func PreviousValues(db *store.Store, c *campaign.Campaign, p campaign.Period, units []Unit) map[string]map[string]decimal.Decimal {
	out := map[string]map[string]decimal.Decimal{}
	if db == nil {
		return out
	}
	for _, u := range units {
		out[u.Code] = intake.PreviousValues(db, c.ID, p.Previous().String(), u.Code)
	}
	return out
}

// Generation is what Generate needs: the period's templates for Units, written to Dir
// with a draft each in Dir/mail and a manifest.csv.
type Generation struct {
	Campaign   *campaign.Campaign
	Period     campaign.Period
	Deadline   time.Time
	Units      []Unit
	Dir        string // the period's folder: 填报模板/2023Q3
	Password   string // the sheets' protection; "" is the campaign's id
	Generated  time.Time
	SigningKey []byte
	Previous   map[string]map[string]decimal.Decimal // by unit (PreviousValues)
	Drafts     *Drafts
	Workers    int
	// Progress, when set, is called after each unit's files are written.
	Progress func(done, total int, unit string)
}

// Generated is what Generate wrote.
type Generated struct {
	Dir, MailDir, Manifest string
	Files                  []GeneratedFile // in the order written
	Warnings               []string        // addresses that cannot be used; units without one
}

// GeneratedFile is one unit's template, a manifest.csv row.
type GeneratedFile struct {
	Unit, Name, Contact, Email, File, SHA256 string
}

// Generate writes the period's templates, their mail drafts and manifest.csv. The
// drafts' templates load before any file is written (NewDrafts), so a broken
// override stops nothing halfway.
//
// Templates are made by RenderTemplates' workers; each is written with its draft by
// one of as many writers (a file is flushed to disk before the next starts, and a
// draft's mail encoding is work of its own: done in the one goroutine that takes the
// templates in order, they held the workers back). The manifest, the warnings and
// Files keep the units' order; Progress counts files written, in whatever order
// they finish. The first error stops the run: templates already being written are
// finished, none is started after it.
func Generate(g Generation) (*Generated, error) {
	c := g.Campaign
	mailDir := filepath.Join(g.Dir, "mail")
	if err := os.MkdirAll(mailDir, 0o755); err != nil {
		return nil, fmt.Errorf("建不了输出目录 %s：%v", mailDir, err)
	}
	password := g.Password
	if password == "" {
		password = c.ID
	}
	inputs := make([]workbook.TemplateInput, len(g.Units))
	for i, u := range g.Units {
		inputs[i] = workbook.TemplateInput{Campaign: c, Unit: u.Unit, Period: g.Period, Deadline: g.Deadline,
			Generated: g.Generated, Password: password, Previous: g.Previous[u.Code], SigningKey: g.SigningKey}
	}
	out := &Generated{Dir: g.Dir, MailDir: mailDir, Manifest: filepath.Join(g.Dir, "manifest.csv")}
	w := &unitWriter{g: g, mailDir: mailDir, data: make([][]byte, len(g.Units)), written: make([]writtenUnit, len(g.Units))}
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range max(g.Workers, 2) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				w.write(i)
			}
		}()
	}
	err := workbook.RenderTemplates(inputs, g.Workers, func(i int, data []byte, err error) error {
		if err != nil {
			return fmt.Errorf("生成%s的模板失败：%v", g.Units[i].Name, err)
		}
		if err := w.failed(); err != nil {
			return err
		}
		w.data[i] = data
		jobs <- i
		return nil
	})
	close(jobs)
	wg.Wait()
	if err == nil {
		err = w.failed()
	}
	if err != nil {
		return nil, err
	}
	var noEmail []string
	for i, u := range g.Units {
		r := w.written[i]
		switch {
		case u.Contact.Email == "":
			noEmail = append(noEmail, u.Name)
		case r.warning != "":
			out.Warnings = append(out.Warnings, r.warning)
		}
		out.Files = append(out.Files, r.file)
	}
	if err := writeManifest(out.Manifest, out.Files); err != nil {
		return nil, err
	}
	if len(noEmail) > 0 {
		out.Warnings = append(out.Warnings, fmt.Sprintf("%d 个单位没有联系人邮箱，它们的邮件草稿没有收件人（%s）：请在 campaign.yaml 的 units 里加 contact: {email: …}",
			len(noEmail), strings.Join(noEmail, "、")))
	}
	return out, nil
}

// unitWriter writes units' templates and drafts from several goroutines.
type unitWriter struct {
	g       Generation
	mailDir string
	data    [][]byte      // by unit: the template, until written
	written []writtenUnit // by unit: what was written

	mu   sync.Mutex
	err  error // the first failure
	done int   // units written, for Progress
}

// writtenUnit is one unit's manifest row and its draft's warning.
type writtenUnit struct {
	file    GeneratedFile
	warning string
}

func (w *unitWriter) failed() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

// write writes unit i's template and draft, unless a unit failed before.
func (w *unitWriter) write(i int) {
	data := w.data[i]
	w.data[i] = nil
	if w.failed() != nil {
		return
	}
	r, err := w.writeUnit(w.g.Units[i], data)
	w.mu.Lock()
	defer w.mu.Unlock()
	if err != nil {
		if w.err == nil {
			w.err = err
		}
		return
	}
	w.written[i] = r
	w.done++
	if w.g.Progress != nil {
		w.g.Progress(w.done, len(w.g.Units), w.g.Units[i].Name)
	}
}

func (w *unitWriter) writeUnit(u Unit, data []byte) (writtenUnit, error) {
	g := w.g
	name := workbook.TemplateFileName(u.Number, len(g.Campaign.Units), u.Name, g.Period)
	if err := fileout.Write(filepath.Join(g.Dir, name), data); err != nil {
		return writtenUnit{}, err
	}
	draft, warning, err := g.Drafts.Render(name, u.Unit, data)
	if err != nil {
		return writtenUnit{}, err
	}
	if err := fileout.Write(filepath.Join(w.mailDir, strings.TrimSuffix(name, ".xlsx")+".eml"), draft.Bytes()); err != nil {
		return writtenUnit{}, err
	}
	sum := sha256.Sum256(data)
	return writtenUnit{warning: warning, file: GeneratedFile{Unit: u.Code, Name: u.Name, Contact: u.Contact.Name,
		Email: u.Contact.Email, File: name, SHA256: hex.EncodeToString(sum[:])}}, nil
}

// writeManifest writes manifest.csv with a UTF-8 byte order mark, so that Excel on a
// Chinese Windows opens it without garbling the names.
func writeManifest(path string, files []GeneratedFile) error {
	var buf bytes.Buffer
	buf.WriteString("\ufeff")
	w := csv.NewWriter(&buf)
	w.Write([]string{"单位代码", "单位名称", "联系人", "电子邮箱", "文件", "sha256"})
	for _, f := range files {
		w.Write([]string{f.Unit, f.Name, f.Contact, f.Email, f.File, f.SHA256})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return fmt.Errorf("写不了 %s：%v", path, err)
	}
	return fileout.Write(path, buf.Bytes())
}

// TemplateMessages are send's messages: each unit's template as generate wrote it in
// dir (the period's folder), in the draft generate made, with the unit's portal link
// in the body when links has one (Links: unit code → URL; a revoked link is absent);
// units without an address are named in noEmail.
func TemplateMessages(c *campaign.Campaign, p campaign.Period, dir string, units []Unit, drafts *Drafts, links Links) (msgs []Message, noEmail []string, err error) {
	for _, u := range units {
		if u.Contact.Email == "" {
			noEmail = append(noEmail, u.Name)
			continue
		}
		name := workbook.TemplateFileName(u.Number, len(c.Units), u.Name, p)
		xlsx, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return nil, nil, &NoTemplateError{Unit: u.Name, Path: filepath.Join(dir, name), Period: p}
		}
		draft, _, err := drafts.render(name, u.Unit, xlsx, links[u.Code])
		if err != nil {
			return nil, nil, err
		}
		msgs = append(msgs, Message{Key: store.MailKey{Campaign: c.ID, Period: p.String(), Unit: u.Code, Kind: "template"},
			UnitName: u.Name, To: u.Contact.Email, Draft: draft})
	}
	return msgs, noEmail, nil
}

// NoTemplateError is send's refusal when a unit's template was not generated: its
// message says what to run; the console says which button to press.
type NoTemplateError struct {
	Unit, Path string
	Period     campaign.Period
}

func (e *NoTemplateError) Error() string {
	return fmt.Sprintf("没有找到%s的模板 %s：请先运行 tenglong generate --period %s", e.Unit, e.Path, e.Period)
}
