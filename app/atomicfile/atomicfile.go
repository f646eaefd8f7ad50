// Package atomicfile writes files so that a crash or a power cut never
// leaves half a file under the real name: the bytes go to a private
// temporary file in the same folder, which is synced, renamed (or linked)
// into place, and then the folder is synced so the new name lasts too.
//
// The temporary file is a dotfile ending in .tmp (".tusk-*.tmp"): sync
// tools, the bundle inbox and the pack watcher all ignore such names.
// Files are written with mode 0600 unless a caller changes it, because
// most of what Tusk writes holds personal data.
package atomicfile

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
)

// Pattern is the os.CreateTemp pattern of the temporary files.
const Pattern = ".tusk-*.tmp"

// Mode is the mode of the files written.
const Mode fs.FileMode = 0o600

// WriteFile replaces path with data atomically: a reader sees the old
// file or the new one, never a mix, and after a crash one of them is there.
func WriteFile(path string, data []byte) error {
	return Write(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// Write calls fn with a writer on a temporary file in path's folder and
// renames that file over path only when fn succeeded, so a failed or
// cancelled write leaves path as it was and no temporary file behind.
func Write(path string, fn func(w io.Writer) error) error {
	f, err := Create(filepath.Dir(path))
	if err != nil {
		return err
	}
	defer f.Abort()
	if err := fn(f); err != nil {
		return err
	}
	return f.Commit(path)
}

// File is a temporary file on its way to a real name. Write to it, then
// Commit or CommitNew; defer Abort to remove it on any error path.
type File struct {
	*os.File
	dir    string
	closed bool
	done   bool // renamed or removed: nothing left to clean up
}

// Create makes a private (0600) temporary file in dir.
func Create(dir string) (*File, error) {
	f, err := os.CreateTemp(dir, Pattern)
	if err != nil {
		return nil, err
	}
	if err := f.Chmod(Mode); err != nil && runtime.GOOS != "windows" {
		_ = f.Close()
		_ = os.Remove(f.Name())
		return nil, err
	}
	return &File{File: f, dir: dir}, nil
}

// finish syncs and closes the temporary file.
func (f *File) finish() error {
	if f.done {
		return fs.ErrClosed
	}
	if f.closed {
		return nil // synced and closed by an earlier CommitNew
	}
	f.closed = true
	err := f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// Commit syncs the file and renames it over path, replacing what was
// there, then syncs the folder. On an error the temporary file is gone
// and path is unchanged.
func (f *File) Commit(path string) error {
	if err := f.Rename(path); err != nil {
		return err
	}
	return SyncDir(filepath.Dir(path))
}

// Rename is Commit without the folder sync: for a batch of files into a
// few folders, the caller calls SyncDir once per folder afterwards, and
// only then counts on the new names.
func (f *File) Rename(path string) error {
	err := f.finish()
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		f.Abort()
		return err
	}
	f.done = true
	return nil
}

// CommitNew is Commit that never replaces a file: when path exists it
// returns an error that matches fs.ErrExist and keeps the temporary file,
// so the caller can try another name (or Abort).
func (f *File) CommitNew(path string) error {
	if err := f.finish(); err != nil {
		f.Abort()
		return err
	}
	err := linkNew(f.Name(), path) // synced by finish
	if errors.Is(err, fs.ErrExist) {
		return err
	}
	if err != nil {
		f.Abort()
		return err
	}
	f.done = true
	return nil
}

// LinkNew puts tmp, a finished file that another writer made (SQLite's
// VACUUM INTO, a new database), in place at path without ever replacing
// a file: it syncs tmp, links it to path, removes tmp and syncs the
// folder. When path exists it returns an error that matches fs.ErrExist
// and leaves tmp. On a share without hard links (SMB, some FUSE sync
// folders) it renames instead when path is absent.
func LinkNew(tmp, path string) error {
	if err := syncFile(tmp); err != nil {
		return err
	}
	return linkNew(tmp, path)
}

func linkNew(tmp, path string) error {
	err := os.Link(tmp, path)
	if err == nil {
		_ = os.Remove(tmp) // linked: only a second name of the file goes
	} else {
		if errors.Is(err, fs.ErrExist) {
			return err
		}
		if _, serr := os.Lstat(path); !errors.Is(serr, fs.ErrNotExist) {
			return &os.LinkError{Op: "link", Old: tmp, New: path, Err: fs.ErrExist}
		}
		if err := os.Rename(tmp, path); err != nil {
			return err
		}
	}
	return SyncDir(filepath.Dir(path))
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// Abort closes and removes the temporary file. It does nothing after a
// successful Commit or CommitNew, so it is safe to defer.
func (f *File) Abort() {
	if f.done {
		return
	}
	if !f.closed {
		_ = f.Close()
		f.closed = true
	}
	_ = os.Remove(f.Name()) // nothing else to do on a path already failing
	f.done = true
}

// SyncDir makes a folder's entries (a new or renamed file) durable. Some
// file systems cannot sync a folder (Windows, some network shares): there
// it does nothing, as the rename itself is then all there is.
func SyncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	if errors.Is(err, errors.ErrUnsupported) || errors.Is(err, syscall.EINVAL) || errors.Is(err, syscall.ENOTSUP) {
		return nil
	}
	return err
}
