package cli

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"tusk/app/demo"
	"tusk/app/store"
)

// stopDemoAt makes the demo's seeding stop before its n-th write, as a
// kill between two writes would; each store write is one transaction.
func stopDemoAt(t *testing.T, n int) {
	t.Helper()
	seen := 0
	demo.Step = func() error {
		seen++
		if seen >= n {
			return errors.New("stopped")
		}
		return nil
	}
	t.Cleanup(func() { demo.Step = func() error { return nil } })
}

func demoCounts(t *testing.T, home string, waybillLike string) (users, parcels, drafts, cases int) {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(home, store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	db := st.DB()
	db.QueryRow(`SELECT COUNT(*) FROM users`).Scan(&users)
	db.QueryRow(`SELECT COUNT(*) FROM inspections WHERE status != 'draft' AND waybill LIKE ?`, waybillLike).Scan(&parcels)
	db.QueryRow(`SELECT COUNT(*) FROM inspections WHERE status = 'draft' AND waybill LIKE ?`, waybillLike).Scan(&drafts)
	db.QueryRow(`SELECT COUNT(*) FROM cases c JOIN inspections i ON i.id = c.inspection_id WHERE i.waybill LIKE ?`, waybillLike).Scan(&cases)
	return
}

// TestDemoCompletesAfterStop: a demo stopped at any write is completed by
// running it again, with nothing twice; a complete demo is left alone.
func TestDemoCompletesAfterStop(t *testing.T) {
	for _, n := range []int{1, 2, 5, 8, 9, 10, 14, 20} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			home := t.TempDir()
			stopDemoAt(t, n)
			if code, _, _ := tusk(t, "--home", home, "demo"); code == 0 {
				t.Skip("the demo has fewer writes")
			}
			demo.Step = func() error { return nil }
			if code, out, errs := tusk(t, "--home", home, "demo"); code != 0 || !strings.Contains(out, "PIN") {
				t.Fatalf("demo again: %d %q %q", code, out, errs)
			}
			users, parcels, drafts, cases := demoCounts(t, home, "%")
			if users != len(demo.Users) || parcels != len(demo.Parcels) || drafts != 0 || cases != demo.Cases() {
				t.Errorf("users %d, parcels %d, drafts %d, cases %d", users, parcels, drafts, cases)
			}
			if code, _, errs := tusk(t, "--home", home, "demo"); code != 1 || !strings.Contains(errs, "already") {
				t.Errorf("complete demo again: %d %q", code, errs)
			}
			if code, out, errs := in(t, home, "audit", "verify"); code != 0 || !strings.Contains(out, "OK") {
				t.Errorf("audit: %d %q %q", code, out, errs)
			}
		})
	}
}

// TestDemoHistoryCompletesAfterStop: the same for the demo's past.
func TestDemoHistoryCompletesAfterStop(t *testing.T) {
	for _, n := range []int{1, 3, 4, 60, 151} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			home := demoHome(t)
			stopDemoAt(t, n)
			if code, _, _ := in(t, home, "demo", "history"); code == 0 {
				t.Fatal("not stopped")
			}
			demo.Step = func() error { return nil }
			if code, out, errs := in(t, home, "demo", "history"); code != 0 || !strings.HasPrefix(out, "50 past cases") {
				t.Fatalf("history again: %d %q %q", code, out, errs)
			}
			_, parcels, drafts, cases := demoCounts(t, home, "HX%")
			if parcels != demo.HistoryCases || drafts != 0 || cases != demo.HistoryCases {
				t.Errorf("parcels %d, drafts %d, cases %d", parcels, drafts, cases)
			}
			if code, _, errs := in(t, home, "demo", "history"); code != 1 || !strings.Contains(errs, "already") {
				t.Errorf("complete history again: %d %q", code, errs)
			}
			if code, out, errs := in(t, home, "audit", "verify"); code != 0 || !strings.Contains(out, "OK") {
				t.Errorf("audit: %d %q %q", code, out, errs)
			}
		})
	}
}
