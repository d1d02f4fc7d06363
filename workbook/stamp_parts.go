package workbook

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"

	"github.com/xuri/excelize/v2"
)

// The parts every template shares are made once per process, by excelize itself:
// the package relationships, document properties and theme of a new file, and
// styles.xml for each list of styles a template makes (the templates of a period
// make one or a few such lists). stampFile writes everything else.

type sharedParts struct {
	rels, app, core, theme *rawPart
}

var stampShared = sync.OnceValues(func() (*sharedParts, error) {
	f := excelize.NewFile()
	defer f.Close()
	parts, err := excelizeParts(f)
	if err != nil {
		return nil, err
	}
	var out sharedParts
	for _, p := range []struct {
		to   **rawPart
		name string
	}{{&out.rels, "_rels/.rels"}, {&out.app, "docProps/app.xml"}, {&out.core, "docProps/core.xml"}, {&out.theme, "xl/theme/theme1.xml"}} {
		if *p.to, err = newRawPart(parts[p.name]); err != nil {
			return nil, err
		}
	}
	return &out, nil
})

// excelizeParts writes f and returns its parts by name.
func excelizeParts(f *excelize.File) (map[string][]byte, error) {
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	return zipParts(buf.Bytes())
}

// zipParts reads every entry of a zip.
func zipParts(data []byte) (map[string][]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	out := map[string][]byte{}
	for _, zf := range zr.File {
		r, err := zf.Open()
		if err != nil {
			return nil, err
		}
		b, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			return nil, err
		}
		out[zf.Name] = b
	}
	return out, nil
}

// styleKey identifies a style: two styles with the same key make the same xf.
func styleKey(s *excelize.Style) (string, error) {
	b, err := json.Marshal(s)
	return string(b), err
}

var stylesCache sync.Map // joined style keys → styles.xml, compressed

// stylesXML is excelize's styles.xml for a new file in which these styles were
// made in this order.
func stylesXML(styles []*excelize.Style, keys []string) (*rawPart, error) {
	key := strings.Join(keys, "\x00")
	if b, ok := stylesCache.Load(key); ok {
		return b.(*rawPart), nil
	}
	f := excelize.NewFile()
	defer f.Close()
	for i, s := range styles {
		id, err := f.NewStyle(s)
		if err != nil {
			return nil, err
		}
		if id != i+1 { // stampFile numbered it otherwise: its cells would point elsewhere
			return nil, fmt.Errorf("模板样式编号不一致：第 %d 个样式在 excelize 中是 %d", i+1, id)
		}
	}
	parts, err := excelizeParts(f)
	if err != nil {
		return nil, err
	}
	b, err := newRawPart(parts["xl/styles.xml"])
	if err != nil {
		return nil, err
	}
	stylesCache.Store(key, b)
	return b, nil
}

// numberText formats numbers the way excelize's GetCellValue shows them, through
// one scratch file: templates read back the target cell's text for column widths.
var numberText struct {
	sync.Mutex
	f      *excelize.File
	styles map[string]int
	cache  map[string]string
}

func formattedNumber(value string, style *excelize.Style, keys []string, id int) (string, error) {
	key := ""
	if style != nil {
		key = keys[id-1]
	}
	nt := &numberText
	nt.Lock()
	defer nt.Unlock()
	if nt.f == nil {
		nt.f, nt.styles, nt.cache = excelize.NewFile(), map[string]int{}, map[string]string{}
	}
	if s, ok := nt.cache[key+"\x00"+value]; ok {
		return s, nil
	}
	sid := 0
	if style != nil {
		var ok bool
		if sid, ok = nt.styles[key]; !ok {
			var err error
			if sid, err = nt.f.NewStyle(style); err != nil {
				return "", err
			}
			nt.styles[key] = sid
		}
	}
	if err := nt.f.SetCellDefault("Sheet1", "A1", value); err != nil {
		return "", err
	}
	if err := nt.f.SetCellStyle("Sheet1", "A1", "A1", sid); err != nil {
		return "", err
	}
	s, err := nt.f.GetCellValue("Sheet1", "A1")
	if err != nil {
		return "", err
	}
	if len(nt.cache) > 1<<16 { // bounded: values differ by unit
		clear(nt.cache)
	}
	nt.cache[key+"\x00"+value] = s
	return s, nil
}

func sortInts(s []int) { slices.Sort(s) }
