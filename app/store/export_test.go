package store

import (
	"testing"
	"time"
)

// Exported to the external test package (store_test), whose benchmarks
// drive a screen over the store and reuse the cached big databases.

// RepeatBenchDB is repeatDB: the path of a cached database of n logged
// parcels, 3 % of them held; the inspector is user 2, the supervisor 1.
func RepeatBenchDB(b *testing.B, n int) string { return repeatDB(b, n) }

// ReportPercentiles is reportPercentiles.
func ReportPercentiles(b *testing.B, times []time.Duration) { reportPercentiles(b, times) }
