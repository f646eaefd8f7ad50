package cli

import (
	"path/filepath"
	"strings"
	"testing"

	"tusk/app/demo"
)

// as runs tusk in home with --user name and pin on stdin.
func as(t *testing.T, home, name, pin string, args ...string) (int, string, string) {
	t.Helper()
	pinInput = strings.NewReader(pin + "\n")
	return tusk(t, append([]string{"--home", home, "--user", name}, args...)...)
}

// Defect 5: anyone at the PC could export personal data, make slips and
// rotate keys. Now those commands need --user and the PIN, refuse roles
// that may not, and a run of wrong PINs locks the user out.
func TestCommandsNeedSignIn(t *testing.T) {
	home := demoHome(t)
	nums := demoCaseNumbers(t, home)
	dir := t.TempDir()
	for i, args := range [][]string{
		{"export", "--csv", filepath.Join(dir, "p.csv"), "--personal"},
		{"export", "--case", nums[0], filepath.Join(dir, "r.json")},
		{"slip", nums[0], "-o", filepath.Join(dir, "s.pdf")},
		{"keys", "rotate"},
		{"backup", filepath.Join(dir, "b.db")},
	} {
		code, _, errs := tusk(t, append([]string{"--home", home}, args...)...)
		if code != 1 || !strings.Contains(errs, "--user NAME") {
			t.Errorf("%v without sign-in: %d %q", args, code, errs)
		}
		if code, _, errs := as(t, home, "Li Wei", "135790", args...); code != 1 || !strings.Contains(errs, "may not") {
			t.Errorf("%v as an inspector: %d %q", args, code, errs)
		}
		// The fifth wrong PIN in a row locks the user out.
		want := "wrong PIN"
		if i == 4 {
			want = "too many wrong PINs"
		}
		if code, _, errs := as(t, home, "Wang Fang", "000000", args...); code != 1 || !strings.Contains(errs, want) {
			t.Errorf("%v with a wrong PIN: %d %q", args, code, errs)
		}
	}
	// What holds no personal data needs nobody.
	if code, _, errs := tusk(t, "--home", home, "export", "--csv", filepath.Join(dir, "n.csv")); code != 0 {
		t.Errorf("non-personal export: %s", errs)
	}
	if code, out, errs := as(t, home, "amina juma", "246810", "export", "--csv", filepath.Join(dir, "p.csv"), "--personal"); code != 0 {
		t.Errorf("signed in: %d %q %q", code, out, errs)
	}
	// Even the right PIN waits out the lockout.
	if code, _, errs := as(t, home, "Wang Fang", "246810", "keys", "rotate"); code != 1 || !strings.Contains(errs, "too many wrong PINs") {
		t.Errorf("right PIN during the lockout: %d %q", code, errs)
	}
	st, _ := openStore(home, false)
	defer st.Close()
	es, _ := st.RecentAudit(t.Context(), 200)
	var names []string
	for _, e := range es {
		if e.Action == "cli.signin.ok" {
			names = append(names, e.ActorName)
		}
	}
	if len(names) == 0 || names[0] != "Amina Juma" {
		t.Errorf("sign-ins audited as %v", names)
	}
}

// Defect 4: with a passphrase on the signing key, a slip needs it too
// (it follows the PIN on stdin).
func TestSlipNeedsKeyPassphrase(t *testing.T) {
	home := demoHome(t)
	nums := demoCaseNumbers(t, home)
	sup := demo.Users[0]
	if code, out, errs := as(t, home, sup.Name, sup.PIN+"\ncorrect horse battery\ncorrect horse battery", "keys", "passphrase"); code != 0 {
		t.Fatalf("set passphrase: %d %q %q", code, out, errs)
	}
	pdf := filepath.Join(t.TempDir(), "s.pdf")
	if code, _, errs := as(t, home, sup.Name, sup.PIN+"\nwrong one here", "slip", nums[0], "-o", pdf); code != 1 || !strings.Contains(errs, "wrong passphrase") {
		t.Errorf("slip with a wrong passphrase: %d %q", code, errs)
	}
	if code, out, errs := as(t, home, sup.Name, sup.PIN+"\ncorrect horse battery", "slip", nums[0], "-o", pdf); code != 0 {
		t.Errorf("slip with the passphrase: %d %q %q", code, out, errs)
	}
}
