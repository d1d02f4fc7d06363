package campaign

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"sync"
)

// Fingerprint is a hash of the campaign's definition as loaded — not of the file's
// bytes, so comments, key order and layout do not change it, while any id, name,
// target, list, task or rule does. Templates carry it so that ingest can tell a return
// made from an older definition. YAML line numbers are excluded (json:"-").
//
// A loaded campaign computes it once (templates for 1,300 units would otherwise hash
// the whole definition 1,300 times); a loaded campaign is not to be modified.
func (c *Campaign) Fingerprint() string {
	if c.fingerprint == nil {
		return c.computeFingerprint()
	}
	c.fingerprint.once.Do(func() { c.fingerprint.value = c.computeFingerprint() })
	return c.fingerprint.value
}

// fingerprintCache holds a loaded campaign's fingerprint, computed on first use.
type fingerprintCache struct {
	once  sync.Once
	value string
}

func (c *Campaign) computeFingerprint() string {
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
