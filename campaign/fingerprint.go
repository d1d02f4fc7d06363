package campaign

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
)

// Fingerprint is a hash of the campaign's definition as loaded — not of the file's
// bytes, so comments, key order and layout do not change it, while any id, name,
// target, list, task or rule does. Templates carry it so that ingest can tell a return
// made from an older definition. YAML line numbers are excluded (json:"-").
func (c *Campaign) Fingerprint() string {
	// encoding/json writes struct fields in declaration order and map keys sorted,
	// and decimals as their exact text: the encoding is canonical.
	data, err := json.Marshal(c)
	if err != nil {
		// Every field is plain data; Marshal cannot fail on a loaded campaign.
		panic("campaign: fingerprint: " + err.Error())
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}
