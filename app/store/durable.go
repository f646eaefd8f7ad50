package store

import (
	"os"
	"sync"
)

// fsyncEach syncs files a few at a time (the disk can commit concurrent
// syncs together) and returns the first error.
func fsyncEach(files []string) error {
	work := make(chan string)
	errs := make(chan error, len(files))
	var wg sync.WaitGroup
	for range min(8, len(files)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for name := range work {
				f, err := os.OpenFile(name, os.O_RDWR, 0)
				if err == nil {
					err = f.Sync()
					if cerr := f.Close(); err == nil {
						err = cerr
					}
				}
				errs <- err
			}
		}()
	}
	for _, f := range files {
		work <- f
	}
	close(work)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
