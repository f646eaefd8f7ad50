// Package export writes cases as tables for people outside the app: a CSV
// for spreadsheets, JSON for scripts, and a non-nominal table whose
// columns follow the CITES annual illegal-trade report, for the CITES
// authority and NGOs. It imports no Fyne and no SQL: the store hands it
// its rows one at a time (store.ExportRows, an iterator) and it writes
// them; the store does not import it.
//
// Column ids are stable English snake_case names, the same in every
// language; docs/export.md lists them and where each comes from.
package export

import (
	"errors"
	"io"
	"iter"
	"os"
	"path/filepath"
	"time"

	"tusk/app/atomicfile"
	"tusk/app/sop"
	"tusk/app/store"
)

// Format is what an export writes.
type Format string

// The formats.
const (
	CSV   Format = "csv"   // one case a line, UTF-8 with BOM, CRLF
	JSON  Format = "json"  // an array of objects, one case per object
	CITES Format = "cites" // non-nominal CSV, one line per product found
)

// Formats lists the formats in the order the UI offers them.
var Formats = []Format{CSV, JSON, CITES}

// Nominal says whether a format may carry personal data at all.
func (f Format) Nominal() bool { return f == CSV || f == JSON }

// ErrFormat is returned for a format this package does not know.
var ErrFormat = errors.New("export: unknown format")

// Case is one case as the store hands it to an export (store.CaseRow):
// personal data (the parties, their ID documents and the free-text notes)
// is in Inspection only when Personal is set; otherwise the store has
// removed it.
type Case = store.CaseRow

// Copy writes every row of rows to w, stopping at the first error of
// either; it returns how many it wrote. rows is the store's row iterator
// (store.Store.ExportRows), so the store never imports this package.
func Copy(w Writer, rows iter.Seq2[*Case, error]) (int, error) {
	n := 0
	for c, err := range rows {
		if err != nil {
			return n, err
		}
		if err := w.Write(c); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// Options shape an export.
type Options struct {
	// Personal adds the personal columns (CSV) or fields (JSON). The cases
	// must carry their personal data for them to be filled. CITES ignores it.
	Personal bool
	// Pack names species, trade terms, checklist groups and declared
	// categories. Nil leaves those columns blank (card IDs stay).
	Pack *sop.Pack
	// Location is the time zone times are written in, with their offset;
	// nil means UTC.
	Location *time.Location
}

// Writer writes cases in one format. Write them one at a time, then Close
// to finish the file (JSON's closing bracket) and flush.
type Writer interface {
	Write(c *Case) error
	Close() error
	// Rows is the number of data rows (CSV, CITES) or objects (JSON)
	// written so far.
	Rows() int
}

// New starts an export to w. CSV and CITES write the BOM and the header at
// once, so an export of no cases is still a valid table.
func New(w io.Writer, f Format, o Options) (Writer, error) {
	if o.Location == nil {
		o.Location = time.UTC
	}
	switch f {
	case CSV:
		return newCaseCSV(w, o)
	case JSON:
		return newJSON(w, o), nil
	case CITES:
		o.Personal = false
		return newCITES(w, o)
	}
	return nil, ErrFormat
}

// WriteFile writes path through a temporary file in the same folder and
// renames it into place only when fn succeeded, so a failed or cancelled
// export never leaves half a file under the real name. perm is 0o600 for
// a file with personal data.
func WriteFile(path string, perm os.FileMode, fn func(w io.Writer) error) error {
	f, err := atomicfile.Create(filepath.Dir(path))
	if err != nil {
		return err
	}
	defer f.Abort()
	if err := fn(f); err != nil {
		return err
	}
	if err := f.Chmod(perm); err != nil {
		return err
	}
	return f.Commit(path)
}
