package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"tusk/app/store"
)

func execAll(t *testing.T, home string, qs ...string) {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(home, store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, q := range qs {
		if _, err := st.DB().Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// Defect 2: a wiped trail with its guards re-created passed as "OK: 0
// entries"; a rewritten one passed when the head log went too. Now the
// first fails on the head log, the second on a witness held outside.
func TestAuditVerifyWipedAndWitnessed(t *testing.T) {
	home := demoHome(t)
	code, out, errs := tusk(t, "--home", home, "audit", "verify")
	if code != 0 || !strings.Contains(out, "head log agrees") {
		t.Fatalf("clean: %d %q %q", code, out, errs)
	}
	st, _ := store.Open(context.Background(), filepath.Join(home, store.FileName))
	head, _ := st.AuditHead(context.Background())
	st.Close()
	witness := filepath.Join(t.TempDir(), "heads.txt")
	os.WriteFile(witness, []byte(fmt.Sprintf("# kept at HQ\n%d %s bundle DEMO-20261123.tuskbundle\n", head.Seq, head.Hash)), 0o600)
	if code, out, errs := tusk(t, "--home", home, "audit", "verify", "--witness", witness); code != 0 || !strings.Contains(out, "witness") {
		t.Fatalf("with a witness: %d %q %q", code, out, errs)
	}

	wiped := demoHome(t)
	execAll(t, wiped, `DROP TRIGGER audit_no_delete`, `DELETE FROM audit`, `DELETE FROM settings WHERE key = 'audit.head'`,
		`CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END`)
	if code, out, errs := tusk(t, "--home", wiped, "audit", "verify"); code != 1 || strings.Contains(out, "OK") {
		t.Errorf("wiped trail: %d %q %q", code, out, errs)
	}

	// Cut the tail, move the head, and take the head log away too.
	execAll(t, home, `DROP TRIGGER audit_no_delete`, fmt.Sprintf(`DELETE FROM audit WHERE seq > %d`, head.Seq-3),
		fmt.Sprintf(`UPDATE settings SET value = (SELECT seq || ':' || hash FROM audit WHERE seq = %d) WHERE key = 'audit.head'`, head.Seq-3),
		`DELETE FROM settings WHERE key = 'auditlog.start'`,
		`CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END`)
	os.Remove(filepath.Join(home, store.FileName+store.HeadLogSuffix))
	code, _, errs = tusk(t, "--home", home, "audit", "verify", "--witness", witness)
	if code != 1 || !strings.Contains(errs, "DEMO-20261123.tuskbundle") {
		t.Errorf("the outside witness is not named: %d %q", code, errs)
	}
}

// Defect 6: verify --record /dev/zero and keys import /dev/zero ran out
// of memory; a FIFO hung. Both are refused at once now.
func TestHugeAndSpecialInputsRefused(t *testing.T) {
	home := demoHome(t)
	fifo := filepath.Join(t.TempDir(), "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	big := filepath.Join(t.TempDir(), "big.json")
	f, _ := os.Create(big)
	f.Truncate(64 << 20)
	f.Close()
	for _, args := range [][]string{
		{"verify", "TUSK1:X", "--record", "/dev/zero"},
		{"verify", "TUSK1:X", "--record", fifo},
		{"verify", "TUSK1:X", "--record", big},
		{"keys", "import", "/dev/zero"},
		{"keys", "import", fifo},
		{"keys", "import", big},
		{"audit", "verify", "--witness", fifo},
		{"import", fifo},
	} {
		code, _, errs := in(t, home, args...)
		if code != 1 || !(strings.Contains(errs, "not a regular file") || strings.Contains(errs, "larger than") || strings.Contains(errs, "not a bundle")) {
			t.Errorf("%v: %d %q", args, code, errs)
		}
	}
}

// Defect 10: a store error never reaches the user as its raw code.
func TestStoreMessageNeverRawCode(t *testing.T) {
	err := storeMessage(&store.Error{Code: "store.err.already_set_up", Detail: "depot exists"})
	if strings.Contains(err.Error(), "store.err.") {
		t.Errorf("raw code: %v", err)
	}
}
