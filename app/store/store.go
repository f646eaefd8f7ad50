// Package store is Tusk's single SQLite store (modernc.org/sqlite, no cgo):
// WAL mode with durable commits, embedded migrations, repositories, the
// hash-chained audit trail and online backup. Every write that matters runs
// in one transaction together with its audit entry.
package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"net/url"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"tusk/app/coded"
)

//go:embed migrations/*.sql
var migrations embed.FS

// FileName is the database file inside the home folder.
const FileName = "tusk.db"

// Store is the open database.
type Store struct {
	db     *sql.DB
	path   string
	heads  *headLog
	unlock keyUnlock // the signing key's passphrase, once unlocked (keyseal.go)
	// Now is the clock; tests replace it. Times are stored in UTC.
	Now func() time.Time
}

// pragmas run on every new connection through the DSN, not once on one
// pooled connection: foreign_keys and busy_timeout are per connection.
var pragmas = []string{
	"busy_timeout(5000)",
	"journal_mode(WAL)",
	"synchronous(FULL)", // a commit survives a power cut
	"foreign_keys(1)",
}

// DSN builds the connection string for path.
func DSN(path string) string {
	q := url.Values{}
	for _, p := range pragmas {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate") // writers take the lock up front: no BUSY upgrades in WAL
	return fileURI(path) + "?" + q.Encode()
}

// fileURI is path as an SQLite "file:" URI. Every byte outside the
// unreserved set is percent-encoded, so a folder named "d #5" or "a?b"
// is opened where it is and not at the part before the # or ?.
func fileURI(path string) string {
	const hexd = "0123456789ABCDEF"
	p := filepath.ToSlash(path)
	var b strings.Builder
	b.WriteString("file:")
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9',
			c == '/', c == '-', c == '.', c == '_', c == '~', c == ':':
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(hexd[c>>4])
			b.WriteByte(hexd[c&15])
		}
	}
	return b.String()
}

// Open opens (creating if needed) the database at path and migrates it.
//
// A file that is empty, damaged or not Tusk's is refused, never replaced
// (recovery.go); a new one is created 0600 under a temporary name and
// renamed into place once migrated.
func Open(ctx context.Context, path string) (*Store, error) {
	exists, err := checkExisting(path)
	if err != nil {
		return nil, err
	}
	if !exists {
		if err := createFresh(ctx, path); err != nil {
			return nil, fmt.Errorf("create %s: %w", path, err)
		}
	}
	privatize(path)
	db, err := sql.Open("sqlite", DSN(path))
	if err != nil {
		return nil, err
	}
	// One connection: a desktop app has one writer, and SQLite then never
	// answers BUSY to ourselves.
	db.SetMaxOpenConns(1)
	s := &Store{db: db, path: path, Now: time.Now, heads: newHeadLog(path)}
	if err := s.checkSchema(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if err := s.startWitnesses(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return s, nil
}

// Close closes the database and its head log.
func (s *Store) Close() error {
	s.heads.close()
	return s.db.Close()
}

// Path is the database file.
func (s *Store) Path() string { return s.path }

// DB exposes the handle for tests and benchmarks in this module.
func (s *Store) DB() *sql.DB { return s.db }

func (s *Store) now() string { return fmtTime(s.Now()) }

// fmtTime writes UTC times in a fixed-width form that sorts as text.
func fmtTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

func parseTime(s string) time.Time {
	t, _ := time.Parse("2006-01-02T15:04:05.000Z", s)
	return t
}

// migrate applies the embedded migrations not yet recorded, each in its
// own transaction, in file-name order.
func (s *Store) migrate(ctx context.Context) error {
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		return err
	}
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	applied := map[int]bool{}
	rows, err := s.db.QueryContext(ctx, `SELECT version FROM schema_migrations`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			rows.Close()
			return err
		}
		applied[v] = true
	}
	rows.Close()
	for _, name := range names {
		base := filepath.Base(name)
		v, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil {
			return fmt.Errorf("migration %s: name must start with a number", base)
		}
		if applied[v] {
			continue
		}
		body, err := fs.ReadFile(migrations, name)
		if err != nil {
			return err
		}
		tx, err := s.db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, string(body)); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %s: %w", base, err)
		}
		if strings.Contains(string(body), "writable_schema") {
			// A constraint edited in place: move the schema cookie on so
			// every pooled connection reloads the schema.
			var cookie int64
			if err := tx.QueryRowContext(ctx, `PRAGMA schema_version`).Scan(&cookie); err != nil {
				tx.Rollback()
				return err
			}
			if _, err := tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA schema_version = %d`, cookie+1)); err != nil {
				tx.Rollback()
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations(version, name, applied_at) VALUES (?, ?, ?)`, v, base, s.now()); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}

// SchemaVersion is the highest applied migration.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := s.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&v)
	return v, err
}

// Tx is one transaction with its frozen clock.
type Tx struct {
	*sql.Tx
	s   *Store
	now time.Time
	// heads are the audit entries this transaction appended, for the head
	// log; usersChanged makes the next audit entry record the users digest.
	heads        []AuditHead
	usersChanged bool
}

// write runs fn in one immediate transaction and commits it durably.
func (s *Store) write(ctx context.Context, fn func(tx *Tx) error) error {
	return s.writeOn(ctx, s.db.BeginTx, true, fn)
}

// writeOn is write on the connection begin starts transactions on. A
// commit that is not durable (synchronous=NORMAL, see writeUnsynced)
// writes no C line to the head log: the next durable commit does.
func (s *Store) writeOn(ctx context.Context, begin func(context.Context, *sql.TxOptions) (*sql.Tx, error), durable bool, fn func(tx *Tx) error) error {
	sqlTx, err := begin(ctx, nil)
	if err != nil {
		return err
	}
	tx := &Tx{Tx: sqlTx, s: s, now: s.Now().UTC()}
	if err := fn(tx); err != nil {
		sqlTx.Rollback()
		return err
	}
	if tx.usersChanged {
		// A change to the users always leaves its digest in the chain.
		if err := tx.audit(ctx, nil, "users.digest", "users", ""); err != nil {
			sqlTx.Rollback()
			return err
		}
	}
	// The head log hears of the new entries before they commit, and that
	// they did after: see headlog.go.
	if err := s.heads.pending(tx.heads); err != nil {
		sqlTx.Rollback()
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		return err
	}
	// The write is durable now: a failure to note it in the log must not
	// make the caller think it was lost. Verify reports the gap.
	if durable {
		s.heads.committed(tx.heads)
	}
	return nil
}

// Errors callers act on. Each Code is an i18n key the UI shows.
var (
	ErrNotFound  = &Error{Code: "store.err.not_found"}
	ErrForbidden = &Error{Code: "store.err.forbidden"}
	ErrNoDepot   = &Error{Code: "store.err.no_depot"}
)

// Error is the coded error (package coded): its Code is an i18n key.
type Error = coded.Error

func errf(code, format string, a ...any) error { return coded.Errorf(code, format, a...) }

// scanIDs reads a one-column result of row IDs and closes it.
func scanIDs(rows *sql.Rows) ([]int64, error) {
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}
