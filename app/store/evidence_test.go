package store

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"tusk/app/referral"
)

// Defect 1: a home path with # or ? must put the database exactly there,
// not at the part before the # or ?.
func TestOpenPathWithURICharacters(t *testing.T) {
	for _, dir := range []string{"d #5", "a?b", "p%41", "x&y=z"} {
		home := filepath.Join(t.TempDir(), dir)
		if err := os.MkdirAll(home, 0o700); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(home, FileName)
		s, err := Open(ctx, path)
		if err != nil {
			t.Fatalf("%q: %v", dir, err)
		}
		setUp(t, s)
		s.Close()
		if fi, err := os.Stat(path); err != nil || fi.Size() == 0 {
			t.Errorf("%q: database not at %s: %v", dir, path, err)
		}
		if err := CheckIntegrity(ctx, path); err != nil {
			t.Errorf("%q: %v", dir, err)
		}
		entries, _ := os.ReadDir(filepath.Dir(home))
		for _, e := range entries {
			if e.Name() != dir {
				t.Errorf("%q: stray file %s next to the home", dir, e.Name())
			}
		}
	}
}

// Defect 1, backups: a backup named with # is written and checked under
// that very name.
func TestBackupPathWithURICharacters(t *testing.T) {
	s := openTest(t)
	setUp(t, s)
	dir := t.TempDir()
	dest := filepath.Join(dir, "b#1?.db")
	if err := s.Backup(ctx, nil, dest); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(dest); err != nil || fi.Size() == 0 {
		t.Fatalf("backup not at %s: %v", dest, err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("files in the backup folder: %d, want 1", len(entries))
	}
}

// rechain recomputes every hash from the first entry on, as an editor
// with the sqlite3 tool and this source code would, and moves the head.
func rechain(t *testing.T, s *Store) {
	t.Helper()
	rows, err := s.db.QueryContext(ctx, `SELECT `+auditCols+` FROM audit ORDER BY seq`)
	if err != nil {
		t.Fatal(err)
	}
	var all []AuditEntry
	for rows.Next() {
		var e AuditEntry
		if err := scanAudit(rows, &e); err != nil {
			t.Fatal(err)
		}
		all = append(all, e)
	}
	rows.Close()
	prev := genesis
	for i, e := range all {
		e.Seq, e.Prev = int64(i+1), prev
		e.Hash = entryHash(e)
		prev = e.Hash
		mustExec(t, s, `DELETE FROM audit WHERE seq = ?`, all[i].Seq)
		mustExec(t, s, `INSERT INTO audit(`+auditCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			e.Seq, e.At, e.ActorID, e.ActorName, e.Action, e.Subject, e.Detail, e.State, e.Prev, e.Hash)
	}
	mustExec(t, s, `UPDATE settings SET value = ? WHERE key = 'audit.head'`, fmt.Sprintf("%d:%s", len(all), prev))
}

func mustExec(t *testing.T, s *Store, q string, args ...any) {
	t.Helper()
	if _, err := s.db.ExecContext(ctx, q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// Defect 2: the edits an attack on the store made, each of which passed
// `tusk audit verify` before the witnesses; docs/SECURITY.md tabulates
// them with what now catches each.
func TestAuditTamperTable(t *testing.T) {
	unguard := func(t *testing.T, s *Store) {
		mustExec(t, s, `DROP TRIGGER audit_no_update`)
		mustExec(t, s, `DROP TRIGGER audit_no_delete`)
	}
	reguard := func(t *testing.T, s *Store) {
		mustExec(t, s, `CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END`)
		mustExec(t, s, `CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END`)
	}
	for _, tc := range []struct {
		name   string
		tamper func(t *testing.T, s *Store, backup string)
		want   string // in the problem's text
	}{
		{"wipe the trail, guards re-created", func(t *testing.T, s *Store, _ string) {
			unguard(t, s)
			mustExec(t, s, `DELETE FROM audit`)
			mustExec(t, s, `DELETE FROM settings WHERE key = 'audit.head'`)
			reguard(t, s)
		}, "head log line"},
		{"cut the tail and move the head", func(t *testing.T, s *Store, _ string) {
			unguard(t, s)
			mustExec(t, s, `DELETE FROM audit WHERE seq > 4`)
			rechain(t, s)
			reguard(t, s)
		}, "trail ends at 4"},
		{"change an entry and recompute the chain", func(t *testing.T, s *Store, _ string) {
			unguard(t, s)
			mustExec(t, s, `UPDATE audit SET detail = 'nothing to see' WHERE seq = 3`)
			rechain(t, s)
			reguard(t, s)
		}, "disagrees with head log line"},
		{"append a forged case.release", func(t *testing.T, s *Store, _ string) {
			h, _ := s.AuditHead(ctx)
			e := AuditEntry{Seq: h.Seq + 1, At: "2026-11-23T10:00:00.000Z", ActorID: 1, ActorName: "Chen Jing",
				Action: "case.release", Subject: "case:C-2026-0001", Detail: "reason=documents in order", Prev: h.Hash}
			e.Hash = entryHash(e)
			mustExec(t, s, `INSERT INTO audit(`+auditCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				e.Seq, e.At, e.ActorID, e.ActorName, e.Action, e.Subject, e.Detail, e.State, e.Prev, e.Hash)
			mustExec(t, s, `UPDATE settings SET value = ? WHERE key = 'audit.head'`, fmt.Sprintf("%d:%s", e.Seq, e.Hash))
		}, "not in the head log"},
		{"put an older backup in place", func(t *testing.T, s *Store, backup string) {
			s.Close()
			os.Remove(s.path + "-wal")
			os.Remove(s.path + "-shm")
			b, err := os.ReadFile(backup)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(s.path, b, 0o600); err != nil {
				t.Fatal(err)
			}
		}, "trail ends at"},
		{"make an inspector a supervisor", func(t *testing.T, s *Store, _ string) {
			mustExec(t, s, `UPDATE users SET role = 'supervisor' WHERE name = 'Lin'`)
		}, "users table"},
		{"set a known PIN", func(t *testing.T, s *Store, _ string) {
			h, _ := HashPIN("135790")
			mustExec(t, s, `UPDATE users SET pin_hash = ? WHERE name = 'Lin'`, h)
		}, "users table"},
		{"add a user", func(t *testing.T, s *Store, _ string) {
			mustExec(t, s, `INSERT INTO users(name, role, pin_hash, language, created_at, updated_at) VALUES ('Mallory', 'supervisor', 'x', 'en', '', '')`)
		}, "users table"},
		{"delete the head log and rewrite the trail", func(t *testing.T, s *Store, _ string) {
			unguard(t, s)
			mustExec(t, s, `UPDATE audit SET detail = 'nothing to see' WHERE seq = 3`)
			rechain(t, s)
			reguard(t, s)
			os.Remove(s.path + HeadLogSuffix)
		}, "head log"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), FileName)
			s, err := Open(ctx, path)
			if err != nil {
				t.Fatal(err)
			}
			defer func() { s.Close() }()
			sup := setUp(t, s)
			if _, err := s.AddUser(ctx, sup, NewUser{Name: "Lin", Role: Inspector, PIN: "975310", Language: "zh"}); err != nil {
				t.Fatal(err)
			}
			backup := filepath.Join(t.TempDir(), "old.db")
			if err := s.Backup(ctx, sup, backup); err != nil {
				t.Fatal(err)
			}
			for i := 0; i < 4; i++ {
				if err := s.Audit(ctx, sup, "test.event", "x", "n"); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := s.VerifyAudit(ctx); err != nil {
				t.Fatalf("clean trail: %v", err)
			}
			tc.tamper(t, s, backup)
			s.Close()
			if s, err = Open(ctx, path); err != nil {
				t.Fatal(err)
			}
			_, err = s.VerifyAudit(ctx)
			var p AuditProblem
			if !errors.As(err, &p) || !strings.Contains(p.Error(), tc.want) {
				t.Fatalf("got %v, want a problem saying %q", err, tc.want)
			}
			t.Logf("caught: %v", p)
		})
	}
}

// The head log's own crash windows are not tampering: a P line whose
// commit never happened, and a commit whose C line was never written.
func TestHeadLogCrashWindows(t *testing.T) {
	s := openTest(t)
	sup := setUp(t, s)
	h, _ := s.AuditHead(ctx)
	// Killed after the P lines of a two-entry write, before the commit.
	s.heads.pending([]AuditHead{{Seq: h.Seq + 1, Hash: strings.Repeat("ab", 32)}, {Seq: h.Seq + 2, Hash: strings.Repeat("cd", 32)}})
	if _, err := s.VerifyAudit(ctx); err != nil {
		t.Fatalf("uncommitted last write: %v", err)
	}
	// The next write takes the same number.
	if err := s.Audit(ctx, sup, "test.event", "x", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := s.VerifyAudit(ctx); err != nil {
		t.Fatalf("after the retry: %v", err)
	}
	// Killed after the commit, before the C line: the P line witnesses it.
	h, _ = s.AuditHead(ctx)
	e := AuditEntry{Seq: h.Seq + 1, At: "2026-11-23T10:00:00.000Z", Action: "test.event", Prev: h.Hash}
	e.Hash = entryHash(e)
	s.heads.pending([]AuditHead{{Seq: e.Seq, Hash: e.Hash}})
	mustExec(t, s, `INSERT INTO audit(`+auditCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.Seq, e.At, e.ActorID, e.ActorName, e.Action, e.Subject, e.Detail, e.State, e.Prev, e.Hash)
	mustExec(t, s, `UPDATE settings SET value = ? WHERE key = 'audit.head'`, fmt.Sprintf("%d:%s", e.Seq, e.Hash))
	if _, err := s.VerifyAudit(ctx); err != nil {
		t.Fatalf("committed without its C line: %v", err)
	}
}

// A witness from outside (a slip's head, a bundle's head) names itself
// when the trail disagrees with it, even with the head log gone too.
func TestOutsideWitnessNamesItself(t *testing.T) {
	s := openTest(t)
	sup := setUp(t, s)
	for i := 0; i < 3; i++ {
		s.Audit(ctx, sup, "test.event", "x", "n")
	}
	h, _ := s.AuditHead(ctx)
	w := Witness{Source: "slip S-2026-0007", AuditHead: AuditHead{Seq: h.Seq, Hash: h.Hash[:32]}}
	if r, err := s.VerifyAuditWith(ctx, []Witness{w}); err != nil || r.Witnesses < 2 {
		t.Fatalf("clean: %+v %v", r, err)
	}
	mustExec(t, s, `DROP TRIGGER audit_no_update`)
	mustExec(t, s, `DROP TRIGGER audit_no_delete`)
	mustExec(t, s, `UPDATE audit SET detail = 'x' WHERE seq = 2`)
	rechain(t, s)
	mustExec(t, s, `CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END`)
	mustExec(t, s, `CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END`)
	// The editor also controls the head log: it starts afresh.
	s.heads.close()
	os.Remove(s.path + HeadLogSuffix)
	mustExec(t, s, `DELETE FROM settings WHERE key = ?`, settingHeadLog)
	if err := s.startWitnesses(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := s.VerifyAudit(ctx); err != nil {
		t.Fatalf("with every witness it holds rewritten, the home alone cannot tell: %v", err)
	}
	_, err := s.VerifyAuditWith(ctx, []Witness{w})
	if err == nil || !strings.Contains(err.Error(), "slip S-2026-0007") {
		t.Errorf("outside witness not named: %v", err)
	}
}

// Defect 3: the issuing depot checks its own slip register, so a slip
// number it never issued does not verify there even with its own key's
// signature; and every slip carries the audit head at signing.
func TestVerifySlipChecksRegister(t *testing.T) {
	d := newDepot(t)
	d.s.OwnKey(ctx) // made on first use, audited
	head, _ := d.s.AuditHead(ctx)
	p, _, err := d.s.SignClaims(ctx, d.sup, testClaims("C-2026-0001", "S-2026-0999"))
	if err != nil {
		t.Fatal(err)
	}
	ring, _ := d.s.KeyRing(ctx)
	c, _, err := referral.Verify(p, *ring)
	if err != nil {
		t.Fatal(err)
	}
	if c.AuditSeq != head.Seq || hex.EncodeToString(c.AuditHash) != head.Hash[:2*referral.AuditHashLen] {
		t.Errorf("slip carries head %d %x, want %d %s", c.AuditSeq, c.AuditHash, head.Seq, head.Hash)
	}
	if _, _, err := d.s.VerifySlip(ctx, p); !errors.Is(err, referral.ErrNotIssued) {
		t.Errorf("a slip never issued here verified at the issuing depot: %v", err)
	}
	// Another depot that trusts the key has no register to check.
	other := newDepot(t)
	k, _ := d.s.OwnKey(ctx)
	if err := other.s.ImportKey(ctx, other.sup, k); err != nil {
		t.Fatal(err)
	}
	if _, _, err := other.s.VerifySlip(ctx, p); err != nil {
		t.Errorf("at a desk: %v", err)
	}
}

// Defect 5: the lockout escalates (1, 2, 4 … minutes) while wrong PINs go
// on, and resets after a right one.
func TestLockoutEscalates(t *testing.T) {
	s := openTest(t)
	clock := &testClock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)}
	s.Now = clock.Now
	sup := setUp(t, s)
	lockOut := func() time.Duration {
		t.Helper()
		var locked *LockedError
		for i := 1; i <= MaxFailedPINs; i++ {
			_, err := s.SignInByName(ctx, "chen jing", "000001")
			if i == MaxFailedPINs && !errors.As(err, &locked) {
				t.Fatalf("attempt %d: %v", i, err)
			}
		}
		return locked.Until.Sub(clock.t)
	}
	for _, want := range []time.Duration{time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute} {
		if got := lockOut(); got != want {
			t.Errorf("lockout of %s, want %s", got, want)
		}
		clock.t = clock.t.Add(want + time.Second)
	}
	if u, err := s.SignInByName(ctx, "Chen Jing", "246810"); err != nil || u.ID != sup.ID {
		t.Fatalf("right PIN: %v", err)
	}
	if got := lockOut(); got != time.Minute {
		t.Errorf("after a right PIN the lockout is %s, want a minute again", got)
	}
	if LockoutWait(30) != MaxLockout {
		t.Errorf("the wait is not capped: %s", LockoutWait(30))
	}
	if _, err := s.SignInByName(ctx, "nobody", "246810"); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown name: %v", err)
	}
}

// Defect 5: a supervisor may require longer PINs; the store refuses
// shorter ones for new users and PIN changes.
func TestMinimumPINLength(t *testing.T) {
	s := openTest(t)
	sup := setUp(t, s)
	if err := s.SetSetting(ctx, sup, SettingMinPINLength, "5"); err == nil {
		t.Error("a minimum below 6 accepted")
	}
	if err := s.SetSetting(ctx, sup, SettingMinPINLength, "8"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddUser(ctx, sup, NewUser{Name: "Lin", Role: Inspector, PIN: "975310", Language: "zh"}); !errors.Is(err, ErrPINShort) {
		t.Errorf("6-digit PIN with a minimum of 8: %v", err)
	}
	u, err := s.AddUser(ctx, sup, NewUser{Name: "Lin", Role: Inspector, PIN: "97531086", Language: "zh"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpdateUser(ctx, u, u.ID, UserUpdate{PIN: ptr("1357924")}); !errors.Is(err, ErrPINShort) {
		t.Errorf("7-digit PIN change: %v", err)
	}
	if _, err := s.AddUser(ctx, sup, NewUser{Name: strings.Repeat("n", 10<<10), Role: Inspector, PIN: "97531086", Language: "zh"}); !errors.Is(err, ErrNameLong) {
		t.Errorf("10 KB name: %v", err)
	}
}

// Defect 4: with a passphrase set, the private key is not in the file in
// the clear, and signing needs the passphrase.
func TestKeyPassphraseSealsKey(t *testing.T) {
	d := newDepot(t)
	k, err := d.s.OwnKey(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var plain []byte
	d.s.db.QueryRowContext(ctx, `SELECT private_key FROM depot_keys WHERE kind = 'own'`).Scan(&plain)
	if err := d.s.SetKeyPassphrase(ctx, d.insp, "", "correct horse battery"); !errors.Is(err, ErrForbidden) {
		t.Errorf("inspector set the passphrase: %v", err)
	}
	if err := d.s.SetKeyPassphrase(ctx, d.sup, "", "short"); !errors.Is(err, ErrPassphraseLen) {
		t.Errorf("short passphrase: %v", err)
	}
	if err := d.s.SetKeyPassphrase(ctx, d.sup, "", "correct horse battery"); err != nil {
		t.Fatal(err)
	}
	d.s.Close()
	s, err := Open(ctx, d.s.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	b, _ := os.ReadFile(s.Path())
	w, _ := os.ReadFile(s.Path() + "-wal")
	if bytes.Contains(append(b, w...), plain) {
		t.Error("the plain private key is still in the file")
	}
	if !s.KeySealed(ctx) {
		t.Error("key not sealed")
	}
	if _, _, err := s.SignClaims(ctx, d.sup, testClaims("C-2026-0001", "S-2026-0001")); !errors.Is(err, ErrKeyLocked) {
		t.Errorf("signed without the passphrase: %v", err)
	}
	if err := s.UnlockKey(ctx, "wrong passphrase"); !errors.Is(err, ErrKeyPassphrase) {
		t.Errorf("wrong passphrase: %v", err)
	}
	if err := s.UnlockKey(ctx, "correct horse battery"); err != nil {
		t.Fatal(err)
	}
	if _, got, err := s.SignClaims(ctx, d.sup, testClaims("C-2026-0001", "S-2026-0001")); err != nil || !got.Public.Equal(k.Public) {
		t.Errorf("signing after unlock: %v", err)
	}
	// A rotation keeps the new key sealed with the same passphrase.
	if _, _, err := s.RotateKey(ctx, d.sup); err != nil {
		t.Fatal(err)
	}
	if !s.KeySealed(ctx) {
		t.Error("the rotated-in key is not sealed")
	}
}

// FuzzHeadLog: the head log reader never panics, and every line it
// returns is one Tusk writes.
func FuzzHeadLog(f *testing.F) {
	h := strings.Repeat("ab", 32)
	f.Add([]byte("S 0 " + strings.Repeat("0", 64) + "\nP 1 " + h + "\nC 1 " + h + "\n"))
	f.Add([]byte("P 1 " + h + "\nC 1 ab"))
	f.Add([]byte("X\n\n\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(t.TempDir(), "heads")
		os.WriteFile(p, data, 0o600)
		lines, _ := readHeadLog(p)
		for _, l := range lines {
			if !strings.ContainsRune("SPC", rune(l.kind)) || l.Seq < 0 || len(l.Hash) != 64 {
				t.Fatalf("bad line %+v", l)
			}
		}
	})
}
