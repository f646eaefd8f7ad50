package store

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"tusk/app/inspect"
)

var t0 = time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)

// stationCase is a held parcel as a station sends it.
func stationCase(updated time.Time, status string) BundleCase {
	in := inspect.Inspection{ID: "I-20261120-0003", CreatedAt: t0, UpdatedAt: t0.Add(time.Minute), Status: inspect.StatusHeld,
		Parcel:   inspect.Parcel{Waybill: "EE123456785CN", Stage: inspect.StageAcceptance, Origin: inspect.Place{Country: "TZ"}, Destination: inspect.Place{Country: "CN"}},
		Parties:  []inspect.Party{{Role: inspect.RoleSender, Name: "Juma Hassan", Phone: "+255754000111"}},
		Findings: []inspect.Finding{{Card: "ivory-carved", Confidence: "high"}},
	}
	photo := []byte{0xFF, 0xD8, 0xFF, 0xE0, 'x', 'y'}
	sum := sha256.Sum256(photo)
	return BundleCase{Number: "C-2026-0001", Status: status, RiskLevel: inspect.LevelAmber, RiskScore: 55,
		OpenedAt: t0, UpdatedAt: updated, HeldAt: t0, DueAt: t0.Add(24 * time.Hour),
		Inspection: in, Inspector: "Li Wei",
		Custody: []BundleCustody{{Seq: 1, From: "Li Wei", To: "cage 2", At: t0, Seals: []string{"S-1"}}},
		Photos:  []BundlePhoto{{SHA256: hex.EncodeToString(sum[:]), Name: "label.jpg", MIME: "image/jpeg", Data: photo}},
	}
}

func importOne(t *testing.T, d *depotWithStaff, c BundleCase) BundleCounts {
	t.Helper()
	n, err := d.s.ImportBundle(ctx, d.sup, &BundleIn{File: "ST-1.tuskbundle", Station: "DEMO-GZ2", Key: "AAAA", Cases: []BundleCase{c}})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestImportBundleMerge(t *testing.T) {
	d := newDepot(t)
	const number = "DEMO-GZ2/C-2026-0001"
	c := stationCase(t0.Add(time.Hour), inspect.CaseOpen)
	if n := importOne(t, d, c); n != (BundleCounts{Added: 1}) {
		t.Fatalf("first import: %+v", n)
	}
	got, err := d.s.CaseByNumber(ctx, d.sup, number)
	if err != nil || got.Status != inspect.CaseOpen || got.InspectionID != "DEMO-GZ2/I-20261120-0003" {
		t.Fatalf("case: %+v %v", got, err)
	}
	// The station's inspector is a users row that never signs in.
	var active int
	var pin, station string
	if err := d.s.db.QueryRow(`SELECT active, pin_hash, station FROM users WHERE name = 'DEMO-GZ2/Li Wei'`).Scan(&active, &pin, &station); err != nil ||
		active != 0 || pin != "" || station != "DEMO-GZ2" {
		t.Errorf("station user: %d %q %q %v", active, pin, station, err)
	}
	users, _ := d.s.Users(ctx, true)
	for _, u := range users {
		if u.Name == "DEMO-GZ2/Li Wei" {
			t.Error("user list shows the station's inspector")
		}
	}

	// The same copy, and an older one, change nothing.
	if n := importOne(t, d, c); n != (BundleCounts{Unchanged: 1}) {
		t.Errorf("same copy: %+v", n)
	}
	old := stationCase(t0.Add(30*time.Minute), inspect.CaseClosed)
	old.Inspection.Parcel.Waybill = "OLD"
	if n := importOne(t, d, old); n != (BundleCounts{Unchanged: 1}) {
		t.Errorf("older copy: %+v", n)
	}

	// A newer copy updates the station's data and, with no decision here
	// yet, its status too; custody events are appended once.
	newer := stationCase(t0.Add(2*time.Hour), inspect.CaseUnderReview)
	newer.RiskScore, newer.RiskLevel = 80, inspect.LevelRed
	newer.Custody = append(newer.Custody, BundleCustody{Seq: 2, From: "cage 2", To: "safe", At: t0.Add(time.Hour)})
	if n := importOne(t, d, newer); n != (BundleCounts{Updated: 1}) {
		t.Errorf("newer copy: %+v", n)
	}
	items, _, _ := d.s.Queue(ctx, d.sup, QueueFilter{Station: "DEMO-GZ2"})
	if len(items) != 1 || items[0].Status != inspect.CaseUnderReview || items[0].Score != 80 || items[0].Risk != inspect.LevelRed {
		t.Errorf("after newer copy: %+v", items)
	}
	if cu, _ := d.s.Custody(ctx, d.sup, number); len(cu) != 2 {
		t.Errorf("custody: %+v", cu)
	}

	// The supervisor decides; a later copy must not undo it.
	if _, err := d.s.DecideCase(ctx, d.sup, number, CaseDecision{Kind: KindClose, Outcome: OutcomeNotWildlife}); err != nil {
		t.Fatal(err)
	}
	later := stationCase(t0.Add(3*time.Hour), inspect.CaseReferred)
	later.RiskScore = 90
	later.Custody = newer.Custody
	if n := importOne(t, d, later); n != (BundleCounts{Updated: 1}) {
		t.Errorf("later copy: %+v", n)
	}
	got, _ = d.s.CaseByNumber(ctx, d.sup, number)
	if got.Status != inspect.CaseClosed || got.Outcome != OutcomeNotWildlife {
		t.Errorf("supervisor's decision overwritten: %+v", got)
	}
	var score int
	d.s.db.QueryRow(`SELECT risk_score FROM cases WHERE number = ?`, number).Scan(&score)
	if score != 90 {
		t.Errorf("station's risk not updated: %d", score)
	}
	if cu, _ := d.s.Custody(ctx, d.sup, number); len(cu) != 2 {
		t.Errorf("custody after a repeat: %d events", len(cu))
	}
	if h, _ := d.s.auditQuery(ctx, `WHERE action = 'case.import'`); len(h) != 1 {
		t.Errorf("case.import audited %d times", len(h))
	}
}

func TestImportBundleRefuses(t *testing.T) {
	d := newDepot(t)
	bad := stationCase(t0, inspect.CaseOpen)
	bad.Photos[0].Data = append(bad.Photos[0].Data, '!')
	for name, tc := range map[string]struct {
		actor *User
		in    BundleIn
		want  error
	}{
		"inspector":   {d.insp, BundleIn{Station: "DEMO-GZ2", Cases: []BundleCase{stationCase(t0, inspect.CaseOpen)}}, ErrForbidden},
		"own station": {d.sup, BundleIn{Station: "gz-01", Cases: []BundleCase{stationCase(t0, inspect.CaseOpen)}}, ErrBundleOwn},
		"bad station": {d.sup, BundleIn{Station: "a/b", Cases: nil}, ErrBundleFormat},
		"photo hash":  {d.sup, BundleIn{Station: "DEMO-GZ2", Cases: []BundleCase{bad}}, ErrBundlePhotoHash},
		"slash":       {d.sup, BundleIn{Station: "DEMO-GZ2", Cases: []BundleCase{func() BundleCase { c := stationCase(t0, "open"); c.Number = "X/C-1"; return c }()}}, ErrBundleFormat},
		"status":      {d.sup, BundleIn{Station: "DEMO-GZ2", Cases: []BundleCase{stationCase(t0, "lost")}}, ErrBundleFormat},
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := d.s.ImportBundle(ctx, tc.actor, &tc.in); !errors.Is(err, tc.want) {
				t.Errorf("got %v, want %v", err, tc.want)
			}
		})
	}
	var n int
	d.s.db.QueryRow(`SELECT COUNT(*) FROM cases`).Scan(&n)
	if n != 0 {
		t.Errorf("%d cases stored", n)
	}
}

func TestCasesForBundleWatermark(t *testing.T) {
	d := newDepot(t)
	if _, err := d.s.CasesForBundle(ctx, d.insp, 0); !errors.Is(err, ErrForbidden) {
		t.Errorf("inspector: %v", err)
	}
	b, err := d.s.CasesForBundle(ctx, d.sup, 0)
	if err != nil || len(b.Cases) != 0 {
		t.Fatalf("empty depot: %+v %v", b, err)
	}
	// Imported cases are never sent on.
	importOne(t, d, stationCase(t0, inspect.CaseOpen))
	if b, _ := d.s.CasesForBundle(ctx, d.sup, 0); len(b.Cases) != 0 {
		t.Errorf("imported case would be sent: %d", len(b.Cases))
	}
	if err := d.s.MarkBundleExported(ctx, d.sup, fmtTime(t0), "x.tuskbundle", 0); err != nil {
		t.Fatal(err)
	}
	if got := d.s.LastBundleExport(ctx); !got.Equal(t0) {
		t.Errorf("watermark %v", got)
	}
	// It never moves back.
	d.s.MarkBundleExported(ctx, d.sup, fmtTime(t0.Add(-time.Hour)), "y.tuskbundle", 0)
	if got := d.s.LastBundleExport(ctx); !got.Equal(t0) {
		t.Errorf("watermark moved back to %v", got)
	}
}

// bundleOf is n distinct station cases, each with its own photo.
func bundleOf(n int) []BundleCase {
	var out []BundleCase
	for i := range n {
		c := stationCase(t0.Add(time.Hour), inspect.CaseOpen)
		c.Number, c.Inspection.ID = fmt.Sprintf("C-2026-%04d", i+1), fmt.Sprintf("I-20261120-%04d", i+1)
		c.Seq = int64(i + 1)
		photo := append([]byte{0xFF, 0xD8, 0xFF, 0xE0}, fmt.Sprintf("photo %d", i)...)
		sum := sha256.Sum256(photo)
		c.Photos = []BundlePhoto{{SHA256: hex.EncodeToString(sum[:]), Name: "label.jpg", MIME: "image/jpeg", Data: photo}}
		out = append(out, c)
	}
	return out
}

// An import cut off half-way (a crash between its transactions) leaves
// every merged row pointing at a photo already on disk, does not count
// the bundle as received, and the next delivery of the same bundle
// completes it. Afterwards the one connection syncs every commit again
// and checkpoints as before: the import's relaxed settings never reach
// the counter's writes.
func TestImportBundleCutOffAndResumed(t *testing.T) {
	d := newDepot(t)
	cases := bundleOf(3*importChunk + 1)
	in := &BundleIn{File: "DEMO-GZ2-1.tuskbundle", Station: "DEMO-GZ2", Key: "AAAA", Cases: cases, Hash: "ab12", ThroughSeq: int64(len(cases))}
	importCut = func(done int) bool { return done >= 2*importChunk }
	_, err := d.s.ImportBundle(ctx, d.sup, in)
	importCut = nil
	if !errors.Is(err, errImportCut) {
		t.Fatalf("cut import: %v", err)
	}
	var merged int
	d.s.db.QueryRow(`SELECT COUNT(*) FROM cases WHERE station = 'DEMO-GZ2'`).Scan(&merged)
	if merged != 2*importChunk {
		t.Fatalf("%d cases merged before the cut, want %d", merged, 2*importChunk)
	}
	rows, err := d.s.db.Query(`SELECT path FROM photos`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var rel string
		rows.Scan(&rel)
		if _, err := os.Stat(filepath.Join(d.s.home(), rel)); err != nil {
			t.Errorf("a row points at a photo not on disk: %v", err)
		}
	}
	rows.Close()
	if st, _ := d.s.BundleState(ctx, "ab12"); st != "" {
		t.Errorf("a bundle cut off counts as %q", st)
	}
	if due, _ := d.s.AckDue(ctx); len(due) != 0 {
		t.Errorf("acknowledgement due for a bundle cut off: %v", due)
	}
	n, err := d.s.ImportBundle(ctx, d.sup, in)
	if err != nil || n.Added != len(cases)-2*importChunk || n.Unchanged != 2*importChunk {
		t.Fatalf("delivered again: %+v %v", n, err)
	}
	if st, _ := d.s.BundleState(ctx, "ab12"); st != "imported" {
		t.Errorf("bundle state %q after the second delivery", st)
	}
	if due, _ := d.s.AckDue(ctx); due["DEMO-GZ2"] != int64(len(cases)) {
		t.Errorf("acknowledgement due: %v", due)
	}
	var sync, auto int
	if err := d.s.db.QueryRow(`PRAGMA synchronous`).Scan(&sync); err != nil || sync != 2 {
		t.Errorf("synchronous = %d after an import, want 2 (FULL): %v", sync, err)
	}
	if err := d.s.db.QueryRow(`PRAGMA wal_autocheckpoint`).Scan(&auto); err != nil || auto != 1000 {
		t.Errorf("wal_autocheckpoint = %d after an import, want 1000: %v", auto, err)
	}
}
