package store

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

func modeOf(t *testing.T, p string) os.FileMode {
	t.Helper()
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Mode().Perm()
}

// Defect 4: the database, its WAL and its head log are 0600 even under a
// permissive umask, and a loose home is tightened.
func TestDatabaseFilesPrivate(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	home := filepath.Join(t.TempDir(), "home")
	os.MkdirAll(home, 0o755)
	path := filepath.Join(home, FileName)
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	setUp(t, s)
	for _, p := range []string{path, path + "-wal", path + HeadLogSuffix} {
		if m := modeOf(t, p); m != 0o600 {
			t.Errorf("%s is %o, want 600", filepath.Base(p), m)
		}
	}
	backup := filepath.Join(home, "b.db")
	if err := s.Backup(ctx, nil, backup); err != nil {
		t.Fatal(err)
	}
	if m := modeOf(t, backup); m != 0o600 {
		t.Errorf("backup is %o", m)
	}
	os.Chmod(path, 0o644)
	os.MkdirAll(filepath.Join(home, "slips"), 0o755)
	os.WriteFile(filepath.Join(home, "slips", "S-1.pdf"), []byte("%PDF"), 0o644)
	fixed, err := SecureHome(home)
	if err != nil || len(fixed) < 4 {
		t.Errorf("fixed %v %v", fixed, err)
	}
	for p, want := range map[string]os.FileMode{home: 0o700, path: 0o600, filepath.Join(home, "slips"): 0o700, filepath.Join(home, "slips", "S-1.pdf"): 0o600} {
		if m := modeOf(t, p); m != want {
			t.Errorf("%s is %o, want %o", p, m, want)
		}
	}
}

// Defect 8: a 0-byte database is refused, not replaced by a new empty
// one; a foreign SQLite file too.
func TestEmptyOrForeignDatabaseRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	os.WriteFile(path, nil, 0o600)
	if _, err := Open(ctx, path); !errors.Is(err, ErrEmptyDB) {
		t.Errorf("0-byte database: %v", err)
	}
	if fi, _ := os.Stat(path); fi.Size() != 0 {
		t.Error("the empty file was written to")
	}
	other := filepath.Join(t.TempDir(), "other.db")
	s, _ := Open(ctx, other)
	s.db.Exec(`CREATE TABLE notes(x)`)
	for _, q := range []string{`DROP TABLE audit`} {
		s.db.Exec(`DROP TRIGGER audit_no_update`)
		s.db.Exec(`DROP TRIGGER audit_no_delete`)
		s.db.Exec(q)
	}
	s.Close()
	if _, err := Open(ctx, other); !errors.Is(err, ErrDamagedDB) {
		t.Errorf("database without its audit table: %v", err)
	}
	if err := CheckBackupFile(ctx, path); !errors.Is(err, ErrBackupFile) {
		t.Errorf("0-byte backup passed: %v", err)
	}
}

// Defect 8: a backup that fails leaves nothing under its name, so the
// next backup of that name works; daily backups keep the newest N; a
// restore keeps the database it replaces and verifies afterwards.
func TestBackupsAndRestore(t *testing.T) {
	home := t.TempDir()
	path := filepath.Join(home, FileName)
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	clk := &testClock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)}
	s.Now = clk.Now
	sup := setUp(t, s)

	// A backup into a folder that cannot take it fails and leaves no file.
	ro := filepath.Join(home, "ro")
	os.MkdirAll(ro, 0o500)
	if os.Geteuid() != 0 {
		if err := s.Backup(ctx, sup, filepath.Join(ro, "b.db")); err == nil {
			t.Error("backup into a read-only folder succeeded")
		}
		if _, err := os.Stat(filepath.Join(ro, "b.db")); err == nil {
			t.Error("a failed backup left a file")
		}
	}

	dir := BackupDir(home)
	s.SetSetting(ctx, sup, SettingBackupKeep, "2")
	var made []string
	for day := 0; day < 4; day++ {
		f, err := s.AutoBackup(ctx, dir)
		if err != nil || f == "" {
			t.Fatalf("day %d: %q %v", day, f, err)
		}
		os.Chtimes(f, clk.t, clk.t)
		made = append(made, f)
		if again, _ := s.AutoBackup(ctx, dir); again != "" {
			t.Errorf("a second backup the same day: %s", again)
		}
		clk.t = clk.t.Add(25 * time.Hour)
		s.Audit(ctx, sup, "test.event", "day", "")
	}
	files, _ := Backups(dir)
	if len(files) != 2 || files[0] != made[3] || files[1] != made[2] {
		t.Errorf("kept %v, want the newest two of %v", files, made)
	}
	s.Close()

	kept, err := Restore(ctx, path, made[2])
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(kept); err != nil {
		t.Errorf("the replaced database was not kept: %v", err)
	}
	s, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.VerifyAudit(ctx); err != nil {
		t.Errorf("after restore: %v", err)
	}
	if got := auditActions(t, s, "audit"); len(got) == 0 || got[len(got)-1] != "audit.restart_log" {
		t.Errorf("restore not audited: %v", got)
	}
	// A restore that is not a good backup changes nothing.
	empty := filepath.Join(home, "empty.db")
	os.WriteFile(empty, nil, 0o600)
	if _, err := Restore(ctx, path, empty); !errors.Is(err, ErrBackupFile) {
		t.Errorf("restore of an empty file: %v", err)
	}
}
