//go:build !linux

package store

// durableFiles makes files written under root durable: each is synced,
// a few at a time.
func durableFiles(root string, files []string) error { return fsyncEach(files) }

// durableDirs makes renames in dirs durable.
func durableDirs(root string, dirs []string) error {
	for _, d := range dirs {
		SyncDir(d)
	}
	return nil
}
