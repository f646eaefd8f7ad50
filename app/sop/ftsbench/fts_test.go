package ftsbench

import (
	"database/sql"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	_ "modernc.org/sqlite"

	"tusk/app/sop"
)

// ftsQuery turns a query into FTS5 syntax: every word as a quoted prefix
// term, all of them required (FTS5's implicit AND).
func ftsQuery(q string) string {
	var terms []string
	for _, w := range strings.FieldsFunc(q, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) }) {
		terms = append(terms, `"`+w+`"*`)
	}
	return strings.Join(terms, " ")
}

// openFTS loads every card's indexed text (the same strings sop searches,
// pinyin included) into an FTS5 table in a temp file.
func openFTS(tb testing.TB, p *sop.Pack) *sql.DB {
	tb.Helper()
	db, err := sql.Open("sqlite", filepath.Join(tb.TempDir(), "fts.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(`CREATE VIRTUAL TABLE cards USING fts5(card UNINDEXED, body, tokenize = 'unicode61 remove_diacritics 2')`); err != nil {
		tb.Fatal(err)
	}
	tx, err := db.Begin()
	if err != nil {
		tb.Fatal(err)
	}
	st, err := tx.Prepare(`INSERT INTO cards(card, body) VALUES (?, ?)`)
	if err != nil {
		tb.Fatal(err)
	}
	for _, c := range p.Cards {
		if _, err := st.Exec(c.ID, strings.Join(p.IndexedText(c.ID), "\n")); err != nil {
			tb.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		tb.Fatal(err)
	}
	return db
}

func search(tb testing.TB, st *sql.Stmt, q string) int {
	rows, err := st.Query(ftsQuery(q))
	if err != nil {
		tb.Fatalf("%q: %v", q, err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			tb.Fatal(err)
		}
		n++
	}
	return n
}

// TestFTSFindsTitles checks the FTS5 set-up finds what it should, so the
// benchmark measures real searches and not empty ones.
func TestFTSFindsTitles(t *testing.T) {
	p := sop.SyntheticPack(200)
	db := openFTS(t, p)
	st, err := db.Prepare(`SELECT card FROM cards WHERE cards MATCH ? ORDER BY rank`)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, c := range p.Cards[:20] {
		if n := search(t, st, c.Title["en"]); n == 0 {
			t.Errorf("FTS5 found nothing for the title %q", c.Title["en"])
		}
	}
	if n := search(t, st, "zzzzqqq"); n != 0 {
		t.Errorf("FTS5 found %d cards for nonsense", n)
	}
}

// BenchmarkFTS5Search10k: the same cards and queries as
// sop.BenchmarkCardSearch10k, in SQLite FTS5 ranked by bm25. FTS5 has no
// typo tolerance and no pinyin of its own (the pinyin is in the text), so
// it finds a little less for the same work.
func BenchmarkFTS5Search10k(b *testing.B) {
	p := sop.SyntheticPack(10000)
	qs := sop.SyntheticQueries(p, 1000)
	db := openFTS(b, p)
	for _, tc := range []struct{ name, sql string }{
		{"all", `SELECT card FROM cards WHERE cards MATCH ? ORDER BY rank`},
		{"top50", `SELECT card FROM cards WHERE cards MATCH ? ORDER BY rank LIMIT 50`},
	} {
		b.Run(tc.name, func(b *testing.B) {
			st, err := db.Prepare(tc.sql)
			if err != nil {
				b.Fatal(err)
			}
			defer st.Close()
			d := make([]time.Duration, 0, min(b.N, 1<<22))
			hits := 0
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				t0 := time.Now()
				hits += search(b, st, qs[i%len(qs)])
				if len(d) < cap(d) {
					d = append(d, time.Since(t0))
				}
			}
			b.StopTimer()
			slices.Sort(d)
			b.ReportMetric(float64(d[len(d)/2].Nanoseconds())/1e3, "p50-µs")
			b.ReportMetric(float64(d[len(d)*99/100].Nanoseconds())/1e3, "p99-µs")
			b.ReportMetric(float64(hits)/float64(b.N), "hits/op")
		})
	}
}
