package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"tusk/app/demo"
	"tusk/app/store"
)

// tusk runs the command line in-process and returns its exit code and output.
func tusk(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestVersion(t *testing.T) {
	code, out, _ := tusk(t, "version")
	if code != 0 || !strings.HasPrefix(out, "tusk ") {
		t.Errorf("version: %d %q", code, out)
	}
	if code, _, errs := tusk(t, "version", "extra"); code != 2 || !strings.Contains(errs, "usage") {
		t.Errorf("version extra: %d %q", code, errs)
	}
}

func TestUnknownCommandAndBadHome(t *testing.T) {
	if code, _, errs := tusk(t, "--home", t.TempDir(), "fly"); code != 2 || strings.Count(errs, "\n") != 1 {
		t.Errorf("unknown command: %d %q", code, errs)
	}
	if code, _, _ := tusk(t, "version", "--home"); code != 2 {
		t.Errorf("--home without a folder: %d", code)
	}
	if code, out, _ := tusk(t, "help"); code != 0 || !strings.Contains(out, "audit verify") {
		t.Errorf("help: %d %q", code, out)
	}
}

func TestHomeFromEnvironment(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("TUSK_HOME", dir)
	if code, _, errs := tusk(t, "demo"); code != 0 {
		t.Fatalf("demo: %d %s", code, errs)
	}
	if _, err := os.Stat(filepath.Join(dir, store.FileName)); err != nil {
		t.Errorf("TUSK_HOME not used: %v", err)
	}
}

func TestDemoAuditAndBackup(t *testing.T) {
	home := t.TempDir()
	code, out, errs := tusk(t, "--home", home, "demo")
	if code != 0 || !strings.Contains(out, "PIN") {
		t.Fatalf("demo: %d %q %q", code, out, errs)
	}
	if code, _, errs := tusk(t, "--home", home, "demo"); code != 1 || !strings.Contains(errs, "already") {
		t.Errorf("demo twice: %d %q", code, errs)
	}
	st, err := store.Open(context.Background(), filepath.Join(home, store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	users, _ := st.Users(context.Background(), false)
	st.Close()
	if len(users) != len(demo.Users) {
		t.Errorf("demo users: %d", len(users))
	}
	// The sample parcels: the decided ones scored as the pack says, held and
	// refused ones as cases.
	st, _ = store.Open(context.Background(), filepath.Join(home, store.FileName))
	var parcels, cases, red int
	st.DB().QueryRow(`SELECT COUNT(*) FROM inspections WHERE status != 'draft'`).Scan(&parcels)
	st.DB().QueryRow(`SELECT COUNT(*) FROM cases`).Scan(&cases)
	st.DB().QueryRow(`SELECT COUNT(*) FROM inspections WHERE status IN ('held', 'refused') AND risk_level IN ('amber', 'red')`).Scan(&red)
	st.Close()
	if parcels != len(demo.Parcels) || cases != demo.Cases() || red != demo.Cases() {
		t.Errorf("demo parcels %d, cases %d, amber or red %d", parcels, cases, red)
	}

	if code, out, errs := tusk(t, "--home", home, "audit", "verify"); code != 0 || !strings.Contains(out, "OK") {
		t.Fatalf("audit verify: %d %q %q", code, out, errs)
	}
	dest := filepath.Join(t.TempDir(), "copy.db")
	if code, out, errs := in(t, home, "backup", dest); code != 0 || !strings.Contains(out, dest) {
		t.Fatalf("backup: %d %q %q", code, out, errs)
	}
	if code, _, _ := in(t, home, "backup", dest); code != 1 {
		t.Errorf("backup over an existing file: %d", code)
	}
	if code, _, _ := tusk(t, "--home", home, "backup"); code != 2 {
		t.Errorf("backup without FILE: %d", code)
	}

	// Change one audit row behind the app's back, as someone with the
	// sqlite3 tool would: drop the guard, then edit.
	st, _ = store.Open(context.Background(), filepath.Join(home, store.FileName))
	for _, q := range []string{`DROP TRIGGER audit_no_update`, `UPDATE audit SET detail = 'name=Mallory role=supervisor' WHERE seq = 4`} {
		if _, err := st.DB().Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	code, _, errs = tusk(t, "--home", home, "audit", "verify")
	if code != 1 || !strings.Contains(errs, "audit entry 4") || strings.Count(errs, "\n") != 1 {
		t.Errorf("tampered audit: %d %q", code, errs)
	}
}

func TestCommandsNeedADatabase(t *testing.T) {
	empty := t.TempDir()
	for _, args := range [][]string{{"audit", "verify"}, {"backup", filepath.Join(empty, "x.db")}} {
		code, _, errs := tusk(t, append([]string{"--home", empty}, args...)...)
		if code != 1 || !strings.Contains(errs, "no Tusk database") {
			t.Errorf("%v on an empty home: %d %q", args, code, errs)
		}
	}
	if _, err := os.Stat(filepath.Join(empty, store.FileName)); err == nil {
		t.Error("a read-only command created a database")
	}
}
