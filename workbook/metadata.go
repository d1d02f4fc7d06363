package workbook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"strconv"
)

// The kinds of input cells recorded in a template's metadata.
const (
	InputValue        = "value"         // 本期值 of an indicator
	InputNote         = "note"          // 备注 of an indicator
	InputTarget       = "target"        // the target as written, locked: ingest warns if it changed
	InputListColumn   = "list"          // a list column's prepared rows: key list-id.column-id
	InputTaskStatus   = "task-status"   // 状态 of a task
	InputTaskProgress = "task-progress" // 进展情况 of a task
)

// Metadata keys, in the order written.
const (
	metaFormat      = "format"
	metaCampaign    = "campaign"
	metaFingerprint = "fingerprint"
	metaUnit        = "unit"
	metaUnitName    = "unit-name"
	metaPeriod      = "period"
	metaGenerated   = "generated"
	metaDeadline    = "deadline"
	metaSignature   = "signature"
)

// metaTableRow is where the input table's header sits on the metadata sheet.
const metaTableRow = 11

// InputCell is the address of one input (or recorded target) of a template.
type InputCell struct {
	Kind   string // one of the Input* constants
	Key    string // indicator id, task id, or list-id.column-id
	Sheet  string
	Ref    string // a cell (G5) or, for list columns, a range (C4:C303)
	Target string // for InputTarget: the target's number as written
}

// Metadata is what a template's very hidden sheet says about it.
type Metadata struct {
	Format      string
	Campaign    string
	Fingerprint string
	Unit        string
	UnitName    string
	Period      string
	Generated   string
	Deadline    string
	// Signature is the HMAC-SHA256 (hex) of everything else above, under the secret of
	// the workspace that generated the template (see Sign); "" when it was generated
	// without one.
	Signature string
	Inputs    []InputCell
}

// signingVersion starts the signed text: a later change of what is signed changes it.
const signingVersion = "tenglong-template-signature-1"

// signedText is what a template's signature covers: every metadata field and every
// input address, each length-prefixed so that no two metadata give the same text
// (moving a character from one field to the next changes it). It is written to w a
// few kilobytes at a time: a template's is tens of kilobytes, and ingest verifies
// every return's signature.
func (m Metadata) signedText(w io.Writer) {
	var scratch [4096]byte
	b := scratch[:0]
	put := func(s string) {
		if len(b)+len(s)+24 > cap(b) {
			w.Write(b)
			b = b[:0]
		}
		b = strconv.AppendInt(b, int64(len(s)), 10)
		b = append(b, ':')
		b = append(b, s...)
		b = append(b, '\n')
	}
	put(signingVersion)
	for _, v := range []string{m.Format, m.Campaign, m.Fingerprint, m.Unit, m.UnitName, m.Period, m.Generated, m.Deadline} {
		put(v)
	}
	put(strconv.Itoa(len(m.Inputs)))
	for _, in := range m.Inputs {
		for _, v := range []string{in.Kind, in.Key, in.Sheet, in.Ref, in.Target} {
			put(v)
		}
	}
	w.Write(b)
}

// Sign is the signature of the metadata under key: HMAC-SHA256 of signedText, in hex.
// Only the office holding the key can make one, so a unit that edits the hidden sheet
// (to claim a neighbour's unit, another period, or move an input) breaks it.
func (m Metadata) Sign(key []byte) string {
	return hex.EncodeToString(m.mac(key))
}

// mac is HMAC-SHA256 of signedText under key.
func (m Metadata) mac(key []byte) []byte {
	h := hmac.New(sha256.New, key)
	m.signedText(h)
	return h.Sum(nil)
}

// SignedBy reports whether the metadata carries a valid signature under key
// (compared in constant time).
func (m Metadata) SignedBy(key []byte) bool {
	got, err := hex.DecodeString(m.Signature)
	if err != nil || len(got) != sha256.Size {
		return false
	}
	return hmac.Equal(got, m.mac(key))
}

// metadata collects a template's metadata while its sheets are written.
type metadata struct {
	Metadata
	choices [][]string // enum choices kept on the metadata sheet for long dropdowns
}

func newMetadata(in TemplateInput) *metadata {
	return &metadata{Metadata: Metadata{
		Format:      TemplateFormat,
		Campaign:    in.Campaign.ID,
		Fingerprint: in.Campaign.TemplateFingerprint(in.Unit.Code, in.Period), // what this template shows and accepts
		Unit:        in.Unit.Code,
		UnitName:    in.Unit.Name,
		Period:      in.Period.String(),
		Generated:   in.Generated.Format("2006-01-02"),
		Deadline:    in.Deadline.Format("2006-01-02"),
	}}
}

func (m *metadata) add(kind, key, sheet, ref string) {
	m.Inputs = append(m.Inputs, InputCell{Kind: kind, Key: key, Sheet: sheet, Ref: ref})
}

// choiceRange stores a long list of choices on the metadata sheet and returns the
// absolute reference a dropdown can point at; inline lists are capped at 255 characters.
func (m *metadata) choiceRange(values []string) string {
	m.choices = append(m.choices, values)
	col := colName(8 + len(m.choices) - 1) // H, I, J, …
	return fmt.Sprintf("'%s'!$%s$2:$%s$%d", metadataSheet, col, col, len(values)+1)
}

// fields are the key/value rows above the input table (rows 2 to 10: the signature
// takes the last free row before metaTableRow).
func (m *metadata) fields() [][2]string {
	return [][2]string{
		{metaFormat, m.Format}, {metaCampaign, m.Campaign}, {metaFingerprint, m.Fingerprint},
		{metaUnit, m.Unit}, {metaUnitName, m.UnitName}, {metaPeriod, m.Period},
		{metaGenerated, m.Generated}, {metaDeadline, m.Deadline}, {metaSignature, m.Signature},
	}
}

// metadataSheet writes the very hidden sheet: key/value fields, the input table and
// the long dropdown lists.
func (t *templateWriter) metadataSheet() error {
	f, m := t.f, t.meta
	if t.in.SigningKey != nil { // every input is recorded by now: the sheets are written
		m.Signature = m.Sign(t.in.SigningKey)
	}
	if _, err := f.NewSheet(metadataSheet); err != nil {
		return err
	}
	set := func(c, v string) error { return f.SetCellStr(metadataSheet, c, v) }
	if err := set("A1", "tenglong 填报模板元数据：tenglong 靠它识别本表，请勿修改"); err != nil {
		return err
	}
	for i, kv := range m.fields() {
		if kv[0] == metaSignature && kv[1] == "" {
			continue // unsigned (no key given): the sheet stays as before signing existed
		}
		if err := set(cell(1, i+2), kv[0]); err != nil {
			return err
		}
		if err := set(cell(2, i+2), kv[1]); err != nil {
			return err
		}
	}
	for i, h := range []string{"kind", "key", "sheet", "ref", "target"} {
		if err := set(cell(i+1, metaTableRow), h); err != nil {
			return err
		}
	}
	for i, in := range m.Inputs {
		row := metaTableRow + 1 + i
		for j, v := range []string{in.Kind, in.Key, in.Sheet, in.Ref, in.Target} {
			if err := set(cell(j+1, row), v); err != nil {
				return err
			}
		}
	}
	rows := metaTableRow + len(m.Inputs)
	for i, values := range m.choices {
		col := 8 + i
		if err := set(cell(col, 1), "choices"); err != nil {
			return err
		}
		for j, v := range values {
			if err := set(cell(col, j+2), v); err != nil {
				return err
			}
		}
		if len(values)+1 > rows {
			rows = len(values) + 1
		}
	}
	cols := 5
	if len(m.choices) > 0 {
		cols = 7 + len(m.choices)
	}
	return setDimension(f, metadataSheet, cols, rows)
}
