package returns

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"
)

// The shortcuts checking takes for what people usually type (issue 21) give what the
// general code gives: a valid USCC passes exactly when the full check passes it, a
// canonical code is its own normal form, plain ASCII needs no trimming or folding.
func TestFastPathsAgree(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 7))
	alphabet := usccAlphabet + "IOSVZ0 a-+E.１"
	var codes []string
	for _, c := range []string{"91330500MA28C5XK9B", "91330500MA28C5XK9A", "9133050OMA28C5XK9B", "9.13305E+17", "", "91330500MA28C5XK9"} {
		codes = append(codes, c)
	}
	for range 20000 {
		b := make([]byte, 0, 18)
		for range 17 {
			b = append(b, usccAlphabet[rng.IntN(len(usccAlphabet))])
		}
		check, _ := USCCCheckChar(string(b))
		switch rng.IntN(4) {
		case 0: // a valid code
			b = append(b, check)
		case 1: // a typo in the body
			b = append(b, check)
			b[rng.IntN(17)] = alphabet[rng.IntN(len(alphabet))]
		default: // any last character
			b = append(b, alphabet[rng.IntN(len(alphabet))])
		}
		codes = append(codes, string(b))
	}
	valid := 0
	for _, code := range codes {
		fast, slow := validUSCC(code), usccProblem(code) == nil
		if fast && !slow {
			t.Fatalf("%q: the shortcut passes a code the full check refuses: %v", code, usccProblem(code))
		}
		if slow && canonicalASCII(code) && !fast {
			t.Fatalf("%q: the shortcut refuses a valid code", code)
		}
		if fast {
			valid++
		}
		if got, want := NormalizeUSCC(code), strings.ToUpper(squeeze(fold(code))); got != want {
			t.Errorf("NormalizeUSCC(%q) = %q, want %q", code, got, want)
		}
	}
	if valid < len(codes)/5 {
		t.Errorf("only %d of %d codes valid: the test does not test the shortcut", valid, len(codes))
	}

	texts := []string{"", "a", " a", "a ", "12.5", "\u3000１２\u3000", "\u200b5", "5\u00a0", "x\x1f", "\x7f", "甲", "a\tb", "-3", "(1)"}
	for _, s := range texts {
		want := strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) || isInvisible(r) })
		if got := trim(s); got != want {
			t.Errorf("trim(%q) = %q, want %q", s, got, want)
		}
		if plainASCII(s) && squeeze(fold(s)) != s {
			t.Errorf("%q is plain ASCII but folds or squeezes to %q", s, squeeze(fold(s)))
		}
	}
}

// A number read through the shortcut (no count of significant digits when it was
// written with at most 15) is held to Excel's 15 digits all the same: holding it again
// changes nothing. Numbers of 16 digits and more still go through the count.
func TestNormalizeNumberShortcut(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 8))
	parts := []string{"0", "1", "9", "00", "12", "1,234", "5", ".", "-", "+", "e", "E+", "3", "000000000000001", "%", "万", "99999999"}
	long := 0
	for range 20000 {
		var b strings.Builder
		for range 1 + rng.IntN(6) {
			b.WriteString(parts[rng.IntN(len(parts))])
		}
		raw := b.String()
		for _, typed := range []bool{false, true} {
			n, err := normalizeNumber(raw, "万元", typed)
			if err != nil {
				if strings.Contains(err.Error(), "有效数字") {
					long++
				}
				continue
			}
			again, err := fifteenDigits(n, raw, typed)
			if err != nil || !again.Equal(n) || again.Exponent() != n.Exponent() {
				t.Fatalf("%q (typed %v) read as %v, which has more than 15 significant digits: %v %v", raw, typed, n, again, err)
			}
		}
	}
	if long == 0 {
		t.Error("no number of more than 15 digits was refused: the test does not reach the count")
	}
	for raw, want := range map[string]string{"1234.5": "1234.5", "-0.50": "-0.5", "5.": "5", "+3": "3", "0012": "12", ".5": "0.5", "1,234": "1234"} {
		n, err := NormalizeNumber(raw, "")
		if err != nil || n.String() != want {
			t.Errorf("NormalizeNumber(%q) = %v %v, want %s", raw, n, err, want)
		}
	}
}

// decimalText is the number's String, whether it takes the typed text or formats it.
func TestDecimalText(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 9))
	parts := []string{"0", "1", "05", "9", ".", "-", "00", "10", "123456789", "E3", " "}
	kept := 0
	for range 20000 {
		var b strings.Builder
		for range 1 + rng.IntN(5) {
			b.WriteString(parts[rng.IntN(len(parts))])
		}
		raw := b.String()
		n, err := NormalizeNumber(raw, "")
		if err != nil {
			continue
		}
		got := decimalText(raw, n)
		if got != n.String() {
			t.Fatalf("decimalText(%q) = %q, String %q", raw, got, n.String())
		}
		if got == raw {
			kept++
		}
	}
	if kept == 0 {
		t.Error("no typed text was kept: the test does not reach the shortcut")
	}
}
