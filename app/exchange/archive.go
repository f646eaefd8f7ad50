package exchange

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"tusk/app/atomicfile"
	"tusk/app/store"
)

// The archive keeps every distinct bundle the supervisor took from its
// inbox, in the home and never in a synced folder:
//
//	<home>/exchange/imported/<STATION>/<name>.<sha256 first 12>.tuskbundle
//	<home>/exchange/quarantine/<STATION>/<name>.<sha256 first 12>.tuskbundle (+ .reason.txt)
//
// The name holds the content's hash, so the same bytes delivered twice
// land on the same name: the second copy is just taken from the inbox.

func hashOf(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// ArchivePath is where a bundle file of a station with this hash is kept
// in kind (ImportedDir or QuarantineDir).
func ArchivePath(st *store.Store, kind, station, file, hash string) string {
	if station == "" || !stationFolder(station) || strings.ContainsAny(station, `/\.`) {
		station = "unknown"
	}
	base := filepath.Base(filepath.FromSlash(file))
	stem := strings.TrimSuffix(base, Ext)
	if len(hash) > 12 {
		hash = hash[:12]
	}
	return filepath.Join(st.ExchangeDir(), kind, station, stem+"."+hash+Ext)
}

// archive moves an inbox file into the archive: a rename where it can, a
// synced copy and a delete across file systems (an inbox on a share).
// When the same content is there already the inbox copy is just removed.
func archive(st *store.Store, path, file, kind, station, hash string) (string, error) {
	dest := ArchivePath(st, kind, station, file, hash)
	if err := os.MkdirAll(filepath.Dir(dest), 0o700); err != nil { // bundles hold personal data
		return "", err
	}
	if kind == ImportedDir {
		// Imported after all (a station key came): the quarantined copy goes.
		q := ArchivePath(st, QuarantineDir, station, file, hash)
		if q != path {
			os.Remove(q)
		}
		os.Remove(q + ReasonSuffix)
	}
	if _, err := os.Stat(dest); err == nil {
		if dest != path {
			if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return "", err
			}
		}
		return dest, nil
	}
	if err := os.Rename(path, dest); err == nil {
		store.SyncDir(filepath.Dir(dest))
		return dest, nil
	}
	if err := copySynced(path, dest); err != nil {
		return "", err
	}
	return dest, os.Remove(path)
}

func copySynced(src, dest string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	return atomicfile.Write(dest, func(out io.Writer) error {
		_, err := io.Copy(out, in)
		return err
	})
}

// Requeue tries the quarantined bundles of the archive again: after the
// missing station key was imported, say. A bundle now valid is imported
// and moves to the imported archive; one still invalid stays with a fresh
// reason. It returns what happened to each bundle tried.
func Requeue(ctx context.Context, st *store.Store, actor *store.User) ([]Result, error) {
	list, err := st.Quarantined(ctx)
	if err != nil {
		return nil, err
	}
	var out []Result
	imported := 0
	for _, q := range list {
		path := ArchivePath(st, QuarantineDir, q.Station, q.File, q.Hash)
		if _, err := os.Stat(path); err != nil {
			continue
		}
		r := ImportFile(ctx, st, actor, path)
		r.File = filepath.Base(filepath.FromSlash(q.File))
		switch {
		case r.Err == nil:
			if r.MovedTo, err = archive(st, path, q.File, ImportedDir, r.Station, r.Hash); err != nil {
				return out, err
			}
			imported++
		case Invalid(r.Err):
			r.Quarantined, r.Duplicate, r.MovedTo = true, true, path
			if _, err := st.QuarantineBundle(ctx, actor, q.Hash, q.Station, q.File, Reason(r.Err)); err != nil {
				return out, err
			}
		default:
			return out, r.Err
		}
		out = append(out, r)
	}
	if imported > 0 {
		_, err = WriteAcks(ctx, st, actor)
	}
	return out, err
}
