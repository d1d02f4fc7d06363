package workbook

import (
	"archive/zip"
	"bytes"
	"hash/crc32"
	"hash/maphash"
	"sync"

	"github.com/klauspost/compress/flate"
)

// Compression of a template's parts. Every part is deflated before it goes into the
// zip and copied in as it is (zip.Writer.CreateRaw), for three reasons:
//
//   - The parts all templates share (theme, properties, styles.xml) are compressed
//     once per process at the default level (stamp_parts.go).
//   - A part whose bytes equal those of the same part of the template written just
//     before — the guide, a list without per-unit rows, the workbook and its
//     relationships: a quarter of a province template — reuses that template's
//     compressed bytes (recentParts) instead of compressing them again. Only a part
//     seen twice in a row is kept to compare with; the rest of a template's XML is
//     written into buffers used again by the next template (xmlBuffers).
//   - The rest is compressed with github.com/klauspost/compress/flate at level 1:
//     about 3× faster than compress/flate's level 1 for the same size on template
//     XML (2.6 ms against 0.8 ms a province template), when compression was a
//     sixth of generate's CPU time. Its output is ordinary deflate; the parts
//     themselves are unchanged (stamp_test.go compares them uncompressed).

// rawPart is a part with its compressed bytes, copied into a zip as they are.
type rawPart struct {
	data       []byte // uncompressed, where kept: to compare, and for the tests
	size       int    // uncompressed
	compressed []byte
	crc        uint32
}

// templateCompression is the deflate level of a template's own parts: level 1 is a
// few per cent larger than the default level for a fraction of its time.
const templateCompression = flate.BestSpeed

var flatePools = map[int]*sync.Pool{templateCompression: {}, flate.DefaultCompression: {}}

// deflatePart compresses data at level (templateCompression or flate.DefaultCompression).
func deflatePart(data []byte, level int) (*rawPart, error) {
	buf := bytes.NewBuffer(make([]byte, 0, len(data)/4+64))
	pool := flatePools[level]
	fw, ok := pool.Get().(*flate.Writer)
	if ok {
		fw.Reset(buf)
	} else {
		var err error
		if fw, err = flate.NewWriter(buf, level); err != nil {
			return nil, err
		}
	}
	if _, err := fw.Write(data); err != nil {
		return nil, err
	}
	if err := fw.Close(); err != nil {
		return nil, err
	}
	pool.Put(fw)
	return &rawPart{size: len(data), compressed: buf.Bytes(), crc: crc32.ChecksumIEEE(data)}, nil
}

// newRawPart compresses a part every template shares, once, at the default level.
func newRawPart(data []byte) (*rawPart, error) {
	r, err := deflatePart(data, flate.DefaultCompression)
	if err != nil {
		return nil, err
	}
	r.data = data
	return r, nil
}

// recentParts holds, by part name, the hash of the last template's part, and when
// that part was the same as the one before, a copy of it with its compressed bytes.
// Its parts are never modified after they are stored.
var recentParts struct {
	sync.Mutex
	byName map[string]recentPart
}

type recentPart struct {
	hash uint64
	raw  *rawPart // with data when the part repeated
}

var partSeed = maphash.MakeSeed()

// ownPart is a template's own part compressed: the previous template's when the
// bytes are the same, else compressed now. data is not kept: the caller may use it
// again.
func ownPart(name string, data []byte) (*rawPart, error) {
	h := maphash.Bytes(partSeed, data)
	recentParts.Lock()
	prev, seen := recentParts.byName[name]
	recentParts.Unlock()
	if seen && prev.hash == h && prev.raw.data != nil && bytes.Equal(prev.raw.data, data) {
		return prev.raw, nil
	}
	r, err := deflatePart(data, templateCompression)
	if err != nil {
		return nil, err
	}
	if seen && prev.hash == h { // the same twice in a row: keep it to compare with
		r.data = bytes.Clone(data)
	}
	recentParts.Lock()
	if recentParts.byName == nil {
		recentParts.byName = map[string]recentPart{}
	}
	recentParts.byName[name] = recentPart{hash: h, raw: r}
	recentParts.Unlock()
	return r, nil
}

// xmlBuffers are the buffers a template's sheets and shared strings are written
// into, used again once the template is zipped.
var xmlBuffers sync.Pool

// xmlBuffer is an empty buffer with room for the part the same name had last time.
func xmlBuffer(name string) []byte {
	want := 16 << 10
	recentParts.Lock()
	if prev, ok := recentParts.byName[name]; ok {
		want = prev.raw.size + prev.raw.size/8 + 256
	}
	recentParts.Unlock()
	if b, ok := xmlBuffers.Get().(*[]byte); ok && cap(*b) >= want {
		return (*b)[:0]
	}
	return make([]byte, 0, want)
}

func (r *rawPart) write(zw *zip.Writer, name string) error {
	w, err := zw.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Deflate, CRC32: r.crc,
		CompressedSize64: uint64(len(r.compressed)), UncompressedSize64: uint64(r.size)})
	if err != nil {
		return err
	}
	_, err = w.Write(r.compressed)
	return err
}

// zipEntrySize is what a part stored with CreateRaw adds to a zip besides its
// compressed bytes: the local header and the central directory entry, each with
// the name (no data descriptor, no extra fields).
func zipEntrySize(name string) int { return 30 + 46 + 2*len(name) }

// xlsx is the .xlsx package, written into a buffer of its exact size.
func (f *stampFile) xlsx() ([]byte, error) {
	parts, err := f.parts()
	if err != nil {
		return nil, err
	}
	size := 22 // the end of central directory record
	for i := range parts {
		p := &parts[i]
		if p.raw == nil {
			if p.raw, err = ownPart(p.name, p.data); err != nil {
				return nil, err
			}
		}
		size += zipEntrySize(p.name) + len(p.raw.compressed)
	}
	buf := bytes.NewBuffer(make([]byte, 0, size))
	zw := zip.NewWriter(buf)
	for _, p := range parts {
		if err := p.raw.write(zw, p.name); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	for _, p := range parts {
		if p.pooled {
			b := p.data
			xmlBuffers.Put(&b)
		}
	}
	return buf.Bytes(), nil
}
