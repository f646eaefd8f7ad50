//go:build unix

package cli

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time (user + system) this process has used so far:
// on a machine shared with other work, parcels per CPU-second says what
// the code costs whatever else is running.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
