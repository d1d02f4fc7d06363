package store

import (
	"encoding/json"
	"fmt"
	"strconv"
	"unicode/utf8"
)

// A list of a submission is stored as one list_data entry whose cells column holds
// every cell of the list as a JSON array of [row, column id, value or null, cell
// address] quadruples, in row then column order:
//
//	[[0,3,"913305...","C4"],[0,4,null,"D4"],[1,3,"913306...","C5"]]
//
// One B-tree entry per list instead of one per row (issue 21: 300 inserts a file
// were the largest part of storing it; before that, one per cell was 27 % of
// ingest). JSON so that SQLite can still read it: the submission_rows view expands
// it with json_each into the cell-per-row shape the queries and the list_cells view
// read. The 18-character values (统一社会信用代码) also go to list_codes, a column's
// distinct codes in one entry, which the across-units duplicate check's index in
// memory is built from (codeindex.go).

// appendCells appends the JSON array of a list's cells to b.
func appendCells(b []byte, cells []storedCell) []byte {
	b = append(b, '[')
	for i, c := range cells {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '[')
		b = strconv.AppendInt(b, int64(c.row), 10)
		b = append(b, ',')
		b = strconv.AppendInt(b, c.col, 10)
		b = append(b, ',')
		if c.value == "" {
			b = append(b, "null"...)
		} else {
			b = appendJSONString(b, c.value)
		}
		b = append(b, ',')
		b = appendJSONString(b, c.ref)
		b = append(b, ']')
	}
	return append(b, ']')
}

// storedCell is one list cell as list_data stores it: "" is stored as null.
type storedCell struct {
	row        int
	col        int64
	value, ref string
}

// appendJSONString appends s as a JSON string: as it is between quotes when it needs
// no escape (the common case: names, codes, numbers), else through encoding/json.
func appendJSONString(b []byte, s string) []byte {
	plain := utf8.ValidString(s)
	for i := 0; plain && i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == '"' || c == '\\' {
			plain = false
		}
	}
	if plain {
		b = append(b, '"')
		b = append(b, s...)
		return append(b, '"')
	}
	q, _ := json.Marshal(s) // a string always marshals
	return append(b, q...)
}

// decodeCells parses a cells array written by appendCells (or by SQLite's JSON
// functions, as the migration does), calling fn for each cell; a null value is "".
func decodeCells(text string, fn func(row int, col int64, value, ref string)) error {
	p := cellParser{s: text}
	if !p.skip('[') {
		return p.fail()
	}
	if p.skip(']') {
		return nil
	}
	for {
		if !p.skip('[') {
			return p.fail()
		}
		row, ok := p.integer()
		if !ok || !p.skip(',') || row < 0 || row != int64(int(row)) {
			return p.fail()
		}
		col, ok := p.integer()
		if !ok || !p.skip(',') {
			return p.fail()
		}
		value, ok := p.stringOrNull()
		if !ok || !p.skip(',') {
			return p.fail()
		}
		ref, ok := p.stringOrNull()
		if !ok || !p.skip(']') {
			return p.fail()
		}
		fn(int(row), col, value, ref)
		if p.skip(']') {
			return nil
		}
		if !p.skip(',') {
			return p.fail()
		}
	}
}

type cellParser struct {
	s string
	i int
}

func (p *cellParser) fail() error {
	return fmt.Errorf("list cells are not the stored form at byte %d: %.40q", p.i, p.s)
}

func (p *cellParser) space() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\n' || p.s[p.i] == '\t' || p.s[p.i] == '\r') {
		p.i++
	}
}

func (p *cellParser) skip(c byte) bool {
	p.space()
	if p.i < len(p.s) && p.s[p.i] == c {
		p.i++
		return true
	}
	return false
}

func (p *cellParser) integer() (int64, bool) {
	p.space()
	start := p.i
	for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
		p.i++
	}
	n, err := strconv.ParseInt(p.s[start:p.i], 10, 64)
	return n, err == nil
}

func (p *cellParser) stringOrNull() (string, bool) {
	p.space()
	if len(p.s)-p.i >= 4 && p.s[p.i:p.i+4] == "null" {
		p.i += 4
		return "", true
	}
	if p.i >= len(p.s) || p.s[p.i] != '"' {
		return "", false
	}
	start, escaped := p.i, false
	for p.i++; p.i < len(p.s); p.i++ {
		switch p.s[p.i] {
		case '\\':
			escaped = true
			p.i++
		case '"':
			p.i++
			if !escaped {
				return p.s[start+1 : p.i-1], true
			}
			var out string
			err := json.Unmarshal([]byte(p.s[start:p.i]), &out)
			return out, err == nil
		}
	}
	return "", false
}
