package workbook

import (
	"github.com/xuri/excelize/v2"
)

// Fonts most offices have; LibreOffice substitutes a CJK font where they are missing.
const (
	bodyFont  = "宋体"
	titleFont = "黑体"
)

// Colours of the legend on every template's 填报说明 sheet.
const (
	inputFill  = "FFF2CC" // light yellow: cells the unit fills
	headerFill = "D9D9D9" // grey: headers
	greenFill  = "C6EFCE"
	yellowFill = "FFEB9C"
	redFill    = "FFC7CE"
)

// styles creates and caches the cell styles of one file: excelize styles belong to a
// file, and creating the same style twice would bloat styles.xml.
type styles struct {
	f     styleMaker
	cache map[string]int
	cells map[cellStyle]int // cell's styles by their description: no key text made per cell
	err   error
	spool *rowSpool // where the consolidated workbook's tables stream their rows (summary_spool.go)
}

// styleMaker makes styles: an excelize file, or a template's stampFile.
type styleMaker interface {
	NewStyle(style *excelize.Style) (int, error)
}

func newStyles(f styleMaker) *styles { return &styles{f: f, cache: map[string]int{}} }

func (s *styles) get(key string, build func() *excelize.Style) int {
	if id, ok := s.cache[key]; ok {
		return id
	}
	id, err := s.f.NewStyle(build())
	if err != nil && s.err == nil {
		s.err = err
	}
	s.cache[key] = id
	return id
}

func thinBorder() []excelize.Border {
	var b []excelize.Border
	for _, side := range []string{"left", "right", "top", "bottom"} {
		b = append(b, excelize.Border{Type: side, Color: "808080", Style: 1})
	}
	return b
}

func font(bold bool, size float64) *excelize.Font {
	family := bodyFont
	if bold && size > 12 {
		family = titleFont
	}
	return &excelize.Font{Family: family, Size: size, Bold: bold}
}

// title is the big centred line at the top of a sheet.
func (s *styles) title() int {
	return s.get("title", func() *excelize.Style {
		return &excelize.Style{Font: font(true, 16), Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}}
	})
}

// note is plain unboxed text under a title.
func (s *styles) note() int {
	return s.get("note", func() *excelize.Style {
		return &excelize.Style{Font: font(false, 10), Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}}
	})
}

func (s *styles) header() int {
	return s.get("header", func() *excelize.Style {
		return &excelize.Style{Font: font(true, 11), Border: thinBorder(),
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{headerFill}},
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}}
	})
}

// text is a boxed, wrapped, locked cell; align is "left" or "center".
func (s *styles) text(align string) int {
	return s.get("text-"+align, func() *excelize.Style {
		return &excelize.Style{Font: font(false, 11), Border: thinBorder(),
			Alignment: &excelize.Alignment{Horizontal: align, Vertical: "center", WrapText: true}}
	})
}

// number is a boxed, right-aligned, locked number with a custom format ("0.0",
// `0"以上"`, …): rounding happens here, at display.
func (s *styles) number(format string) int {
	return s.get("number-"+format, func() *excelize.Style {
		return &excelize.Style{Font: font(false, 11), Border: thinBorder(), CustomNumFmt: &format,
			Alignment: &excelize.Alignment{Horizontal: "right", Vertical: "center"}}
	})
}

// input is an unlocked, tinted cell the unit types into; format is a number format
// ("" for text, which wraps).
func (s *styles) input(format string) int {
	return s.get("input-"+format, func() *excelize.Style {
		st := &excelize.Style{Font: font(false, 11), Border: thinBorder(),
			Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{inputFill}},
			Protection: &excelize.Protection{Locked: false},
			Alignment:  &excelize.Alignment{Horizontal: "left", Vertical: "center", WrapText: true}}
		if format != "" {
			st.CustomNumFmt = &format
			st.Alignment = &excelize.Alignment{Horizontal: "right", Vertical: "center"}
		}
		return st
	})
}

// fill is a legend swatch.
func (s *styles) fill(color string) int {
	return s.get("fill-"+color, func() *excelize.Style {
		return &excelize.Style{Border: thinBorder(), Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{color}}}
	})
}

// fitNumber is a number that shrinks to fit its cell rather than print as ###, for
// computed cells (完成率) whose width depends on what a clerk types.
func (s *styles) fitNumber(format string) int {
	return s.get("fit-number-"+format, func() *excelize.Style {
		return &excelize.Style{Font: font(false, 11), Border: thinBorder(), CustomNumFmt: &format,
			Alignment: &excelize.Alignment{Horizontal: "right", Vertical: "center", ShrinkToFit: true}}
	})
}
