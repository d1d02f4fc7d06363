package workbook

import (
	"archive/zip"
	"bufio"
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
	in.br.Reset(nil) // drop the reference to this file's bytes
	inflaters.Put(in)
	return nil
}

// newInflater is the zip.Decompressor for Deflate entries.
func newInflater(r io.Reader) io.ReadCloser {
	in, ok := inflaters.Get().(*inflater)
	if !ok {
		br := bufio.NewReaderSize(r, 16<<10)
		return &pooledInflater{in: &inflater{br: br, fr: flate.NewReader(br)}}
	}
	in.br.Reset(r)
	if err := in.fr.(flate.Resetter).Reset(in.br, nil); err != nil {
		// Never for a nil dictionary; a fresh decompressor then.
		in.fr = flate.NewReader(in.br)
	}
	return &pooledInflater{in: in}
}

// useInflater makes zr inflate its Deflate entries with newInflater.
func useInflater(zr *zip.Reader) { zr.RegisterDecompressor(zip.Deflate, newInflater) }
