package store

import (
	"os"
	"path/filepath"
	"testing"
)

// Defect 1: a home path with # or ? must put the database exactly there,
// not at the part before the # or ?.
func TestOpenPathWithURICharacters(t *testing.T) {
	for _, dir := range []string{"d #5", "a?b", "p%41", "x&y=z"} {
		home := filepath.Join(t.TempDir(), dir)
		if err := os.MkdirAll(home, 0o700); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(home, FileName)
		s, err := Open(ctx, path)
		if err != nil {
			t.Fatalf("%q: %v", dir, err)
		}
		setUp(t, s)
		s.Close()
		if fi, err := os.Stat(path); err != nil || fi.Size() == 0 {
			t.Errorf("%q: database not at %s: %v", dir, path, err)
		}
		if err := CheckIntegrity(ctx, path); err != nil {
			t.Errorf("%q: %v", dir, err)
		}
		entries, _ := os.ReadDir(filepath.Dir(home))
		for _, e := range entries {
			if e.Name() != dir {
				t.Errorf("%q: stray file %s next to the home", dir, e.Name())
			}
		}
	}
}

// Defect 1, backups: a backup named with # is written and checked under
// that very name.
func TestBackupPathWithURICharacters(t *testing.T) {
	s := openTest(t)
	setUp(t, s)
	dir := t.TempDir()
	dest := filepath.Join(dir, "b#1?.db")
	if err := s.Backup(ctx, nil, dest); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(dest); err != nil || fi.Size() == 0 {
		t.Fatalf("backup not at %s: %v", dest, err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("files in the backup folder: %d, want 1", len(entries))
	}
}
