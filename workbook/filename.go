package workbook

import (
	"fmt"

	"tenglong/campaign"
	"tenglong/internal/fileout"
)

// TemplateFileName is the name a unit's template goes by wherever it is written or
// served (generate, send, the web portal): <NN>-<unit name>-<period>.xlsx, NN the
// unit's position in the campaign padded to the unit count.
func TemplateFileName(number, units int, name string, p campaign.Period) string {
	width := len(fmt.Sprint(units))
	if width < 2 {
		width = 2
	}
	return fmt.Sprintf("%0*d-%s-%s.xlsx", width, number, fileout.SafeName(name), p)
}
