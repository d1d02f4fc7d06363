package gofpdf

// tenglong: this file is not upstream's. It writes each page to an io.Writer as
// soon as the page is finished, so a document of thousands of pages does not keep
// them all in memory (issue 21: the bulletin of 5,000 units has about 9,000 pages).
// The bytes written are exactly those Output writes without streaming: the header
// and the page objects come first in upstream's order too, and the fonts, which
// hold only the characters used, come after the pages in both.

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
)

// StreamTo makes the document write itself to w as it is laid out: the header
// before the first page's content, each page once the next one is added, the rest
// (fonts, resources, cross-reference table) when Output is called, which must be
// given the same w. It must be called before the first page is added.
//
// What needs a page after it is finished cannot be streamed and sets the
// document's error: going back to a page (SetPage), page-number aliases
// (AliasNbPages, RegisterAlias), internal links (AddLink), attachments, layers,
// and anything that raises the PDF version after the header is written (SetAlpha
// with a blend mode, transparent PNGs).
func (f *Fpdf) StreamTo(w io.Writer) {
	if f.err != nil {
		return
	}
	if f.page > 0 {
		f.err = fmt.Errorf("StreamTo must be called before the first page is added")
		return
	}
	f.stream = w
}

// streamPage starts compressing finished page n, on another goroutine while the
// next page is laid out, after writing page n-1 (and the header before the first)
// to the stream.
func (f *Fpdf) streamPage(n int) {
	if f.err != nil {
		return
	}
	if err := f.streamable(n); err != nil {
		f.err = err
		return
	}
	if n == 1 {
		f.putheader()
		f.streamVersion = f.pdfVersion
	}
	f.finishPage()
	if !f.compress {
		f.writePage(n)
		return
	}
	content := f.pages[n]
	f.pending = make(chan []byte, 1)
	go func(done chan<- []byte) { done <- f.compressPage(content.Bytes()) }(f.pending)
}

// finishPage writes the page streamPage is compressing, if any, once it is.
func (f *Fpdf) finishPage() {
	if f.pending == nil {
		return
	}
	f.compressed = <-f.pending
	f.pending = nil
	f.writePage(f.pagesOut + 1)
	f.compressed = nil
}

// writePage writes page n to the stream and lets go of it; its buffer holds a
// later page's content.
func (f *Fpdf) writePage(n int) {
	f.putpage(n)
	f.pagesOut = n
	f.spare, f.pages[n] = f.pages[n], nil
	f.spare.Reset()
	delete(f.pageBoxes, n)
	f.pageLinks[n], f.pageAttachments[n] = nil, nil
	f.flush()
}

// streamable says why page n cannot be written yet, or nil.
func (f *Fpdf) streamable(n int) error {
	switch {
	case len(f.aliasMap) > 0 || f.aliasNbPagesStr != "":
		return fmt.Errorf("page aliases cannot be replaced in a streamed document")
	case len(f.links) > 1:
		return fmt.Errorf("internal links cannot be set in a streamed document")
	case len(f.attachments) > 0 || len(f.pageAttachments[n]) > 0:
		return fmt.Errorf("attachments cannot be written in a streamed document")
	case len(f.layer.list) > 0:
		return fmt.Errorf("layers cannot be written in a streamed document")
	case n > 1 && f.pdfVersion != f.streamVersion:
		return fmt.Errorf("the PDF version changed after the header of a streamed document was written")
	}
	return nil
}

// flush writes what the buffer holds to the stream.
func (f *Fpdf) flush() {
	if f.stream == nil || f.err != nil {
		return
	}
	n, err := f.buffer.WriteTo(f.stream)
	f.flushed += int(n)
	if err != nil {
		f.err = err
	}
}

// offset is the position in the file of what is written next.
func (f *Fpdf) offset() int { return f.flushed + f.buffer.Len() }

// newPageBuffer is an empty buffer for a page's content: a streamed page's.
func (f *Fpdf) newPageBuffer() *bytes.Buffer {
	if b := f.spare; b != nil {
		f.spare = nil
		return b
	}
	return bytes.NewBufferString("")
}

// compressPage compresses a page's content as sliceCompress does (zlib, best
// speed), with one writer and one buffer for every page: a new zlib writer
// allocates about 1 MB. The result is valid until the next call; calls must not
// overlap (streamPage waits for one before it starts the next).
func (f *Fpdf) compressPage(data []byte) []byte {
	f.zbuf.Reset()
	if f.zw == nil {
		f.zw, _ = zlib.NewWriterLevel(&f.zbuf, zlib.BestSpeed)
	} else {
		f.zw.Reset(&f.zbuf)
	}
	f.zw.Write(data)
	f.zw.Close()
	return f.zbuf.Bytes()
}
