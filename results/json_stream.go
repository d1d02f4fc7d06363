package results

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
)

// writeStreamedJSON writes a document exactly as the CLI prints JSON (an encoder
// indenting by two spaces, HTML characters not escaped, a newline at the end), with
// its top-level array field made one element at a time: head is the document with
// that field empty, elem(i) the i-th of its n elements. The document of 5,000 units
// is then never held whole, neither as values nor as text: only one element is.
func writeStreamedJSON(w io.Writer, head any, field string, n int, elem func(i int) any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(head); err != nil {
		return err
	}
	doc := buf.Bytes()
	if n == 0 {
		_, err := w.Write(doc)
		return err
	}
	// A field of the top level starts a line indented once; an occurrence inside a
	// string would have its quotes and newline escaped.
	mark := []byte("\n  " + `"` + field + `": []`)
	at := bytes.Index(doc, mark)
	if at < 0 || bytes.Count(doc, mark) != 1 {
		return fmt.Errorf("JSON document has no empty top-level %q", field)
	}
	rest := append([]byte(nil), doc[at+len(mark):]...)
	out := bufio.NewWriterSize(w, 1<<16)
	out.Write(doc[:at+len(mark)-1]) // up to and with the [
	var el bytes.Buffer
	elEnc := json.NewEncoder(&el)
	elEnc.SetEscapeHTML(false)
	elEnc.SetIndent("    ", "  ")
	for i := range n {
		el.Reset()
		if err := elEnc.Encode(elem(i)); err != nil {
			return err
		}
		out.WriteString("\n    ")
		out.Write(bytes.TrimSuffix(el.Bytes(), []byte("\n")))
		if i < n-1 {
			out.WriteByte(',')
		}
	}
	out.WriteString("\n  ]")
	out.Write(rest)
	return out.Flush()
}
