package exchange

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"tusk/app/atomicfile"
	"tusk/app/store"
)

// Sent is what one Export wrote.
type Sent struct {
	Files []string // full paths of the bundles written, oldest cases first
	Cases int
}

// ErrNoFolder: the outbox or inbox folder is not set or does not exist.
var ErrNoFolder = &store.Error{Code: "exchange.err.folder"}

// Export writes this station's cases changed since the last bundle into
// dir as signed bundles named <STATION>-<UTC yyyymmddThhmmss>.tuskbundle
// (several when the photos are many). Each file is written under a
// dotted temporary name, synced and renamed, and only then does the store
// move its watermark on, so a crash sends a case twice at worst, never
// loses it. Nothing new writes no file. Needs CapDecide.
func Export(ctx context.Context, st *store.Store, actor *store.User, dir string) (Sent, error) {
	var sent Sent
	if fi, err := os.Stat(dir); dir == "" || err != nil || !fi.IsDir() {
		return sent, bad(ErrNoFolder, "%s", dir)
	}
	from, err := startFrom(ctx, st, actor, dir)
	if err != nil {
		return sent, err
	}
	for {
		batch, err := st.CasesAfter(ctx, actor, from, MaxPhotoBytes)
		if err != nil {
			return sent, err
		}
		if len(batch.Cases) == 0 {
			return sent, nil
		}
		from = batch.ThroughSeq
		// The head is read before signing, so the receiving depot holds a
		// witness of this station's trail as it stood.
		head, err := st.AuditHead(ctx)
		if err != nil {
			return sent, err
		}
		b := Body{Station: batch.Station, StationName: batch.StationName, Cases: batch.Cases,
			FromSeq: batch.FromSeq, ThroughSeq: batch.ThroughSeq}
		if head.Seq > 0 {
			b.AuditHead = &Head{Seq: head.Seq, Hash: head.Hash}
		}
		body, err := json.Marshal(b)
		if err != nil {
			return sent, err
		}
		sig, key, err := st.SignBundle(ctx, actor, body)
		if err != nil {
			return sent, err
		}
		now := st.Now().UTC()
		data, err := Encode(batch.Station, key.Fingerprint(), now, body, sig)
		if err != nil {
			return sent, err
		}
		name := batch.Station + "-" + now.Format("20060102T150405")
		path, err := writeNew(dir, name, data)
		if err != nil {
			return sent, err
		}
		if err := st.MarkBundleSent(ctx, actor, filepath.Base(path), batch.FromSeq, batch.ThroughSeq, len(batch.Cases), batch.Through); err != nil {
			return sent, err
		}
		sent.Files = append(sent.Files, path)
		sent.Cases += len(batch.Cases)
	}
}

// writeNew writes data as dir/name.tuskbundle, or name-2… when that is
// taken, through a synced dotted temporary file that a sync tool and the
// inbox watcher both ignore.
func writeNew(dir, name string, data []byte) (string, error) {
	f, err := atomicfile.Create(dir) // private: a bundle holds personal data
	if err != nil {
		return "", err
	}
	defer f.Abort()
	if _, err := f.Write(data); err != nil {
		return "", err
	}
	for i := 1; i <= 1000; i++ {
		path := filepath.Join(dir, name+Ext)
		if i > 1 {
			path = filepath.Join(dir, fmt.Sprintf("%s-%d%s", name, i, Ext))
		}
		// Never replaces an existing bundle.
		err := f.CommitNew(path)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return "", err
		}
		return path, nil
	}
	return "", fmt.Errorf("no free file name for %s in %s", name, dir)
}

// eligible reports whether a file name in the inbox is a bundle to read:
// *.tuskbundle, and not a dotfile or a sync tool's temporary name
// (Syncthing's .syncthing.*.tmp, Nextcloud's .~*, *.part).
func eligible(name string) bool {
	base := filepath.Base(name)
	return strings.HasSuffix(base, Ext) && len(base) > len(Ext) &&
		!strings.HasPrefix(base, ".") && !strings.HasPrefix(base, "~")
}
