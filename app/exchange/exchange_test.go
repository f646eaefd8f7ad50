package exchange

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"tusk/app/store"
)

// watch runs a real inbox watcher for the supervisor and returns its
// results as they come.
func watch(t *testing.T, sup *home, inbox string) <-chan Result {
	t.Helper()
	results := make(chan Result, 16)
	wctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	w := &Watcher{Dir: inbox, Store: sup.st, Actor: sup.sup, Debounce: 50 * time.Millisecond, Rescan: time.Hour,
		OnResult: func(r Result) { results <- r }}
	go func() { done <- w.Run(wctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("watcher: %v", err)
			}
		case <-time.After(5 * time.Second):
			t.Error("watcher did not stop")
		}
	})
	return results
}

func next(t *testing.T, results <-chan Result) Result {
	t.Helper()
	select {
	case r := <-results:
		return r
	case <-time.After(10 * time.Second):
		t.Fatal("no import result within 10 s")
		return Result{}
	}
}

// copyFile copies as a sync tool does: a dotted temporary name, then a
// rename.
func copyFile(t *testing.T, from, dir string, edit func([]byte) []byte) string {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		b = edit(b)
	}
	tmp := filepath.Join(dir, ".syncthing."+filepath.Base(from)+".tmp")
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		t.Fatal(err)
	}
	dest := filepath.Join(dir, filepath.Base(from))
	if err := os.Rename(tmp, dest); err != nil {
		t.Fatal(err)
	}
	return dest
}

// snapshot dumps the rows an import touches, to compare before and after.
func snapshot(t *testing.T, db *sql.DB) string {
	t.Helper()
	var b strings.Builder
	for _, q := range []string{
		`SELECT id, number, status, station, data, updated_at FROM inspections ORDER BY id`,
		`SELECT id, number, status, station, source_updated, updated_at, search, products FROM cases ORDER BY id`,
		`SELECT case_id, seq, from_name, to_name, at, seals FROM custody ORDER BY case_id, seq`,
		`SELECT inspection_id, sha256, seq FROM inspection_photos ORDER BY inspection_id, seq`,
		`SELECT id, name, station, active FROM users ORDER BY id`,
	} {
		rows, err := db.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintln(&b, vals...)
		}
		rows.Close()
	}
	return b.String()
}

func TestStationToSupervisorThroughWatchedFolder(t *testing.T) {
	station := newHome(t, "DEMO-GZ2", "Guangzhou Baiyun 2")
	super := newHome(t, "DEMO-HQ", "Head office")
	super.trusts(t, station)

	shared := t.TempDir() // the station's outbox, synced to the supervisor's inbox
	inbox := t.TempDir()
	results := watch(t, super, inbox)

	c := station.hold(t, "EE123456785CN")
	sent, err := Export(ctx, station.st, station.sup, shared)
	if err != nil {
		t.Fatal(err)
	}
	if len(sent.Files) != 1 || sent.Cases != 1 {
		t.Fatalf("export: %+v", sent)
	}
	name := filepath.Base(sent.Files[0])
	if !strings.HasPrefix(name, "DEMO-GZ2-20261123T") || !strings.HasSuffix(name, Ext) {
		t.Errorf("bundle name %q", name)
	}
	// Nothing new: no second file.
	if again, err := Export(ctx, station.st, station.sup, shared); err != nil || len(again.Files) != 0 {
		t.Fatalf("second export: %+v %v", again, err)
	}

	copyFile(t, sent.Files[0], inbox, nil)
	r := next(t, results)
	if r.Err != nil || r.Counts != (store.BundleCounts{Added: 1}) || r.Station != "DEMO-GZ2" {
		t.Fatalf("import: %+v", r)
	}
	// Archived in the home, out of the folder the sync engine owns.
	if want := ArchivePath(super.st, ImportedDir, "DEMO-GZ2", name, r.Hash); r.MovedTo != want {
		t.Errorf("moved to %q, want %q", r.MovedTo, want)
	}
	if _, err := os.Stat(r.MovedTo); err != nil {
		t.Errorf("not archived: %v", err)
	}
	if left, _ := os.ReadDir(inbox); len(left) != 0 {
		t.Errorf("the inbox still holds %d entries", len(left))
	}
	items, total, err := super.st.Queue(ctx, super.sup, store.QueueFilter{Station: "DEMO-GZ2"})
	if err != nil || total != 1 {
		t.Fatalf("queue: %d %v", total, err)
	}
	q := items[0]
	if q.Number != "DEMO-GZ2/"+c.Number || q.Station != "DEMO-GZ2" || q.Waybill != "EE123456785CN" ||
		q.Inspector != "DEMO-GZ2/Li Wei" || q.Score != 72 || q.Risk != "red" || q.Origin != "TZ" || q.Sender != "Juma Hassan" {
		t.Errorf("queue item: %+v", q)
	}
	in, err := super.st.Inspection(ctx, super.sup, "DEMO-GZ2/"+c.InspectionID)
	if err != nil || len(in.Photos) != 1 || in.Station != "DEMO-GZ2" {
		t.Fatalf("inspection: %+v %v", in, err)
	}
	if err := super.st.CheckPhoto(ctx, in.Photos[0].SHA256); err != nil {
		t.Errorf("photo: %v", err)
	}
	custody, err := super.st.Custody(ctx, super.sup, "DEMO-GZ2/"+c.Number)
	if err != nil || len(custody) != 1 || custody[0].To != "cage 2" {
		t.Errorf("custody: %+v %v", custody, err)
	}
	before := snapshot(t, super.st.DB())

	// The same file arriving again changes nothing.
	copyFile(t, sent.Files[0], inbox, nil)
	r = next(t, results)
	if r.Err != nil || !r.Duplicate || r.Counts != (store.BundleCounts{}) {
		t.Fatalf("repeated import: %+v", r)
	}
	if after := snapshot(t, super.st.DB()); after != before {
		t.Errorf("a repeated import changed rows:\n%s\nvs\n%s", before, after)
	}
	// No NAME-2 copy: the archive holds each distinct bundle once.
	if kept, _ := os.ReadDir(filepath.Dir(r.MovedTo)); len(kept) != 1 {
		t.Errorf("archive holds %d files after a repeated delivery, want 1", len(kept))
	}

	// One byte of the body changed: quarantine, with the reason.
	copyFile(t, sent.Files[0], inbox, func(b []byte) []byte {
		i := bytes.Index(b, []byte("EE123456785CN"))
		b = bytes.Clone(b)
		b[i] = 'F'
		return b
	})
	r = next(t, results)
	if !r.Quarantined || !errors.Is(r.Err, ErrSignature) {
		t.Fatalf("tampered: %+v", r)
	}
	reason, err := os.ReadFile(ArchivePath(super.st, QuarantineDir, "DEMO-GZ2", name, r.Hash) + ReasonSuffix)
	if err != nil || !strings.Contains(string(reason), "signature") {
		t.Errorf("reason file: %q %v", reason, err)
	}
	if after := snapshot(t, super.st.DB()); after != before {
		t.Error("a tampered bundle changed rows")
	}

	// Files that are not bundles are left alone.
	os.WriteFile(filepath.Join(inbox, "notes.txt"), []byte("hi"), 0o644)
	os.WriteFile(filepath.Join(inbox, ".half.tuskbundle"), []byte("{"), 0o644)
	select {
	case r := <-results:
		t.Errorf("reacted to a non-bundle: %+v", r)
	case <-time.After(300 * time.Millisecond):
	}
}

func TestWatcherImportsFilesAlreadyThereAndLeavesTransientFailures(t *testing.T) {
	station := newHome(t, "DEMO-GZ2", "Guangzhou Baiyun 2")
	super := newHome(t, "DEMO-HQ", "Head office")
	inbox := t.TempDir()
	station.hold(t, "EE000000001CN")
	sent, err := Export(ctx, station.st, station.sup, inbox)
	if err != nil || len(sent.Files) != 1 {
		t.Fatal(sent, err)
	}
	// No key imported yet: the bundle is invalid here and says why.
	results := watch(t, super, inbox)
	r := next(t, results)
	if !r.Quarantined || !errors.Is(r.Err, ErrUnknownKey) || !strings.Contains(Reason(r.Err), "tusk keys import") {
		t.Fatalf("unknown key: %+v (%s)", r, Reason(r.Err))
	}
}

func TestExportNeedsFolderAndDecider(t *testing.T) {
	station := newHome(t, "DEMO-GZ2", "Guangzhou Baiyun 2")
	station.hold(t, "EE000000001CN")
	if _, err := Export(ctx, station.st, station.sup, filepath.Join(t.TempDir(), "missing")); !errors.Is(err, ErrNoFolder) {
		t.Errorf("missing folder: %v", err)
	}
	if _, err := Export(ctx, station.st, station.insp, t.TempDir()); !errors.Is(err, store.ErrForbidden) {
		t.Errorf("inspector: %v", err)
	}
}

func TestImportFileErrors(t *testing.T) {
	station := newHome(t, "DEMO-GZ2", "Guangzhou Baiyun 2")
	other := newHome(t, "DEMO-DAR", "Dar es Salaam")
	super := newHome(t, "DEMO-HQ", "Head office")
	station.hold(t, "EE000000001CN")
	out := t.TempDir()
	sent, err := Export(ctx, station.st, station.sup, out)
	if err != nil {
		t.Fatal(err)
	}
	// The station's key imported as another station's: refused.
	k, _ := station.st.OwnKey(ctx)
	k.Depot = "DEMO-DAR"
	if err := super.st.ImportKey(ctx, super.sup, k); err != nil {
		t.Fatal(err)
	}
	_ = other
	if r := ImportFile(ctx, super.st, super.sup, sent.Files[0]); !errors.Is(r.Err, ErrWrongKey) || !Invalid(r.Err) {
		t.Errorf("wrong station: %+v", r)
	}
	// Its own bundle, read back at the station.
	if r := ImportFile(ctx, station.st, station.sup, sent.Files[0]); !errors.Is(r.Err, ErrOwnBundle) {
		t.Errorf("own bundle: %+v", r)
	}
	// Not a bundle at all.
	junk := filepath.Join(out, "junk"+Ext)
	os.WriteFile(junk, []byte("not json"), 0o644)
	if r := ImportFile(ctx, super.st, super.sup, junk); !errors.Is(r.Err, ErrFormat) {
		t.Errorf("junk: %+v", r)
	}
	// A missing file is a passing problem, not an invalid bundle.
	if r := ImportFile(ctx, super.st, super.sup, filepath.Join(out, "gone"+Ext)); r.Err == nil || Invalid(r.Err) {
		t.Errorf("missing file: %+v", r)
	}
}

func TestExportSendsOnlyWhatChanged(t *testing.T) {
	station := newHome(t, "DEMO-GZ2", "Guangzhou Baiyun 2")
	super := newHome(t, "DEMO-HQ", "Head office")
	super.trusts(t, station)
	out := t.TempDir()
	c1 := station.hold(t, "EE000000001CN")
	if s, err := Export(ctx, station.st, station.sup, out); err != nil || s.Cases != 1 {
		t.Fatal(s, err)
	}
	station.hold(t, "EE000000002CN")
	// A decision at the station changes the first case again.
	if _, err := station.st.DecideCase(ctx, station.sup, c1.Number, store.CaseDecision{Kind: store.KindReview}); err != nil {
		t.Fatal(err)
	}
	station.clk.add(time.Second) // a second bundle gets its own name
	s, err := Export(ctx, station.st, station.sup, out)
	if err != nil || s.Cases != 2 || len(s.Files) != 1 {
		t.Fatalf("second export: %+v %v", s, err)
	}
	entries, _ := os.ReadDir(out)
	if len(entries) != 2 {
		t.Errorf("outbox holds %d files", len(entries))
	}
	for _, e := range entries {
		if r := ImportFile(ctx, super.st, super.sup, filepath.Join(out, e.Name())); r.Err != nil {
			t.Fatal(r.Err)
		}
	}
	got, err := super.st.CaseByNumber(ctx, super.sup, "DEMO-GZ2/"+c1.Number)
	if err != nil || got.Status != "under_review" {
		t.Errorf("newer copy: %+v %v", got, err)
	}
}

func TestEligible(t *testing.T) {
	for name, want := range map[string]bool{
		"DEMO-GZ2-20261123T090000.tuskbundle":            true,
		"/in/DEMO-GZ2-20261123T090000-2.tuskbundle":      true,
		".syncthing.DEMO-GZ2.tuskbundle.tmp":             false,
		".DEMO-GZ2.tuskbundle":                           false,
		"~DEMO.tuskbundle":                               false,
		"DEMO-GZ2.tuskbundle.part":                       false,
		".tuskbundle":                                    false,
		"DEMO.sync-conflict-20261123-1.tuskbundle":       true,
		"notes.txt":                                      false,
		"DEMO-GZ2-20261123T090000.tuskbundle.reason.txt": false,
	} {
		if got := eligible(name); got != want {
			t.Errorf("eligible(%q) = %v", name, got)
		}
	}
}

// TestWatcherTakesStationSubfolders: one synced folder per station inside
// the inbox, made after the watcher started, is watched too; imported and
// quarantined files end up in the home's archive.
func TestWatcherTakesStationSubfolders(t *testing.T) {
	station := newHome(t, "DEMO-GZ2", "Guangzhou Baiyun 2")
	super := newHome(t, "DEMO-HQ", "Head office")
	super.trusts(t, station)
	inbox := t.TempDir()
	results := watch(t, super, inbox)
	station.hold(t, "EE123456785CN")
	out := t.TempDir()
	sent, err := Export(ctx, station.st, station.sup, out)
	if err != nil || len(sent.Files) != 1 {
		t.Fatal(sent, err)
	}
	sub := filepath.Join(inbox, "DEMO-GZ2")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond) // let the watcher see the new folder first
	copyFile(t, sent.Files[0], sub, nil)
	r := next(t, results)
	if r.Err != nil || r.Counts.Added != 1 || filepath.Dir(r.MovedTo) != filepath.Join(super.st.ExchangeDir(), ImportedDir, "DEMO-GZ2") {
		t.Fatalf("subfolder import: %+v", r)
	}
	// A tampered copy in the subfolder goes to the home's quarantine.
	copyFile(t, sent.Files[0], sub, func(b []byte) []byte {
		i := strings.Index(string(b), "EE123456785CN")
		b[i+2] = '9'
		return b
	})
	r = next(t, results)
	if !r.Quarantined || filepath.Dir(r.MovedTo) != filepath.Join(super.st.ExchangeDir(), QuarantineDir, "DEMO-GZ2") {
		t.Fatalf("tampered in subfolder: %+v", r)
	}
	// The inbox's own folders are never read as stations.
	if stationFolder(ImportedDir) || stationFolder(QuarantineDir) || stationFolder(".stfolder") || !stationFolder("DEMO-GZ2") {
		t.Error("stationFolder")
	}
}

// TestRequeueAfterKeyImport: a bundle quarantined for an unknown key is
// imported once the key is known and the supervisor tries it again.
func TestRequeueAfterKeyImport(t *testing.T) {
	station := newHome(t, "DEMO-GZ2", "Guangzhou Baiyun 2")
	super := newHome(t, "DEMO-HQ", "Head office")
	inbox := t.TempDir()
	station.hold(t, "EE000000001CN")
	if _, err := Export(ctx, station.st, station.sup, inbox); err != nil {
		t.Fatal(err)
	}
	results := watch(t, super, inbox)
	if r := next(t, results); !r.Quarantined {
		t.Fatalf("unknown key not quarantined: %+v", r)
	}
	super.trusts(t, station)
	res, err := Requeue(ctx, super.st, super.sup)
	if err != nil || len(res) != 1 || res[0].Err != nil || res[0].Counts.Added != 1 {
		t.Fatalf("requeue: %+v %v", res, err)
	}
	left, _ := os.ReadDir(filepath.Join(super.st.ExchangeDir(), QuarantineDir, "DEMO-GZ2"))
	if len(left) != 0 {
		t.Errorf("quarantine still holds %d files", len(left))
	}
	if res, err := Requeue(ctx, super.st, super.sup); len(res) != 0 || err != nil {
		t.Errorf("requeue with nothing quarantined: %+v %v", res, err)
	}
}
