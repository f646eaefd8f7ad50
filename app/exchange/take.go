package exchange

import (
	"context"
	"os"
	"path/filepath"

	"tusk/app/store"
)

// TakeInbox does once what the Watcher does as files arrive: every bundle
// in the inbox and its station subfolders is imported or quarantined and
// moved into the home's archive, and acknowledgements are written. For
// `tusk import --inbox` and for a supervisor that does not keep the app
// running.
func TakeInbox(ctx context.Context, st *store.Store, actor *store.User, dir string) ([]Result, error) {
	if fi, err := os.Stat(dir); dir == "" || err != nil || !fi.IsDir() {
		return nil, bad(ErrNoFolder, "%s", dir)
	}
	var out []Result
	w := &Watcher{Dir: dir, Store: st, Actor: actor, OnResult: func(r Result) { out = append(out, r) }, acksLater: true}
	var names []string
	var list func(rel string)
	list = func(rel string) {
		entries, err := os.ReadDir(filepath.Join(dir, rel))
		if err != nil {
			return
		}
		for _, e := range entries {
			switch {
			case e.IsDir() && rel == "" && stationFolder(e.Name()):
				list(e.Name())
			case e.Type().IsRegular() && eligible(e.Name()):
				names = append(names, filepath.Join(rel, e.Name()))
			}
		}
	}
	list("")
	for _, n := range names {
		if ctx.Err() != nil {
			break
		}
		w.handle(ctx, n, 1<<20) // no retries: the file is as the engine left it
	}
	_, err := WriteAcks(ctx, st, actor)
	return out, err
}
