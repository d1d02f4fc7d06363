package campaign

import (
	"sync"
	"time"
	// The IANA database inside the binary: a Windows or minimal Linux machine without
	// /usr/share/zoneinfo must still judge deadlines in Asia/Shanghai.
	_ "time/tzdata"
)

// DefaultTimezone is the zone of an office that does not write `timezone:`.
const DefaultTimezone = "Asia/Shanghai"

var defaultLocation = sync.OnceValue(func() *time.Location {
	loc, err := time.LoadLocation(DefaultTimezone)
	if err != nil {
		// time/tzdata is embedded: only a broken build gets here; China has no DST.
		return time.FixedZone("CST", 8*3600)
	}
	return loc
})

// Location is the campaign's time zone (campaign.yaml `timezone:`, default
// Asia/Shanghai): deadlines end at midnight there, and every time shown to the office
// is shown there — never in the time zone of the machine that runs tenglong.
func (c *Campaign) Location() *time.Location {
	if c.location != nil {
		return c.location
	}
	if c.Timezone != "" && c.Timezone != DefaultTimezone {
		if loc, err := time.LoadLocation(c.Timezone); err == nil {
			return loc
		}
	}
	return defaultLocation()
}

// In is t in the campaign's time zone.
func (c *Campaign) In(t time.Time) time.Time { return t.In(c.Location()) }

// Late reports whether a return received at a moment missed the period's deadline:
// after the end of the deadline day in the campaign's time zone, wherever the moment
// was stamped (a mail's Date in UTC, a server clock in New York).
func (c *Campaign) Late(p Period, received time.Time) bool {
	return p.Late(c.In(received), c.Deadline)
}

// loadLocation resolves an IANA zone name written in campaign.yaml. Only names
// (Asia/Shanghai, Asia/Urumqi) are accepted: "Local" would make results depend on the
// machine again, and "" means the default.
func loadLocation(name string) (*time.Location, bool) {
	if name == "" || name == "Local" {
		return nil, false
	}
	loc, err := time.LoadLocation(name)
	return loc, err == nil
}
