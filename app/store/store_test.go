package store

import (
	"context"
	"database/sql"
	"errors"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var ctx = context.Background()

// testClock is a settable clock for lockout tests.
type testClock struct{ t time.Time }

func (c *testClock) Now() time.Time { return c.t }

func openTest(tb testing.TB) *Store {
	tb.Helper()
	s, err := Open(ctx, filepath.Join(tb.TempDir(), FileName))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

func setUp(tb testing.TB, s *Store) *User {
	tb.Helper()
	u, err := s.Setup(ctx, Depot{Code: "gz-01", Name: "Guangzhou Baiyun", Country: "cn", Language: "zh"},
		NewUser{Name: "Chen Jing", PIN: "246810"})
	if err != nil {
		tb.Fatal(err)
	}
	return u
}

func TestMigrationsFromEmptyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	v, err := s.SchemaVersion(ctx)
	if err != nil || v < 1 {
		t.Fatalf("schema version %d, %v", v, err)
	}
	for _, table := range []string{"depot", "users", "settings", "audit"} {
		var n int
		if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_master WHERE type='table' AND name=?`, table).Scan(&n); err != nil || n != 1 {
			t.Errorf("table %s missing", table)
		}
	}
	s.Close()
	// Reopening applies nothing twice.
	s, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var n int
	s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations`).Scan(&n)
	// Numbers may have gaps while branches are merged: count the files.
	files, _ := fs.Glob(migrations, "migrations/*.sql")
	if n != len(files) {
		t.Errorf("%d migrations recorded after reopen, want %d", n, len(files))
	}
}

func TestPragmasOnEveryConnection(t *testing.T) {
	s := openTest(t)
	s.db.SetMaxOpenConns(3)
	conns := make([]interface{ Close() error }, 0, 3)
	for i := 0; i < 3; i++ {
		c, err := s.db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
		var mode string
		var fk, sync, busy int
		c.QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&mode)
		c.QueryRowContext(ctx, `PRAGMA foreign_keys`).Scan(&fk)
		c.QueryRowContext(ctx, `PRAGMA synchronous`).Scan(&sync)
		c.QueryRowContext(ctx, `PRAGMA busy_timeout`).Scan(&busy)
		if mode != "wal" || fk != 1 || sync != 2 || busy != 5000 {
			t.Errorf("conn %d: journal=%s fk=%d synchronous=%d busy=%d", i, mode, fk, sync, busy)
		}
	}
	for _, c := range conns {
		c.Close()
	}
}

func TestSetupAndRoles(t *testing.T) {
	s := openTest(t)
	if _, err := s.Depot(ctx); !errors.Is(err, ErrNoDepot) {
		t.Fatalf("before setup: %v", err)
	}
	sup := setUp(t, s)
	d, err := s.Depot(ctx)
	if err != nil || d.Code != "GZ-01" || d.Country != "CN" {
		t.Fatalf("depot %+v %v", d, err)
	}
	if _, err := s.Setup(ctx, *d, NewUser{Name: "Again", PIN: "246810"}); err == nil {
		t.Error("second setup accepted")
	}
	insp, err := s.AddUser(ctx, sup, NewUser{Name: "Li Wei", Role: Inspector, PIN: "135790", Language: "zh"})
	if err != nil {
		t.Fatal(err)
	}
	// The store itself refuses what the role may not do.
	if _, err := s.AddUser(ctx, insp, NewUser{Name: "X", Role: Supervisor, PIN: "135790"}); !errors.Is(err, ErrForbidden) {
		t.Errorf("inspector added a user: %v", err)
	}
	if err := s.SetSetting(ctx, insp, SettingIdleMinutes, "60"); !errors.Is(err, ErrForbidden) {
		t.Errorf("inspector changed a setting: %v", err)
	}
	if _, err := s.UpdateUser(ctx, insp, insp.ID, UserUpdate{Role: ptr(Supervisor)}); !errors.Is(err, ErrForbidden) {
		t.Errorf("inspector promoted themself: %v", err)
	}
	if _, err := s.UpdateUser(ctx, insp, insp.ID, UserUpdate{Language: ptr("en")}); err != nil {
		t.Errorf("inspector could not change own language: %v", err)
	}
	if _, err := s.UpdateUser(ctx, sup, sup.ID, UserUpdate{Role: ptr(Inspector)}); !errors.Is(err, ErrLastSuper) {
		t.Errorf("last supervisor demoted: %v", err)
	}
	if _, err := s.AddUser(ctx, sup, NewUser{Name: "li wei", Role: Trainer, PIN: "135790"}); !errors.Is(err, ErrNameTaken) {
		t.Errorf("duplicate name: %v", err)
	}
}

func ptr[T any](v T) *T { return &v }

func TestCheckPIN(t *testing.T) {
	for pin, want := range map[string]error{
		"246810": nil, "90210455": nil,
		"12345": ErrPINFormat, "12a456": ErrPINFormat, "": ErrPINFormat, "１２３４５６": ErrPINFormat,
		"111111": ErrPINTrivial, "123456": ErrPINTrivial, "987654": ErrPINTrivial,
	} {
		if got := CheckPIN(pin); !errors.Is(got, want) && !(got == nil && want == nil) {
			t.Errorf("CheckPIN(%q) = %v, want %v", pin, got, want)
		}
	}
}

func TestSignInLockout(t *testing.T) {
	s := openTest(t)
	clock := &testClock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)}
	s.Now = clock.Now
	sup := setUp(t, s)
	if u, err := s.SignIn(ctx, sup.ID, "246810"); err != nil || u.Name != "Chen Jing" {
		t.Fatalf("sign in: %v", err)
	}
	for i := 1; i < MaxFailedPINs; i++ {
		if _, err := s.SignIn(ctx, sup.ID, "000001"); !errors.Is(err, ErrWrongPIN) {
			t.Fatalf("attempt %d: %v", i, err)
		}
	}
	var locked *LockedError
	if _, err := s.SignIn(ctx, sup.ID, "000001"); !errors.As(err, &locked) {
		t.Fatalf("5th wrong PIN: %v", err)
	}
	// Even the right PIN waits out the minute.
	clock.t = clock.t.Add(30 * time.Second)
	if _, err := s.SignIn(ctx, sup.ID, "246810"); !errors.As(err, &locked) {
		t.Fatalf("during lockout: %v", err)
	}
	clock.t = clock.t.Add(31 * time.Second)
	if _, err := s.SignIn(ctx, sup.ID, "246810"); err != nil {
		t.Fatalf("after lockout: %v", err)
	}
	entries, _ := s.AuditFor(ctx, userSubject(sup.ID), 100)
	var actions []string
	for _, e := range entries {
		actions = append(actions, e.Action)
	}
	got := strings.Join(actions, ",")
	want := "user.add,signin.ok,signin.fail,signin.fail,signin.fail,signin.fail,signin.fail,signin.locked,signin.ok"
	if got != want {
		t.Errorf("audit:\n got %s\nwant %s", got, want)
	}
}

func TestAuditChainDetectsTampering(t *testing.T) {
	for name, tamper := range map[string]string{
		"changed":   `UPDATE audit SET detail = 'role=supervisor' WHERE seq = 3`,
		"deleted":   `DELETE FROM audit WHERE seq = 3`,
		"inserted":  `INSERT INTO audit(seq, at, action, prev, hash) VALUES (100, '2026-01-01', 'x', 'p', 'h')`,
		"cut":       `DELETE FROM audit WHERE seq >= 5`,
		"reordered": `UPDATE audit SET seq = seq + 1000 WHERE seq = 2`,
	} {
		t.Run(name, func(t *testing.T) {
			s := openTest(t)
			sup := setUp(t, s)
			for i := 0; i < 4; i++ {
				if err := s.Audit(ctx, sup, "test.event", "x", "n"); err != nil {
					t.Fatal(err)
				}
			}
			if n, err := s.VerifyAudit(ctx); err != nil || n != 6 {
				t.Fatalf("clean chain: %d %v", n, err)
			}
			// The guards stop the app's own connection from rewriting history.
			if name != "inserted" {
				if _, err := s.db.ExecContext(ctx, tamper); err == nil {
					t.Fatal("append-only guard did not fire")
				}
			}
			// Someone with the sqlite3 tool drops the guards first.
			for _, q := range []string{`DROP TRIGGER audit_no_update`, `DROP TRIGGER audit_no_delete`, tamper} {
				if _, err := s.db.ExecContext(ctx, q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			_, err := s.VerifyAudit(ctx)
			var p AuditProblem
			if !errors.As(err, &p) {
				t.Fatalf("tampering not detected: %v", err)
			}
			if name == "changed" && p.Seq != 3 {
				t.Errorf("named entry %d, want 3 (%v)", p.Seq, p)
			}
		})
	}
}

func TestAuditGuardsRemovedIsReported(t *testing.T) {
	s := openTest(t)
	setUp(t, s)
	s.db.ExecContext(ctx, `DROP TRIGGER audit_no_delete`)
	if _, err := s.VerifyAudit(ctx); err == nil || !strings.Contains(err.Error(), "guards") {
		t.Errorf("dropped trigger not reported: %v", err)
	}
}

func TestBackup(t *testing.T) {
	s := openTest(t)
	sup := setUp(t, s)
	dest := filepath.Join(t.TempDir(), "copy.db")
	if err := s.Backup(ctx, sup, dest); err != nil {
		t.Fatal(err)
	}
	if err := s.Backup(ctx, sup, dest); err == nil {
		t.Error("backup overwrote an existing file")
	}
	c, err := Open(ctx, dest)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if d, err := c.Depot(ctx); err != nil || d.Code != "GZ-01" {
		t.Errorf("copy depot %+v %v", d, err)
	}
}

func TestIdleTimeoutSetting(t *testing.T) {
	s := openTest(t)
	sup := setUp(t, s)
	if got := s.IdleTimeout(ctx); got != 5*time.Minute {
		t.Errorf("default idle %v", got)
	}
	if err := s.SetSetting(ctx, sup, SettingIdleMinutes, "0"); err == nil {
		t.Error("idle 0 accepted")
	}
	if err := s.SetSetting(ctx, sup, SettingIdleMinutes, "12"); err != nil {
		t.Fatal(err)
	}
	if got := s.IdleTimeout(ctx); got != 12*time.Minute {
		t.Errorf("idle %v", got)
	}
}

func BenchmarkOpenStore(b *testing.B) {
	path := filepath.Join(b.TempDir(), FileName)
	s, err := Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	s.Close()
	b.ResetTimer()
	for b.Loop() {
		s, err := Open(ctx, path)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.SchemaVersion(ctx); err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
}

func BenchmarkAuditAppend(b *testing.B) {
	s := openTest(b)
	sup := setUp(b, s)
	b.ResetTimer()
	for b.Loop() {
		if err := s.Audit(ctx, sup, "bench.event", "bench", "detail"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBaselineOpen is OpenStore's baseline: opening the same file with
// the same DSN and one query, without the migration check.
func BenchmarkBaselineOpen(b *testing.B) {
	path := filepath.Join(b.TempDir(), FileName)
	s, err := Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	s.Close()
	b.ResetTimer()
	for b.Loop() {
		db, err := sql.Open("sqlite", DSN(path))
		if err != nil {
			b.Fatal(err)
		}
		var n int
		if err := db.QueryRowContext(ctx, `SELECT 1`).Scan(&n); err != nil {
			b.Fatal(err)
		}
		db.Close()
	}
}

// BenchmarkBaselineDurableInsert is AuditAppend's baseline: one plain row
// in its own durable transaction, with no hash chain.
func BenchmarkBaselineDurableInsert(b *testing.B) {
	s := openTest(b)
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE plain (id INTEGER PRIMARY KEY, at TEXT, detail TEXT)`); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if err := s.write(ctx, func(tx *Tx) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO plain(at, detail) VALUES (?, ?)`, fmtTime(tx.now), "detail")
			return err
		}); err != nil {
			b.Fatal(err)
		}
	}
}
