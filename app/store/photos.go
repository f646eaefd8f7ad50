package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"

	"tusk/app/atomicfile"
	"tusk/app/inspect"
)

// Photos are evidence: the original bytes are kept unchanged, named by
// their SHA-256, under <home>/photos/<first two hex digits>/<sha256>.jpg
// (or .png), where <home> is the folder of the database file. The same
// bytes are stored once however often they are added. Thumbnails are the
// UI's business and are never stored here.

// MaxPhotoSize is the largest photo accepted: a phone's full-resolution
// JPEG is 3 to 12 MB.
const MaxPhotoSize = 25 << 20

// Photo errors; codes are i18n keys.
var (
	ErrPhotoType     = &Error{Code: "store.err.photo_type"}      // not a JPEG or PNG file
	ErrPhotoTooLarge = &Error{Code: "store.err.photo_too_large"} // over MaxPhotoSize
	ErrPhotoEmpty    = &Error{Code: "store.err.photo_empty"}
	ErrPhotoChanged  = &Error{Code: "store.err.photo_changed"} // stored file no longer matches its hash
)

// photoType sniffs the file's magic bytes: only JPEG and PNG, the formats
// of phones and capture stations, are accepted.
func photoType(head []byte) (mime, ext string, ok bool) {
	switch {
	case bytes.HasPrefix(head, []byte{0xFF, 0xD8, 0xFF}):
		return "image/jpeg", ".jpg", true
	case bytes.HasPrefix(head, []byte("\x89PNG\r\n\x1a\n")):
		return "image/png", ".png", true
	}
	return "", "", false
}

// home is the folder the database lives in.
func (s *Store) home() string { return filepath.Dir(s.path) }

// headWriter keeps the first bytes written to it, for sniffing.
type headWriter struct{ buf []byte }

func (h *headWriter) Write(p []byte) (int, error) {
	if n := 16 - len(h.buf); n > 0 {
		h.buf = append(h.buf, p[:min(n, len(p))]...)
	}
	return len(p), nil
}

// AddPhoto copies a photo's bytes unchanged into the photo folder (a temp
// file, fsynced, then renamed into place, so a power cut never leaves half
// a photo under a real name) and records it. name is the original file
// name, kept for display. The same bytes added twice are stored once, and
// the first record is returned. Needs CapInspect. Errors: ErrPhotoType,
// ErrPhotoTooLarge, ErrPhotoEmpty.
func (s *Store) AddPhoto(ctx context.Context, actor *User, r io.Reader, name string) (inspect.Photo, error) {
	if !actor.Can(CapInspect) {
		return inspect.Photo{}, ErrForbidden
	}
	dir := filepath.Join(s.home(), "photos")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return inspect.Photo{}, err
	}
	tmp, err := atomicfile.Create(dir)
	if err != nil {
		return inspect.Photo{}, err
	}
	defer tmp.Abort() // a no-op once renamed
	h := sha256.New()
	head := &headWriter{}
	n, err := io.Copy(io.MultiWriter(tmp, h, head), io.LimitReader(r, MaxPhotoSize+1))
	switch {
	case err != nil:
		return inspect.Photo{}, err
	case n == 0:
		return inspect.Photo{}, ErrPhotoEmpty
	case n > MaxPhotoSize:
		return inspect.Photo{}, ErrPhotoTooLarge
	}
	mime, ext, ok := photoType(head.buf)
	if !ok {
		return inspect.Photo{}, ErrPhotoType
	}
	sum := hex.EncodeToString(h.Sum(nil))
	rel := path.Join("photos", sum[:2], sum+ext)
	final := filepath.Join(s.home(), filepath.FromSlash(rel))
	if st, err := os.Stat(final); err != nil || st.Size() != n {
		// Missing, or damaged (its size betrays it): put the original there.
		if err := os.MkdirAll(filepath.Dir(final), 0o700); err != nil {
			return inspect.Photo{}, err
		}
		os.Chmod(final, 0o600) // a read-only damaged file would block the rename on Windows
		if err := tmp.Chmod(0o444); err != nil {
			return inspect.Photo{}, err
		}
		if err := tmp.Commit(final); err != nil {
			return inspect.Photo{}, err
		}
	}
	name = filepath.Base(strings.ReplaceAll(strings.TrimSpace(name), `\`, "/"))
	if name == "." || name == "/" {
		name = ""
	}
	err = s.write(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO photos(sha256, name, size, mime, added_at, path) VALUES (?, ?, ?, ?, ?, ?)`,
			sum, name, n, mime, fmtTime(tx.now), rel)
		if err != nil {
			return err
		}
		if k, _ := res.RowsAffected(); k == 0 {
			return nil // already recorded
		}
		return tx.audit(ctx, actor, "photo.add", "photo:"+sum, mime+" "+name)
	})
	if err != nil {
		return inspect.Photo{}, err
	}
	return s.photo(ctx, sum)
}

// SyncDir makes a rename durable. Windows cannot open a folder for sync
// and its renames need none.
func SyncDir(dir string) {
	_ = atomicfile.SyncDir(dir) // best effort, as before: callers cannot undo a rename
}

func (s *Store) photo(ctx context.Context, sha string) (inspect.Photo, error) {
	p := inspect.Photo{SHA256: sha}
	var at string
	err := s.db.QueryRowContext(ctx, `SELECT name, size, added_at FROM photos WHERE sha256 = ?`, sha).Scan(&p.FileName, &p.Size, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return p, ErrNotFound
	}
	p.TakenAt = parseTime(at)
	return p, err
}

// photosOf lists an inspection's photos in the order they were attached.
func (s *Store) photosOf(ctx context.Context, inspectionID int64) ([]inspect.Photo, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT p.sha256, p.name, p.size, p.added_at FROM inspection_photos ip
		JOIN photos p ON p.sha256 = ip.sha256 WHERE ip.inspection_id = ? ORDER BY ip.seq`, inspectionID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []inspect.Photo
	for rows.Next() {
		var p inspect.Photo
		var at string
		if err := rows.Scan(&p.SHA256, &p.FileName, &p.Size, &at); err != nil {
			return nil, err
		}
		p.TakenAt = parseTime(at)
		out = append(out, p)
	}
	return out, rows.Err()
}

// AttachPhoto links a stored photo to an inspection; attaching it again
// changes nothing. Drafts take photos from whoever may write them; held
// and refused parcels take further evidence from users with CapDecide;
// cleared ones take none (ErrDecided). Audited as photo.attach.
func (s *Store) AttachPhoto(ctx context.Context, actor *User, inspectionID, sha string) error {
	return s.write(ctx, func(tx *Tx) error {
		r, err := loadRow(ctx, tx, inspectionID)
		if err != nil {
			return err
		}
		switch r.status {
		case inspect.StatusDraft:
			if !canWrite(actor, r.inspectorID) {
				return ErrForbidden
			}
		case inspect.StatusHeld, inspect.StatusRefused:
			if !actor.Can(CapDecide) {
				return ErrForbidden
			}
		default:
			return ErrDecided
		}
		var known int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM photos WHERE sha256 = ?`, sha).Scan(&known); err != nil {
			return err
		}
		if known == 0 {
			return ErrNotFound
		}
		res, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO inspection_photos(inspection_id, sha256, seq, added_by, added_at)
			VALUES (?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM inspection_photos WHERE inspection_id = ?), ?, ?)`,
			r.id, sha, r.id, actor.ID, fmtTime(tx.now))
		if err != nil {
			return err
		}
		if k, _ := res.RowsAffected(); k == 0 {
			return nil
		}
		return tx.audit(ctx, actor, "photo.attach", inspectionSubject(r.number), sha)
	})
}

// DetachPhoto unlinks a photo from a draft (a wrong shot); the file stays.
// Audited as photo.detach.
func (s *Store) DetachPhoto(ctx context.Context, actor *User, inspectionID, sha string) error {
	return s.write(ctx, func(tx *Tx) error {
		r, err := tx.draftFor(ctx, actor, inspectionID)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM inspection_photos WHERE inspection_id = ? AND sha256 = ?`, r.id, sha)
		if err != nil {
			return err
		}
		if k, _ := res.RowsAffected(); k == 0 {
			return ErrNotFound
		}
		return tx.audit(ctx, actor, "photo.detach", inspectionSubject(r.number), sha)
	})
}

// PhotoPath is the file of a stored photo, for display. Needs CapInspect
// or CapCases: a photo can show a label with names on it, and it cannot
// be masked.
func (s *Store) PhotoPath(ctx context.Context, actor *User, sha string) (string, error) {
	if !actor.Can(CapInspect) && !actor.Can(CapCases) {
		return "", ErrForbidden
	}
	var rel string
	err := s.db.QueryRowContext(ctx, `SELECT path FROM photos WHERE sha256 = ?`, sha).Scan(&rel)
	if errors.Is(err, sql.ErrNoRows) {
		return "", ErrNotFound
	}
	if err != nil {
		return "", err
	}
	return filepath.Join(s.home(), filepath.FromSlash(rel)), nil
}

// CheckPhoto hashes a stored photo again: nil when the file still holds
// the original bytes, ErrPhotoChanged when not, an fs error when it is
// gone. For evidence exports and `tusk audit verify`.
func (s *Store) CheckPhoto(ctx context.Context, sha string) error {
	var rel string
	err := s.db.QueryRowContext(ctx, `SELECT path FROM photos WHERE sha256 = ?`, sha).Scan(&rel)
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	if err != nil {
		return err
	}
	f, err := os.Open(filepath.Join(s.home(), filepath.FromSlash(rel)))
	if err != nil {
		return err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return err
	}
	if hex.EncodeToString(h.Sum(nil)) != sha {
		return errf(ErrPhotoChanged.Code, "%s", sha)
	}
	return nil
}
