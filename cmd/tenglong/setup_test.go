package main

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// The packages `make test` needs are one list, .ci/packages: the README's and
// docs/testing.md's apt line names exactly those, in that order, and nothing only
// `make bench` or the font scripts need; .ci/run and .ci/deps.sh read the list
// instead of keeping their own.
func TestSetupOnePackageList(t *testing.T) {
	listed := packageList(t, "../../.ci/packages")
	want := "apt-get install -y --no-install-recommends " + strings.Join(listed, " ")
	for _, doc := range []string{"../../README.md", "../../docs/testing.md"} {
		text := readText(t, doc)
		lines := regexp.MustCompile(`(?m)^sudo apt-get update && sudo (apt-get install[^\n]*)$`).FindAllStringSubmatch(text, -1)
		if len(lines) != 1 || lines[0][1] != want {
			t.Errorf("%s: apt lines %q, want one: %q", doc, lines, want)
		}
	}
	for _, p := range []string{"fonts-noto-cjk", "postfix", "dovecot-imapd", "libreoffice-calc-nogui"} {
		if !contains(listed, p) {
			t.Errorf(".ci/packages lacks %s, which the tests need", p)
		}
	}
	for _, p := range []string{"python3-fonttools", "fonts-lxgw-wenkai", "python3-xlsxwriter", "time"} {
		if contains(listed, p) {
			t.Errorf(".ci/packages lists %s, which no test needs", p)
		}
	}
	for _, p := range []string{"python3-xlsxwriter", "time"} {
		if !contains(packageList(t, "../../.ci/packages-bench"), p) {
			t.Errorf(".ci/packages-bench lacks %s, which make bench needs", p)
		}
	}
	for _, script := range []string{"../../.ci/run", "../../.ci/deps.sh"} {
		text := readText(t, script)
		if !strings.Contains(text, "deps.sh") && !strings.Contains(text, ".ci/packages") {
			t.Errorf("%s does not use the one list", script)
		}
		if strings.Contains(text, "fonttools") || strings.Contains(text, "PACKAGES=(") {
			t.Errorf("%s keeps a list of its own", script)
		}
	}
	// The README points at the repository's own design documents, not a DESIGN.md
	// that is not in it.
	readme := readText(t, "../../README.md")
	if strings.Contains(readme, "DESIGN.md") || !strings.Contains(readme, "docs/design.md") {
		t.Error("README.md should cite docs/design.md, not DESIGN.md")
	}
	if _, err := os.Stat("../../docs/design.md"); err != nil {
		t.Error(err)
	}
}

func packageList(t *testing.T, path string) []string {
	t.Helper()
	var out []string
	for _, line := range strings.Split(readText(t, path), "\n") {
		if i := strings.Index(line, "#"); i >= 0 {
			line = line[:i]
		}
		out = append(out, strings.Fields(line)...)
	}
	return out
}

func readText(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}
