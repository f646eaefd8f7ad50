package store

import (
	"os"

	"golang.org/x/sys/unix"
)

// durableFiles makes files written under root durable. On Linux one
// syncfs(2) of root's file system flushes them all with one journal
// commit, instead of one per file; it reports writeback errors since
// Linux 5.8. Where it fails, each file is synced on its own.
func durableFiles(root string, files []string) error {
	if len(files) == 0 {
		return nil
	}
	if syncFS(root) == nil {
		return nil
	}
	return fsyncEach(files)
}

// durableDirs makes renames in dirs (all under root) durable, as
// durableFiles does.
func durableDirs(root string, dirs []string) error {
	if len(dirs) == 0 || syncFS(root) == nil {
		return nil
	}
	for _, d := range dirs {
		SyncDir(d)
	}
	return nil
}

func syncFS(root string) error {
	f, err := os.Open(root)
	if err != nil {
		return err
	}
	defer f.Close()
	return unix.Syncfs(int(f.Fd()))
}
