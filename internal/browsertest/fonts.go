package browsertest

import (
	"context"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/css"
	"github.com/chromedp/chromedp"
)

// Fonts returns the families of the fonts Chromium actually used to draw the text
// directly inside the first element matching the CSS selector, with the number of
// glyphs drawn in each. A Chinese page drawn without a CJK font shows empty boxes
// (tofu) in a screenshot; this says so without anyone looking.
//
// The node comes from chromedp's own query: a DOM.getDocument of our own would
// reset the node ids chromedp keeps, and its next query would wait forever. Right
// after a navigation the page (a form's redirect) chromedp's node can already be
// gone; the question is asked again until StepTimeout.
func (b *Browser) Fonts(selector string) map[string]float64 {
	b.t.Helper()
	deadline := time.Now().Add(StepTimeout)
	for {
		ctx, cancel := context.WithTimeout(b.tab, 10*time.Second)
		fonts, err := chromedp.Run(ctx, platformFonts(selector))
		cancel()
		if err == nil {
			return fonts
		}
		if time.Now().After(deadline) {
			b.failed(err)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func platformFonts(selector string) chromedp.Action[map[string]float64] {
	return chromedp.QueryAfter(chromedp.CSS(selector),
		func(ctx context.Context, t *chromedp.Target, nodes []*chromedp.Node) (map[string]float64, error) {
			if _, err := cdp.Call(ctx, t, css.Enable, cdp.Empty{}); err != nil {
				return nil, err
			}
			res, err := cdp.Call(ctx, t, css.GetPlatformFontsForNode, css.GetPlatformFontsForNodeParams{NodeID: nodes[0].NodeID})
			if err != nil {
				return nil, err
			}
			fonts := map[string]float64{}
			for _, f := range res.Fonts {
				fonts[f.FamilyName] += f.GlyphCount
			}
			return fonts, nil
		})
}
