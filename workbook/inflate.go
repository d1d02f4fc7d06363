package workbook

import (
	"archive/zip"
	"bufio"
	"bytes"
	"io"
	"sync"

	"github.com/klauspost/compress/flate"
)

// A return's parts are inflated with github.com/klauspost/compress's decompressor
// rather than compress/flate's: inflating was over a quarter of reading a return, and
// klauspost's is faster on the same streams. archive/zip still opens each entry and
// checks its size and CRC-32; only the decompressor is replaced (useInflater). The
// decompressors and their read buffers are kept from one part to the next: ingest
// inflates some ten parts a file, thousands of files.

// inflater is a decompressor with the buffered reader it reads through (the
// decompressor reads a byte at a time: from a bufio.Reader that is a fast path, from
// archive/zip's section reader it would wrap a new bufio.Reader every part).
type inflater struct {
	br *bufio.Reader
	mr bytes.Reader  // over the compressed bytes, when the zip is in memory (memZip)
	fr io.ReadCloser // implements flate.Resetter
}

var inflaters sync.Pool

// pooledInflater is one open part's decompressor; Close gives it back, once.
type pooledInflater struct{ in *inflater }

func (p *pooledInflater) Read(b []byte) (int, error) {
	if p.in == nil {
		return 0, io.ErrClosedPipe
	}
	return p.in.fr.Read(b)
}

func (p *pooledInflater) Close() error {
	if p.in == nil {
		return nil
	}
	in := p.in
	p.in = nil
	in.br.Reset(nil) // drop the references to this file's bytes
	in.mr.Reset(nil)
	inflaters.Put(in)
	return nil
}

// newInflater is the zip.Decompressor for Deflate entries. An entry of a zip read
// from memory (memZip) is inflated straight from its bytes — the same bytes the
// section reader archive/zip hands over would give — through a bytes.Reader, which
// the decompressor reads without copying; any other through a bufio.Reader.
func newInflater(r io.Reader) io.ReadCloser {
	in, ok := inflaters.Get().(*inflater)
	if !ok {
		in = &inflater{br: bufio.NewReaderSize(nil, 16<<10)}
	}
	var src io.Reader = in.br
	if b, ok := memSection(r); ok {
		in.mr.Reset(b)
		src = &in.mr
	} else {
		in.br.Reset(r)
	}
	if in.fr == nil {
		in.fr = flate.NewReader(src)
	} else if err := in.fr.(flate.Resetter).Reset(src, nil); err != nil {
		in.fr = flate.NewReader(src) // never for a nil dictionary
	}
	return &pooledInflater{in: in}
}

// memZip is a zip in memory, as openPackage reads it: a bytes.Reader that keeps its
// bytes, so that an entry's compressed bytes can be had as a slice (memSection).
type memZip struct {
	*bytes.Reader
	data []byte
}

func newMemZip(data []byte) *memZip { return &memZip{Reader: bytes.NewReader(data), data: data} }

// memSection is the bytes r reads when r is a section of a memZip; false otherwise.
func memSection(r io.Reader) ([]byte, bool) {
	sr, ok := r.(*io.SectionReader)
	if !ok {
		return nil, false
	}
	outer, off, n := sr.Outer()
	m, ok := outer.(*memZip)
	if !ok || off < 0 || n < 0 || off > int64(len(m.data)) || n > int64(len(m.data))-off {
		return nil, false
	}
	// What the section reader has not read yet: all of it, as archive/zip has just made it.
	pos, err := sr.Seek(0, io.SeekCurrent)
	if err != nil || pos != 0 {
		return nil, false
	}
	return m.data[off : off+n], true
}

// useInflater makes zr inflate its Deflate entries with newInflater.
func useInflater(zr *zip.Reader) { zr.RegisterDecompressor(zip.Deflate, newInflater) }
