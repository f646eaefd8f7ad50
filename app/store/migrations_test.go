package store

import (
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"tusk/app/inspect"
)

// releasedMigrations holds the SHA-256 of every migration that has been
// released. A released migration never changes: a change to the schema is
// a new migration with the next number. Add a migration's hash here when
// it is released (if the lead renumbers one at a merge, its name here
// follows).
var releasedMigrations = map[string]string{
	"0001_foundation.sql":      "fcb5277cc56317b5bd47d57b20230de5b75d5a21b1703793fead7bf984539c6c",
	"0002_inspections.sql":     "10e658604f81436105aa1b6d26e044810a72d010e962781db36672de9cafbe05",
	"0003_keys.sql":            "654f5d6757f8344c2842c8c46cc4c654412d38288c23d5f01dc4e1ab11d4f64c",
	"0004_review.sql":          "13ebcc51ffb185b34b3ec8cab3363114a26804a2635a6c08801cd6e3ccb30a9e", // as first released
	"0005_audit_witnesses.sql": "3d12ce6c8df1f27476b695e14e70aaa730294e4775c09db82c124bb78a09ab16",
	"0006_cases_fts.sql":       "8ad00ccfe97f2d9e85354d7f44e5d0dc32e76e87aa2e62c7aa00a2044201ef15",
}

// Defect 9: 0004_review.sql was edited after its release; this holds
// every released migration to its bytes.
func TestReleasedMigrationsNeverChange(t *testing.T) {
	for name, want := range releasedMigrations {
		b, err := fs.ReadFile(migrations, "migrations/"+name)
		if err != nil {
			t.Errorf("released migration %s is gone: %v", name, err)
			continue
		}
		sum := sha256.Sum256(b)
		if got := hex.EncodeToString(sum[:]); got != want {
			t.Errorf("released migration %s changed (sha256 %s, released as %s): put the change in a new migration", name, got, want)
		}
	}
}

// A database made by either history of 0004 (as released, without the
// trigram index; or as it was edited, with it) opens, migrates and has a
// working queue search.
func TestDatabasesOfBothHistoriesOf0004(t *testing.T) {
	edited, err := os.ReadFile(filepath.Join("testdata", "0004_review_as_edited.sql"))
	if err != nil {
		t.Fatal(err)
	}
	for name, review := range map[string]string{"as released": "", "as edited": string(edited)} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), FileName)
			db, err := sql.Open("sqlite", DSN(path))
			if err != nil {
				t.Fatal(err)
			}
			db.Exec(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`)
			for v, m := range []string{"0001_foundation.sql", "0002_inspections.sql", "0003_keys.sql", "0004_review.sql"} {
				b, _ := fs.ReadFile(migrations, "migrations/"+m)
				body := string(b)
				if m == "0004_review.sql" && review != "" {
					body = review
				}
				if _, err := db.Exec(body); err != nil {
					t.Fatalf("%s: %v", m, err)
				}
				db.Exec(`INSERT INTO schema_migrations VALUES (?, ?, '')`, v+1, m)
			}
			db.Close()
			s, err := Open(ctx, path)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			d := staffDepot(t, s)
			c := decided(t, d, "RR123456785CN", inspect.ActionHold, "pangolin-scales")
			items, n, err := s.Queue(ctx, d.sup, QueueFilter{Text: "123456"})
			if err != nil || n != 1 || len(items) != 1 {
				t.Fatalf("queue search after migrating: %d %v (case %s)", n, err, c.Number)
			}
			if _, _, err := s.Queue(ctx, d.sup, QueueFilter{Text: strings.Repeat("x", 5)}); err != nil {
				t.Fatal(err)
			}
		})
	}
}
