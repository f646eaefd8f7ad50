package cli

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"tusk/app/store"
)

// Defect 4: a home made by hand in a 0755 folder, with a 0644 database,
// is tightened at the next command; slips, records, backups and bundles
// are written 0600.
func TestLooseHomeTightenedAndOutputsPrivate(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	home := filepath.Join(t.TempDir(), "depot")
	os.MkdirAll(home, 0o755)
	if code, _, errs := in(t, home, "demo"); code != 0 {
		t.Fatal(errs)
	}
	db := filepath.Join(home, store.FileName)
	os.Chmod(db, 0o644)
	os.Chmod(home, 0o755)
	nums := demoCaseNumbers(t, home)
	for p, want := range map[string]os.FileMode{home: 0o700, db: 0o600} {
		if fi, _ := os.Stat(p); fi.Mode().Perm() != want {
			t.Errorf("%s is %o after a command, want %o", p, fi.Mode().Perm(), want)
		}
	}
	out := t.TempDir()
	slip := filepath.Join(out, "slip.pdf")
	makeSlip(t, home, nums[0], slip)
	rec := filepath.Join(out, "rec.json")
	backup := filepath.Join(out, "b.db")
	bundles := filepath.Join(out, "outbox")
	os.Mkdir(bundles, 0o755)
	for _, args := range [][]string{{"export", "--case", nums[0], rec}, {"backup", backup}, {"export", "--bundle", bundles}} {
		if code, _, errs := in(t, home, args...); code != 0 {
			t.Fatalf("%v: %s", args, errs)
		}
	}
	files, _ := filepath.Glob(filepath.Join(bundles, "*.tuskbundle"))
	for _, p := range append(files, slip, rec, backup) {
		if fi, _ := os.Stat(p); fi.Mode().Perm() != 0o600 {
			t.Errorf("%s is %o, want 600", filepath.Base(p), fi.Mode().Perm())
		}
	}
}

// Defect 8: a 0-byte tusk.db is not silently replaced by an empty schema
// ("no cases", exit 0): the command fails, names the latest good backup,
// and tusk restore puts it back.
func TestEmptyDatabaseOffersBackup(t *testing.T) {
	home := demoHome(t)
	backup := filepath.Join(store.BackupDir(home), "tusk-20261123-090000.db")
	os.MkdirAll(store.BackupDir(home), 0o700)
	if code, _, errs := in(t, home, "backup", backup); code != 0 {
		t.Fatal(errs)
	}
	db := filepath.Join(home, store.FileName)
	os.Remove(db + "-wal")
	os.Remove(db + "-shm")
	os.WriteFile(db, nil, 0o600)
	code, out, errs := in(t, home, "cases", "list")
	if code != 1 || !strings.Contains(errs, "empty") || !strings.Contains(errs, "tusk restore "+backup) {
		t.Errorf("0-byte database: %d %q %q", code, out, errs)
	}
	if fi, _ := os.Stat(db); fi.Size() != 0 {
		t.Error("the empty database was replaced")
	}
	if code, out, errs := in(t, home, "restore", backup); code != 0 || !strings.Contains(out, "kept as") {
		t.Fatalf("restore: %d %q %q", code, out, errs)
	}
	if nums := demoCaseNumbers(t, home); len(nums) == 0 {
		t.Error("no cases after the restore")
	}
	if code, _, errs := in(t, home, "audit", "verify"); code != 0 {
		t.Errorf("audit after restore: %s", errs)
	}
}
