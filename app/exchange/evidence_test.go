package exchange

import (
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"

	"tusk/app/store"
)

// A bundle carries the station's signed audit head; the supervisor's depot
// keeps it, and the station's trail is checked against it later: a
// rewrite at the station disagrees with the head the supervisor holds.
func TestBundleWitnessesStationAudit(t *testing.T) {
	station := newHome(t, "DEMO-GZ2", "Guangzhou Baiyun 2")
	super := newHome(t, "DEMO-HQ", "Head office")
	super.trusts(t, station)
	station.hold(t, "EE000000001CN")
	head, _ := station.st.AuditHead(ctx)
	sent, err := Export(ctx, station.st, station.sup, t.TempDir())
	if err != nil || len(sent.Files) != 1 {
		t.Fatal(sent, err)
	}
	if r := ImportFile(ctx, super.st, super.sup, sent.Files[0]); r.Err != nil {
		t.Fatal(r.Err)
	}
	kept, err := super.st.StationWitnesses(ctx, "DEMO-GZ2")
	if err != nil || len(kept) != 1 || kept[0].Seq != head.Seq || kept[0].Hash != head.Hash {
		t.Fatalf("kept %+v %v, want %+v", kept, err, head)
	}
	if _, err := station.st.VerifyAuditWith(ctx, kept); err != nil {
		t.Fatalf("clean station against the supervisor's witness: %v", err)
	}
	// Someone at the station cuts the trail, moves its head and deletes
	// the head log: the station alone can no longer tell.
	db := station.st.DB()
	for _, q := range []string{`DROP TRIGGER audit_no_delete`, `DELETE FROM audit WHERE seq > 4`,
		`UPDATE settings SET value = (SELECT seq || ':' || hash FROM audit WHERE seq = 4) WHERE key = 'audit.head'`,
		`DELETE FROM settings WHERE key = 'auditlog.start'`,
		`CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END`} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	os.Remove(station.st.Path() + store.HeadLogSuffix)
	if _, err := station.st.VerifyAudit(ctx); err != nil {
		t.Fatalf("the station alone: %v", err)
	}
	_, err = station.st.VerifyAuditWith(ctx, kept)
	if err == nil || !strings.Contains(err.Error(), sent.Files[0][strings.LastIndex(sent.Files[0], "/")+1:]) {
		t.Errorf("the bundle's witness is not named: %v", err)
	}
}

// Defect 6: a bundle over the documented 2,000 cases is refused before
// anything is written.
func TestBundleCaseLimit(t *testing.T) {
	station := newHome(t, "DEMO-GZ2", "Guangzhou Baiyun 2")
	super := newHome(t, "DEMO-HQ", "Head office")
	super.trusts(t, station)
	station.hold(t, "EE000000001CN")
	batch, err := station.st.CasesForBundle(ctx, station.sup, MaxPhotoBytes)
	if err != nil {
		t.Fatal(err)
	}
	one := batch.Cases[0]
	one.Photos = nil
	cases := make([]store.BundleCase, store.MaxBundleCases+1)
	for i := range cases {
		cases[i] = one
	}
	body, _ := json.Marshal(Body{Station: batch.Station, StationName: batch.StationName, Cases: cases})
	sig, key, err := station.st.SignBundle(ctx, station.sup, body)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := Encode(batch.Station, key.Fingerprint(), station.clk.Now(), body, sig)
	path := t.TempDir() + "/big" + Ext
	os.WriteFile(path, data, 0o600)
	if r := ImportFile(ctx, super.st, super.sup, path); !errors.Is(r.Err, ErrFormat) {
		t.Errorf("2,001 cases: %v", r.Err)
	}
}

// Defect 6: 50 MB of notes in one case, and a 300 MB file, are refused
// before anything is read whole or written.
func TestBundleFieldAndFileLimits(t *testing.T) {
	station := newHome(t, "DEMO-GZ2", "Guangzhou Baiyun 2")
	super := newHome(t, "DEMO-HQ", "Head office")
	super.trusts(t, station)
	station.hold(t, "EE000000001CN")
	batch, _ := station.st.CasesForBundle(ctx, station.sup, MaxPhotoBytes)
	c := batch.Cases[0]
	c.Inspection.Notes = strings.Repeat("n", 50<<20)
	if err := store.CheckBundleCase(&c); !errors.Is(err, ErrFormat) {
		t.Errorf("50 MB of notes: %v", err)
	}
	big := t.TempDir() + "/big" + Ext
	f, _ := os.Create(big)
	f.Truncate(MaxBundleSize + 1) // sparse: costs no disk
	f.Close()
	if r := ImportFile(ctx, super.st, super.sup, big); !errors.Is(r.Err, ErrTooLarge) {
		t.Errorf("oversized file: %v", r.Err)
	}
}

// Defect 10: a repeated inspection number in a bundle gave a raw "UNIQUE
// constraint failed"; it is a bundle format error naming the number.
func TestBundleRepeatedInspection(t *testing.T) {
	station := newHome(t, "DEMO-GZ2", "Guangzhou Baiyun 2")
	super := newHome(t, "DEMO-HQ", "Head office")
	station.hold(t, "EE000000001CN")
	batch, _ := station.st.CasesForBundle(ctx, station.sup, MaxPhotoBytes)
	twin := batch.Cases[0]
	twin.Number = "C-2026-9999"
	_, err := super.st.ImportBundle(ctx, super.sup, &store.BundleIn{File: "x", Station: "DEMO-GZ2", Cases: []store.BundleCase{batch.Cases[0], twin}})
	if !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), "appears twice") {
		t.Errorf("repeated inspection: %v", err)
	}
}
