package workbook

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
)

// A deflated part inflates to its bytes through the pooled decompressor, read from
// memory or through any other reader, again and again; a part whose compressed bytes
// were damaged is refused as damaged (CRC or corrupt stream), never read otherwise.
func TestInflatePooled(t *testing.T) {
	want := []byte(strings.Repeat(`<row r="1"><c r="A1"><v>12.5</v></c></row>`, 2000))
	data := deflatedZip(t, []zipPart{{"a.xml", want}, {"b.xml", []byte("<x/>")}})
	for round := range 3 { // the second and third take kept decompressors
		p, err := openPackage(data)
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{"a.xml", "b.xml", "a.xml"} {
			got, err := p.read(name, partScanned)
			if err != nil {
				t.Fatalf("round %d, %s: %v", round, name, err)
			}
			if name == "a.xml" && !bytes.Equal(got, want) {
				t.Fatalf("round %d: a.xml inflated to %d bytes, want %d", round, len(got), len(want))
			}
		}
	}
	// Not from memory: the section reader's bytes through the bufio.Reader.
	f := mustOpen(t, data).files["a.xml"]
	raw, err := f.OpenRaw()
	if err != nil {
		t.Fatal(err)
	}
	rc := newInflater(io.LimitReader(raw, int64(f.CompressedSize64)))
	got, err := io.ReadAll(rc)
	rc.Close()
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("through a reader: %d bytes, %v", len(got), err)
	}
	off, err := f.DataOffset()
	if err != nil {
		t.Fatal(err)
	}
	// A section of a zip in memory is read as its slice; one partly read, or of
	// another reader, is not.
	n := int64(f.CompressedSize64)
	if b, ok := memSection(io.NewSectionReader(newMemZip(data), off, n)); !ok || !bytes.Equal(b, data[off:off+n]) {
		t.Errorf("memSection of a fresh section: %v", ok)
	}
	sr := io.NewSectionReader(newMemZip(data), off, n)
	sr.Read(make([]byte, 3))
	if _, ok := memSection(sr); ok {
		t.Error("memSection took a section partly read")
	}
	if _, ok := memSection(io.NewSectionReader(bytes.NewReader(data), off, n)); ok {
		t.Error("memSection took a section of another reader")
	}
	// Damage a byte inside a.xml's compressed data.
	for _, at := range []int64{off + 10, off + int64(f.CompressedSize64)/2} {
		bad := bytes.Clone(data)
		bad[at] ^= 0x55
		p := mustOpen(t, bad)
		if _, err := p.read("a.xml", partScanned); !errors.Is(err, ErrDamaged) {
			t.Errorf("byte %d damaged: %v, want ErrDamaged", at-off, err)
		}
	}
}

func mustOpen(t *testing.T, data []byte) *pkg {
	t.Helper()
	p, err := openPackage(data)
	if err != nil {
		t.Fatal(err)
	}
	return p
}
