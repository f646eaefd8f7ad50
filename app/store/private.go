package store

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
)

// Private files
//
// A home holds people's names and ID numbers, PIN hashes and the depot's
// signing key, so nothing in it is for other users of the PC: folders are
// 0700 and files 0600. SecureHome tightens a home that is looser (one made
// by hand, or by an older Tusk, in a 0755 folder) at every start; Open
// creates the database 0600, and SQLite gives the WAL and shared-memory
// files the database file's mode.

// SecureHome takes the group and other permissions off home and
// everything under it (symbolic links are not followed) and returns the
// paths it changed. Files of another owner, which chmod refuses, are
// left as they are. On Windows, where modes mean little, it does nothing.
func SecureHome(home string) ([]string, error) {
	if runtime.GOOS == "windows" {
		return nil, nil
	}
	var fixed []string
	err := filepath.WalkDir(home, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrPermission) && d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return err
		}
		if d.Type()&fs.ModeSymlink != 0 {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return nil // gone meanwhile
		}
		if mode := info.Mode().Perm(); mode&0o077 != 0 {
			if os.Chmod(p, mode&^0o077) == nil {
				fixed = append(fixed, p)
			}
		}
		return nil
	})
	return fixed, err
}

// createPrivate makes an empty database file 0600 unless one exists, so
// SQLite (which would create it 0644 less the umask) never makes it
// readable by others even for a moment.
func createPrivate(path string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return nil
	}
	if err != nil {
		return err
	}
	return f.Close()
}

// privatize takes group and other permissions off the files of one
// database: the file, its WAL and shared memory, and its head log.
func privatize(path string) {
	if runtime.GOOS == "windows" {
		return
	}
	for _, p := range []string{path, path + "-wal", path + "-shm", path + "-journal", path + HeadLogSuffix} {
		if fi, err := os.Lstat(p); err == nil && fi.Mode().IsRegular() && fi.Mode().Perm()&0o077 != 0 {
			os.Chmod(p, fi.Mode().Perm()&^0o077)
		}
	}
}
