package returns

import "fmt"

// CodeWrongLink: tenglong serve's unit portal takes, through one unit's link for one
// period, only that unit's template of that period; anything else is refused, so a
// link never writes another unit's data or another period's.
var CodeWrongLink = define("wrong-link", SeverityError, "a file uploaded through a unit's portal link is another unit's or another period's template")

// WrongLink is the finding for a file of unit fileUnit and period filePeriod uploaded
// through the link of linkUnit for linkPeriod (names and period labels as people say them).
func WrongLink(fileUnit, filePeriod, linkUnit, linkPeriod string) Finding {
	return Finding{Code: CodeWrongLink, Severity: SeverityError,
		Message: fmt.Sprintf("这是%s%s的填报模板，不是本链接对应的%s%s：请在本页下载本单位本期的模板，填好后再上传", fileUnit, filePeriod, linkUnit, linkPeriod)}
}
