package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"tusk/app/atomicfile"
)

// Damaged, empty and foreign databases
//
// Open never replaces what it finds: a database file of 0 bytes, one that
// SQLite cannot read, or one without Tusk's tables is refused with an
// error saying so, and the caller offers the latest good backup (tusk
// restore FILE). A new database is made under a temporary name, migrated
// and only then renamed into place, so a crash while creating one leaves
// no empty file behind to be mistaken for a damaged one.

// Errors of opening; codes are i18n keys.
var (
	ErrEmptyDB    = &Error{Code: "store.err.empty_db"}    // the file is 0 bytes
	ErrDamagedDB  = &Error{Code: "store.err.damaged_db"}  // SQLite cannot read it, or integrity_check fails
	ErrForeignDB  = &Error{Code: "store.err.foreign_db"}  // an SQLite file without Tusk's tables
	ErrBackupFile = &Error{Code: "store.err.backup_file"} // a backup that is not a good Tusk database
)

// checkExisting looks at the file before SQLite does.
func checkExisting(path string) (exists bool, err error) {
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return false, nil
	case err != nil:
		return false, err
	case !fi.Mode().IsRegular():
		return true, errf(ErrDamagedDB.Code, "%s is not a regular file", path)
	case fi.Size() == 0:
		return true, errf(ErrEmptyDB.Code, "%s is 0 bytes", path)
	}
	return true, nil
}

// checkSchema tells a Tusk database from a damaged or foreign file, on an
// existing file before migrating it.
func (s *Store) checkSchema(ctx context.Context) error {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN ('schema_migrations', 'audit', 'users', 'depot')`).Scan(&n)
	if err != nil {
		return errf(ErrDamagedDB.Code, "%s: %v", s.path, err)
	}
	switch n {
	case 4:
		return nil
	case 0:
		var any int
		s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_master`).Scan(&any)
		if any == 0 {
			return errf(ErrEmptyDB.Code, "%s holds no tables", s.path)
		}
		return errf(ErrForeignDB.Code, "%s", s.path)
	}
	return errf(ErrDamagedDB.Code, "%s lacks some of Tusk's tables", s.path)
}

// createFresh makes a new, migrated database at path through a temporary
// file and a rename that never replaces a file.
func createFresh(ctx context.Context, path string) error {
	tmp := fmt.Sprintf("%s.new-%d", path, time.Now().UnixNano())
	if err := createPrivate(tmp); err != nil {
		return err
	}
	defer func() {
		for _, p := range []string{tmp, tmp + "-wal", tmp + "-shm", tmp + HeadLogSuffix} {
			os.Remove(p)
		}
	}()
	db, err := sql.Open("sqlite", DSN(tmp))
	if err != nil {
		return err
	}
	db.SetMaxOpenConns(1)
	s := &Store{db: db, path: tmp, Now: time.Now}
	err = s.migrate(ctx)
	if err == nil {
		// Fold the WAL in, so the one file is the whole database.
		_, err = db.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`)
	}
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if err := atomicfile.LinkNew(tmp, path); errors.Is(err, fs.ErrExist) {
		return nil // made meanwhile by another process: use that one
	} else if err != nil {
		return err
	}
	return nil
}

// CheckBackupFile reports whether path is a good Tusk database: not empty,
// integrity_check ok, Tusk's tables present.
func CheckBackupFile(ctx context.Context, path string) error {
	if _, err := checkExisting(path); err != nil {
		return errf(ErrBackupFile.Code, "%v", err)
	}
	if err := CheckIntegrity(ctx, path); err != nil {
		return errf(ErrBackupFile.Code, "%v", err)
	}
	db, err := sql.Open("sqlite", fileURI(path)+"?mode=ro")
	if err != nil {
		return err
	}
	defer db.Close()
	s := &Store{db: db, path: path}
	if err := s.checkSchema(ctx); err != nil {
		return errf(ErrBackupFile.Code, "%v", err)
	}
	return nil
}

// BackupDir is where automatic backups go: <home>/backups.
func BackupDir(home string) string { return filepath.Join(home, "backups") }

// Automatic backups: one a day, the newest SettingBackupKeep kept.
const (
	SettingBackupKeep = "backup.keep"
	DefaultBackupKeep = 14
	autoBackupPrefix  = "tusk-"
)

// settingChecks validate settings added after SetSetting's own checks.
var settingChecks = map[string]func(string) error{}

// intSetting registers a whole-number setting with its default and range.
func intSetting(key string, def, lo, hi int, field string) {
	settingDefaults[key] = strconv.Itoa(def)
	settingChecks[key] = func(v string) error {
		if n, err := strconv.Atoi(v); err != nil || n < lo || n > hi {
			return FieldError{Field: key, Code: field}
		}
		return nil
	}
}

func init() { intSetting(SettingBackupKeep, DefaultBackupKeep, 1, 1000, "security.err.backup_keep") }

// AutoBackup writes a backup into dir when the newest one there is more
// than a day old (or there is none), then deletes the oldest automatic
// backups beyond the number the depot keeps. It returns the new file, or
// "" when none was due.
func (s *Store) AutoBackup(ctx context.Context, dir string) (string, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	files, err := Backups(dir)
	if err != nil {
		return "", err
	}
	now := s.Now().UTC()
	if len(files) > 0 {
		if fi, err := os.Stat(files[0]); err == nil && now.Sub(fi.ModTime()) < 24*time.Hour {
			return "", nil
		}
	}
	dest := filepath.Join(dir, autoBackupPrefix+now.Format("20060102-150405")+".db")
	if err := s.Backup(ctx, nil, dest); err != nil {
		return "", err
	}
	keep := DefaultBackupKeep
	if v, _ := s.Setting(ctx, SettingBackupKeep); v != "" {
		if n, err := strconv.Atoi(v); err == nil && n >= 1 && n <= 1000 {
			keep = n
		}
	}
	if files, err = Backups(dir); err == nil {
		for _, old := range files[min(keep, len(files)):] {
			os.Remove(old)
		}
	}
	return dest, nil
}

// Backups lists the automatic backups in dir, newest first.
func Backups(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		if n := e.Name(); e.Type().IsRegular() && strings.HasPrefix(n, autoBackupPrefix) && strings.HasSuffix(n, ".db") {
			out = append(out, filepath.Join(dir, n))
		}
	}
	sort.Sort(sort.Reverse(sort.StringSlice(out))) // the names hold the UTC time
	return out, nil
}

// LatestGoodBackup is the newest backup in dir that passes
// CheckBackupFile, or "".
func LatestGoodBackup(ctx context.Context, dir string) string {
	files, _ := Backups(dir)
	for _, f := range files {
		if CheckBackupFile(ctx, f) == nil {
			return f
		}
	}
	return ""
}

// Restore puts the backup file in place of the database at path. The
// database there (if any) is kept beside it as <path>.before-restore-
// <time>, never deleted, with its WAL and head log. The restored database
// starts a new head log (the old one witnesses the database it replaced,
// and is kept with it), audited as audit.restart_log.
func Restore(ctx context.Context, path, backup string) (kept string, err error) {
	if err := CheckBackupFile(ctx, backup); err != nil {
		return "", err
	}
	src, err := os.Open(backup)
	if err != nil {
		return "", err
	}
	defer src.Close()
	tmp, err := atomicfile.Create(filepath.Dir(path))
	if err != nil {
		return "", err
	}
	defer tmp.Abort()
	if _, err := io.Copy(tmp, src); err != nil {
		return "", err
	}
	stamp := time.Now().UTC().Format("20060102-150405")
	if _, err := os.Lstat(path); err == nil {
		kept = path + ".before-restore-" + stamp
		for _, suf := range []string{"", "-wal", "-shm", HeadLogSuffix} {
			if err := os.Rename(path+suf, kept+suf); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return "", err
			}
		}
	} else {
		os.Remove(path + HeadLogSuffix)
	}
	if err := tmp.Commit(path); err != nil {
		return kept, err
	}
	st, err := Open(ctx, path)
	if err != nil {
		return kept, err
	}
	defer st.Close()
	cli, err := st.CLIActor(ctx)
	if err != nil {
		return kept, err
	}
	return kept, st.restartHeadLog(ctx, cli, "restored from "+filepath.Base(backup), "")
}
