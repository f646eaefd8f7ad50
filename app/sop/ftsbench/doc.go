// Package ftsbench holds only a benchmark: the same 10,000 synthetic cards
// and queries as sop's BenchmarkCardSearch10k, searched with SQLite FTS5
// (modernc.org/sqlite), so the in-memory index can be compared with the
// obvious alternative. Package sop itself imports no SQL.
//
//	go test -tags ci -run XXX -bench . ./app/sop/ftsbench
package ftsbench
