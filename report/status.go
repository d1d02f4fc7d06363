package report

import "tenglong/campaign"

// Status fills, the same as the 汇总表's (workbook/styles.go) so paper and Excel agree.
var (
	fillGreen  = rgb{198, 239, 206}
	fillYellow = rgb{255, 235, 156}
	fillRed    = rgb{255, 199, 206}
	fillGrey   = rgb{231, 230, 230}
)

// statusFill is the fill of a cell showing a status; nil for na and pending.
func statusFill(s campaign.Status) *rgb {
	switch s {
	case campaign.StatusGreen:
		return &fillGreen
	case campaign.StatusYellow:
		return &fillYellow
	case campaign.StatusRed:
		return &fillRed
	case campaign.StatusMissing:
		return &fillGrey
	}
	return nil
}
