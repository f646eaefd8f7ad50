package exchange

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"tusk/app/atomicfile"
	"tusk/app/store"
	fswatch "tusk/app/watch"
	"tusk/i18n"
)

// Folders inside the inbox.
const (
	ImportedDir   = "imported"
	QuarantineDir = "quarantine"
	ReasonSuffix  = ".reason.txt"
)

// Result is what happened to one bundle file.
type Result struct {
	File        string // base name, as it arrived
	Station     string // depot code, when the envelope could be read
	Counts      store.BundleCounts
	Err         error     // nil when imported
	Quarantined bool      // moved to quarantine: the bundle is invalid
	MovedTo     string    // where the file went, "" when it stayed for a retry
	At          time.Time // UTC
	Hash        string    // lower-case hex SHA-256 of the file's bytes
	Duplicate   bool      // the same bytes were imported or quarantined before
}

// ImportFile reads, verifies and merges one bundle file, leaving the file
// where it is. Verification needs the station's key imported first (`tusk
// keys import`); without it the error is ErrUnknownKey. Invalid(r.Err)
// tells a bad bundle from a passing store or disk problem.
func ImportFile(ctx context.Context, st *store.Store, actor *store.User, path string) Result {
	r := Result{File: filepath.Base(path), At: st.Now().UTC()}
	data, err := readLimited(path)
	if err != nil {
		r.Err = err
		return r
	}
	r.Hash = hashOf(data)
	if state, err := st.BundleState(ctx, r.Hash); err != nil {
		r.Err = err
		return r
	} else if state == "imported" {
		// Delivered again (a resend, a revert by the sync engine): the
		// same bytes change nothing and are not counted twice.
		r.Duplicate = true
		if env, eerr := DecodeEnvelope(data); eerr == nil {
			r.Station = env.Station
		}
		return r
	}
	ring, err := st.KeyRing(ctx)
	if err != nil {
		r.Err = err
		return r
	}
	b, err := Open(data, ring)
	if err != nil {
		if env, eerr := DecodeEnvelope(data); eerr == nil {
			r.Station = env.Station
		}
		r.Err = err
		return r
	}
	r.Station = b.Body.Station
	in := &store.BundleIn{File: r.File, Station: b.Body.Station,
		StationName: b.Body.StationName, Key: b.Envelope.Key, Cases: b.Body.Cases,
		Hash: r.Hash, FromSeq: b.Body.FromSeq, ThroughSeq: b.Body.ThroughSeq}
	if h := b.Body.AuditHead; h != nil {
		in.AuditHead = store.AuditHead{Seq: h.Seq, Hash: h.Hash}
	}
	r.Counts, r.Err = st.ImportBundle(ctx, actor, in)
	return r
}

func readLimited(path string) ([]byte, error) {
	// A FIFO would block the open itself: look first.
	if fi, err := os.Stat(path); err == nil && !fi.Mode().IsRegular() {
		return nil, bad(ErrFormat, "not a regular file")
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// Refused before reading: a file too large, a FIFO or a device.
	if fi, err := f.Stat(); err != nil {
		return nil, err
	} else if !fi.Mode().IsRegular() {
		return nil, bad(ErrFormat, "not a regular file")
	} else if fi.Size() > MaxBundleSize {
		return nil, bad(ErrTooLarge, "%d bytes, over %d", fi.Size(), MaxBundleSize)
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxBundleSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxBundleSize {
		return nil, bad(ErrTooLarge, "over %d bytes", MaxBundleSize)
	}
	return data, nil
}

// Reason is the English line a quarantined bundle's reason file and the
// command line give for err.
func Reason(err error) string {
	var se *store.Error
	if errors.As(err, &se) && i18n.HasKey(se.Code) {
		msg := i18n.New("en").T(se.Code)
		if se.Detail != "" {
			msg += " (" + se.Detail + ")"
		}
		return msg
	}
	return err.Error()
}

// Watcher imports the bundles that arrive in an inbox folder, or in its
// subfolders one level down (one synced folder per station, as Syncthing
// or Nextcloud shares are set up): on start the ones already there, then
// each new *.tuskbundle once it has been quiet for Debounce (a copy in
// progress is never read half-written).
// An imported file moves out of the inbox to <home>/exchange/imported/,
// an invalid one to <home>/exchange/quarantine/ beside <name>.reason.txt
// (never into a folder the sync engine owns), each once by its hash;
// after a passing store or disk error the file stays and is tried again
// at the next Rescan.
type Watcher struct {
	Dir      string
	Store    *store.Store
	Actor    *store.User
	OnResult func(Result) // called from the watcher's goroutine
	Debounce time.Duration
	Rescan   time.Duration

	// acksLater: handle leaves the acknowledgements to the caller, which
	// writes them once after a whole batch (TakeInbox, and Run once no
	// other file is ready), not one signed and synced file per bundle.
	acksLater bool
}

// Run watches until ctx is cancelled; it returns nil then, or an error
// when the folder cannot be watched at all.
func (w *Watcher) Run(ctx context.Context) error {
	if fi, err := os.Stat(w.Dir); w.Dir == "" || err != nil || !fi.IsDir() {
		return bad(ErrNoFolder, "%s", w.Dir)
	}
	debounce, rescan := w.Debounce, w.Rescan
	if debounce <= 0 {
		debounce = 300 * time.Millisecond
	}
	if rescan <= 0 {
		rescan = time.Minute
	}
	watched := map[string]bool{} // station subfolders being watched
	tries := map[string]int{}
	watchSub := func(l *fswatch.Loop, name string) {
		if !watched[name] && stationFolder(name) {
			if l.Add(filepath.Join(w.Dir, name)) == nil {
				watched[name] = true
			}
		}
	}
	// Names are relative to the inbox: "x.tuskbundle" or "GZ2/x.tuskbundle".
	var scanDir func(l *fswatch.Loop, rel string)
	scanDir = func(l *fswatch.Loop, rel string) {
		entries, err := os.ReadDir(filepath.Join(w.Dir, rel))
		if err != nil {
			return
		}
		for _, e := range entries {
			name := filepath.Join(rel, e.Name())
			switch {
			case e.IsDir() && rel == "" && stationFolder(e.Name()):
				watchSub(l, e.Name())
				scanDir(l, e.Name())
			case e.Type().IsRegular() && eligible(e.Name()):
				if !l.Pending(name) {
					l.Arm(name, debounce)
				}
			}
		}
	}
	scan := func(l *fswatch.Loop) { scanDir(l, "") }
	// Acknowledgements are written once after each batch (below).
	var last *Result
	pending := false
	report := w.OnResult
	w.OnResult = func(r Result) {
		if r.Err == nil && !r.Duplicate {
			last = &r
		}
		if report != nil {
			report(r)
		}
	}
	defer func() { w.OnResult = report }()
	l, err := fswatch.Start(ctx, fswatch.Config{
		Debounce: debounce,
		Started:  scan,
		Key: func(l *fswatch.Loop, ev fswatch.Event) (string, bool) {
			rel, err := filepath.Rel(w.Dir, ev.Name)
			if err != nil || strings.HasPrefix(rel, "..") {
				return "", false
			}
			if ev.Op&fswatch.Create != 0 && !strings.Contains(rel, string(filepath.Separator)) {
				if fi, err := os.Stat(ev.Name); err == nil && fi.IsDir() && stationFolder(rel) {
					// A station's folder appeared: watch it and take what it holds.
					watchSub(l, rel)
					scanDir(l, rel)
					return "", false
				}
			}
			return rel, ev.Op&(fswatch.Create|fswatch.Write|fswatch.Chmod) != 0 && eligible(ev.Name)
		},
		Settled: func(l *fswatch.Loop, name string) {
			// Files that arrived together are taken one after the other
			// and acknowledged once: the last one of them writes the
			// acknowledgements before it is reported, as a file alone does.
			w.acksLater = l.More()
			pending = pending || w.acksLater
			if again := w.handle(ctx, name, tries[name]); again > 0 {
				tries[name]++
				l.Arm(name, again)
			} else {
				delete(tries, name)
			}
			if pending && !l.More() && ctx.Err() == nil {
				// The last file was not imported: acknowledge the others.
				pending = false
				if _, err := WriteAcks(ctx, w.Store, w.Actor); err != nil && last != nil && report != nil {
					r := *last
					r.Err = err
					report(r)
				}
				last = nil
			}
		},
		// An overflow loses events: look at the folder again.
		Lost:  scan,
		Every: rescan,
		Tick:  scan,
	}, w.Dir)
	if err != nil {
		return err
	}
	select {
	case <-ctx.Done():
	case <-l.Done():
	}
	l.Stop()
	return nil
}

// handle imports one file; it returns a delay when the file should be
// looked at again soon (it was still changing).
func (w *Watcher) handle(ctx context.Context, name string, tries int) time.Duration {
	path := filepath.Join(w.Dir, name)
	before, err := os.Stat(path)
	if err != nil || !before.Mode().IsRegular() {
		return 0 // gone already (moved by us or taken back)
	}
	// A file written in place by a slow copy may still be growing even
	// after a quiet spell: a young file that does not parse gets a few
	// more chances before quarantine.
	young := time.Since(before.ModTime()) < 3*time.Second && tries < 3
	r := ImportFile(ctx, w.Store, w.Actor, path)
	if after, err := os.Stat(path); err == nil && (after.Size() != before.Size() || !after.ModTime().Equal(before.ModTime())) {
		return time.Second
	}
	switch {
	case ctx.Err() != nil:
		return 0
	case r.Err == nil:
		r.MovedTo, r.Err = archive(w.Store, path, name, ImportedDir, r.Station, r.Hash)
		if r.Err == nil && !w.acksLater {
			_, r.Err = WriteAcks(ctx, w.Store, w.Actor)
		}
	case young && errors.Is(r.Err, ErrFormat):
		return time.Second
	case Invalid(r.Err):
		r.Quarantined = true
		fresh, err := w.Store.QuarantineBundle(ctx, w.Actor, r.Hash, r.Station, filepath.ToSlash(name), Reason(r.Err))
		r.Duplicate = !fresh
		if err == nil {
			r.MovedTo, err = archive(w.Store, path, name, QuarantineDir, r.Station, r.Hash)
		}
		if _, serr := os.Stat(r.MovedTo + ReasonSuffix); err == nil && (fresh || serr != nil) {
			// The first reason stays: a bundle delivered again is the same.
			reason := fmt.Sprintf("%s\n%s\nfile: %s\n", r.At.Format(time.RFC3339), Reason(r.Err), filepath.ToSlash(name))
			writeReason(r.MovedTo+ReasonSuffix, []byte(reason))
		}
	}
	if w.OnResult != nil {
		w.OnResult(r)
	}
	return 0
}

// stationFolder reports whether a subfolder of the inbox may hold a
// station's bundles: not the inbox's own imported/ and quarantine/, and
// not a hidden or sync tool's folder.
func stationFolder(name string) bool {
	return name != ImportedDir && name != QuarantineDir && !strings.HasPrefix(name, ".") && !strings.HasPrefix(name, "~")
}

func writeReason(path string, b []byte) {
	// A courtesy beside the file: the store keeps the reason too.
	_ = atomicfile.WriteFile(path, b)
}
