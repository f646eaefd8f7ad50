package exchange

import (
	"path/filepath"
	"sort"
	"testing"
	"time"

	"tusk/app/inspect"
	"tusk/app/store"
)

// TestStationRestoredFromOldBackup: a station restored from a backup older
// than what the supervisor holds gives its change numbers, and its case
// numbers, out again. Its new changes must not be taken for ones the
// supervisor has (older sequence), and its new cases must not overwrite
// the cases the supervisor got between the backup and the restore (same
// numbers). Back up, make changes, export, restore, make new changes,
// export: the supervisor holds them all.
func TestStationRestoredFromOldBackup(t *testing.T) {
	station := newHome(t, "DEMO-GZ2", "Guangzhou Baiyun 2")
	super := newHome(t, "DEMO-HQ", "Head office")
	super.trusts(t, station)
	station.trusts(t, super)
	outbox, returns := t.TempDir(), t.TempDir()
	for _, h := range []*home{station, super} {
		if err := h.st.SetSetting(ctx, h.sup, store.SettingReturns, returns); err != nil {
			t.Fatal(err)
		}
	}
	// Each round: the station exports (reading the acknowledgement
	// first), the supervisor takes the outbox as its inbox.
	round := func() {
		t.Helper()
		station.clk.add(time.Second)
		if _, err := Export(ctx, station.st, station.sup, outbox); err != nil {
			t.Fatal(err)
		}
		for _, r := range mustTake(t, super, outbox) {
			if r.Err != nil {
				t.Fatalf("import: %+v", r)
			}
		}
	}
	a := station.hold(t, "EE000000001CN")
	round()
	round()
	backup := filepath.Join(t.TempDir(), "station.db")
	if err := station.st.Backup(ctx, station.sup, backup); err != nil {
		t.Fatal(err)
	}
	// After the backup: two more holds and a decision on the first case,
	// all sent and acknowledged.
	station.hold(t, "EE000000002CN")
	station.hold(t, "EE000000003CN")
	if _, err := station.st.DecideCase(ctx, station.sup, a.Number, store.CaseDecision{Kind: store.KindReview}); err != nil {
		t.Fatal(err)
	}
	round()
	round()

	// The station's disk dies; it is restored from the backup.
	path := station.st.Path()
	station.st.Close()
	if _, err := store.Restore(ctx, path, backup); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	st.Now = station.clk.Now
	station.st = st

	// New work: a new hold (it gets the number the lost second case had)
	// and a decision on the first case again, which the station's restored
	// sequence numbers below what the supervisor holds of it.
	station.clk.add(time.Hour)
	station.hold(t, "EE000000004CN")
	if _, err := station.st.DecideCase(ctx, station.sup, a.Number, store.CaseDecision{Kind: store.KindRelease, Reason: "checked again: resin"}); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		round()
	}

	cases, err := super.st.Cases(ctx, super.sup, "")
	if err != nil {
		t.Fatal(err)
	}
	var waybills []string
	status := map[string]string{}
	for _, c := range cases {
		full, err := super.st.CaseByNumber(ctx, super.sup, c.Number)
		if err != nil {
			t.Fatal(err)
		}
		in, err := super.st.Inspection(ctx, super.sup, full.InspectionID)
		if err != nil {
			t.Fatal(err)
		}
		waybills = append(waybills, in.Parcel.Waybill)
		status[in.Parcel.Waybill] = full.Status
	}
	sort.Strings(waybills)
	if want := []string{"EE000000001CN", "EE000000002CN", "EE000000003CN", "EE000000004CN"}; !equal(waybills, want) {
		t.Errorf("supervisor holds %v, want %v", waybills, want)
	}
	if status["EE000000001CN"] != inspect.CaseClosed {
		t.Errorf("the first case's change after the restore is not at the supervisor: %q", status["EE000000001CN"])
	}
	if n := auditCount(t, station, "bundle.resequence"); n != 1 {
		t.Errorf("bundle.resequence audited %d times", n)
	}
	if o, _ := station.st.Outbound(ctx); o.AckedSeq != o.SentSeq || o.Waiting != 0 {
		t.Errorf("station after the rounds: %+v", o)
	}
}

func mustTake(t *testing.T, h *home, inbox string) []Result {
	t.Helper()
	res, err := TakeInbox(ctx, h.st, h.sup, inbox)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
