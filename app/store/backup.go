package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"tusk/app/atomicfile"
)

// Backup writes an online, consistent copy of the database to dest with
// VACUUM INTO, then opens the copy and runs integrity_check on it. It will
// not overwrite an existing file.
//
// The copy is atomic: VACUUM INTO writes a temporary file in dest's
// folder, which is checked (integrity_check and Tusk's tables), made
// 0600, synced and only then linked to dest. A backup killed or stopped
// by a full disk leaves no file under dest, and never an empty one.
func (s *Store) Backup(ctx context.Context, actor *User, dest string) error {
	if _, err := os.Lstat(dest); err == nil {
		return fmt.Errorf("%s already exists", dest)
	}
	tmp := filepath.Join(filepath.Dir(dest), fmt.Sprintf(".tusk-backup-%d.tmp", time.Now().UnixNano()))
	defer os.Remove(tmp)
	if _, err := s.db.ExecContext(ctx, `VACUUM INTO ?`, tmp); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if err := os.Chmod(tmp, 0o600); err != nil {
		return err
	}
	if err := CheckBackupFile(ctx, tmp); err != nil {
		return err
	}
	// Never replaces a file that appeared meanwhile.
	if err := atomicfile.LinkNew(tmp, dest); errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s already exists", dest)
	} else if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return s.Audit(ctx, actor, "backup", "database", dest)
}

// CheckIntegrity runs PRAGMA integrity_check on the database file at path.
func CheckIntegrity(ctx context.Context, path string) error {
	db, err := sql.Open("sqlite", fileURI(path)+"?mode=ro")
	if err != nil {
		return err
	}
	defer db.Close()
	var res string
	if err := db.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&res); err != nil {
		return fmt.Errorf("integrity check of %s: %w", path, err)
	}
	if res != "ok" {
		return fmt.Errorf("integrity check of %s: %s", path, res)
	}
	return nil
}
