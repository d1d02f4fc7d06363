package seeds

import (
	"embed"
	"sort"
	"strings"
)

//go:embed *.yaml
var files embed.FS

// IDs lists the seed ids in a stable order.
func IDs() []string {
	entries, _ := files.ReadDir(".")
	var ids []string
	for _, e := range entries {
		ids = append(ids, strings.TrimSuffix(e.Name(), ".yaml"))
	}
	sort.Strings(ids)
	return ids
}

// Get returns the campaign file of a seed.
func Get(id string) ([]byte, bool) {
	data, err := files.ReadFile(id + ".yaml")
	if err != nil {
		return nil, false
	}
	return data, true
}
