package e2e_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestCasePagesInARowDoNotStall: each case page follows its case over a
// stream. A browser allows six connections to one server and keeps a page
// it leaves (with its stream) for the back button, so without closing the
// stream on leaving, the seventh case page visited never loads.
func TestCasePagesInARowDoNotStall(t *testing.T) {
	s := startSystem(t)
	li := s.login("li-na")
	var ids []string
	for i := range 8 {
		ids = append(ids, s.newbornCase(li, fmt.Sprintf("in-a-row-%d", i)))
	}
	ctx := openBrowser(t, "li-na")
	run(t, ctx, "sign in", signIn(s, "li-na"))
	for i, id := range append(ids, ids[0]) {
		c, cancel := context.WithTimeout(ctx, 8*time.Second)
		resp, err := chromedp.Run(c, chromedp.NavigateResponse(s.base+"/cases/"+id))
		cancel()
		if err != nil || resp.Status != 200 {
			t.Fatalf("case page %d of a row did not load: %v", i+1, err)
		}
	}
}
