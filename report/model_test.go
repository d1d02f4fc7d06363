package report

import (
	"fmt"
	"testing"
)

// TestHex: a colour as the model keeps it is fmt's %02X%02X%02X, out of range too.
func TestHex(t *testing.T) {
	for _, c := range []rgb{black, red, headerFill, fillGreen, fillGrey, {255, 255, 255}, {1, 16, 171}, {-1, 300, 5}} {
		if got, want := c.hex(), fmt.Sprintf("%02X%02X%02X", c.r, c.g, c.b); got != want {
			t.Errorf("%v: %s, want %s", c, got, want)
		}
	}
}
