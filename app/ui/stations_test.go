package ui

import (
	"context"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
)

// TestDashboardFlagsSilentStation: a station whose last good bundle is
// older than the silent time is flagged on the supervisor's dashboard;
// one heard from recently is not.
func TestDashboardFlagsSilentStation(t *testing.T) {
	h := newHarness(t)
	h.withDepot("en")
	now := h.st.Now().UTC()
	for _, r := range []struct {
		code string
		ago  time.Duration
	}{{"DEMO-GZ9", 48 * time.Hour}, {"DEMO-GZ8", time.Hour}} {
		if _, err := h.st.DB().ExecContext(context.Background(), `INSERT INTO station_delivery(station, name, last_good_at)
			VALUES (?, '', ?)`, r.code, now.Add(-r.ago).Format("2006-01-02T15:04:05.000Z")); err != nil {
			t.Fatal(err)
		}
	}
	h.u.Start()
	h.signIn("Amina Juma", "246810")
	test.Tap(h.u.shell.nav[navDash])
	if !h.sees("DEMO-GZ9 has sent no good bundle for more than 24 hours") {
		t.Error("the silent station is not flagged")
	}
	if h.sees("DEMO-GZ8 has sent no good bundle") {
		t.Error("a station heard from an hour ago is flagged")
	}
}
