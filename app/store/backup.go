package store

import (
	"context"
	"database/sql"
	"fmt"
	"os"
)

// Backup writes an online, consistent copy of the database to dest with
// VACUUM INTO, then opens the copy and runs integrity_check on it. It will
// not overwrite an existing file.
func (s *Store) Backup(ctx context.Context, actor *User, dest string) error {
	if _, err := os.Stat(dest); err == nil {
		return fmt.Errorf("%s already exists", dest)
	}
	if _, err := s.db.ExecContext(ctx, `VACUUM INTO ?`, dest); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if err := CheckIntegrity(ctx, dest); err != nil {
		os.Remove(dest)
		return err
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
