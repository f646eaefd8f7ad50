package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestStationsCommandsAfterBackDatedHistory is the issue 15 walk-through
// on the command line: a station's back-dated history still goes out
// (defect 1), the supervisor takes its inbox into the home's archive and
// acknowledges, the station prunes its outbox, and `tusk stations` shows
// both sides.
func TestStationsCommandsAfterBackDatedHistory(t *testing.T) {
	station := t.TempDir()
	if code, _, errs := tusk(t, "--home", station, "demo", "--station", "DEMO-GZ7"); code != 0 {
		t.Fatalf("demo --station: %s", errs)
	}
	super := demoHome(t)
	out, inbox, returns := t.TempDir(), t.TempDir(), t.TempDir()
	key := filepath.Join(t.TempDir(), "gz7.key")
	if code, _, errs := in(t, station, "keys", "export", key); code != 0 {
		t.Fatal(errs)
	}
	if code, _, errs := in(t, super, "keys", "import", key); code != 0 {
		t.Fatal(errs)
	}
	for _, h := range []string{station, super} {
		if code, stdout, errs := in(t, h, "stations", "--returns", returns); code != 0 || !strings.Contains(stdout, "acknowledgements go through") {
			t.Fatalf("stations --returns: %q %q", stdout, errs)
		}
	}
	if code, _, errs := in(t, station, "export", "--bundle", out); code != 0 {
		t.Fatal(errs)
	}
	if code, _, errs := tusk(t, "--home", station, "demo", "history"); code != 0 {
		t.Fatal(errs)
	}
	code, stdout, errs := in(t, station, "export", "--bundle", out)
	if code != 0 || strings.Contains(stdout, "no new cases") {
		t.Fatalf("back-dated history not sent: %q %q", stdout, errs)
	}
	files, _ := filepath.Glob(filepath.Join(out, "*.tuskbundle"))
	for _, f := range files {
		b, _ := os.ReadFile(f)
		os.WriteFile(filepath.Join(inbox, filepath.Base(f)), b, 0o600)
	}
	code, stdout, errs = in(t, super, "import", "--inbox", inbox)
	if code != 0 || !regexp.MustCompile(`5[03] added`).MatchString(stdout) {
		t.Fatalf("import --inbox: %q %q", stdout, errs)
	}
	if left, _ := os.ReadDir(inbox); len(left) != 0 {
		t.Errorf("inbox not emptied of what was taken: %d left", len(left))
	}
	code, stdout, _ = in(t, super, "stations")
	if code != 0 || !regexp.MustCompile(`DEMO-GZ7 .* [1-9]\d*\s+0\s+2\s+0\s+20\d\d-`).MatchString(stdout) {
		t.Errorf("stations at the supervisor: %q", stdout)
	}
	// The acknowledgement came back: nothing waiting, the outbox pruned.
	if code, stdout, _ := in(t, station, "export", "--bundle", out); code != 0 || !strings.Contains(stdout, "nothing written") {
		t.Errorf("export after the acknowledgement: %q", stdout)
	}
	if left, _ := filepath.Glob(filepath.Join(out, "*.tuskbundle")); len(left) != 0 {
		t.Errorf("outbox not pruned: %v", left)
	}
	code, stdout, _ = in(t, station, "stations")
	if code != 0 || !strings.Contains(stdout, "0 case(s) not yet acknowledged") {
		t.Errorf("stations at the station: %q", stdout)
	}
}
