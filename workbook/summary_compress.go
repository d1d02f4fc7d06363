package workbook

import (
	"io"

	"github.com/klauspost/compress/flate"
)

// summaryCompression is the deflate level of the 汇总表's spooled sheets, most of
// its bytes (958 MB of XML, 86 MB deflated, at 5,000 units). compress/flate's
// default level took 11.3 s for them on one core; github.com/klauspost/compress at
// level 6 takes 2.8 s for 94 MB (level 5: 2.7 s, 102 MB; level 7: 4.1 s, 87 MB).
// The sheets themselves are unchanged: only how their bytes are packed.
const summaryCompression = 6

// summaryCompressor is archive/zip's Compressor for the spooled sheets.
func summaryCompressor(w io.Writer) (io.WriteCloser, error) {
	return flate.NewWriter(w, summaryCompression)
}
