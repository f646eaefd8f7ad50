package cases

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"tusk/app/store"
)

// Printing a slip hands it to lp off the UI goroutine: with a printer
// that takes its time, the window answers at once, Print waits for the
// job, and the result shows when lp is done.
func TestPrintSlipDoesNotBlockTheWindow(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("a shell-script lp")
	}
	bin := t.TempDir()
	started, release := filepath.Join(bin, "started"), filepath.Join(bin, "release")
	// A slow printer: lp says it started, then waits to be released.
	script := "#!/bin/sh\ntouch " + started + "\nfor i in $(seq 200); do [ -e " + release + " ] && exit 0; sleep 0.05; done\necho 'printer asleep'; exit 1\n"
	if err := os.WriteFile(filepath.Join(bin, "lp"), []byte(script), 0o700); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))

	h := newHarness(t)
	s, number := h.casesAs("Amina Juma")
	s.openCase(number)
	test.Tap(s.view.buttons[store.KindRefer])
	test.Tap(s.view.confirm)
	if s.slip == nil || s.slip.lastSlip == nil {
		t.Fatal("no slip form after referring")
	}
	first := s.slip.lastSlip.Number

	tapped := time.Now()
	test.Tap(s.slip.print)
	if d := time.Since(tapped); d > 5*time.Second {
		t.Fatalf("Print held the window for %v", d)
	}
	if _, err := os.Stat(release); err == nil {
		t.Fatal("lp was released early")
	}
	if !s.slip.print.Disabled() {
		t.Error("Print can be pressed again while the job is with lp")
	}
	os.WriteFile(release, nil, 0o600)
	s.slip.printing.Wait()
	if _, err := os.Stat(started); err != nil {
		t.Fatal("lp never ran")
	}
	// One referral, one slip number: a print is a copy of the slip in force.
	if s.slip.print.Disabled() || s.slip.lastSlip.Number != first ||
		!strings.Contains(s.slip.message.Text, s.slip.lastSlip.Number) {
		t.Errorf("after printing: disabled %v, slip %s (first %s), message %q",
			s.slip.print.Disabled(), s.slip.lastSlip.Number, first, s.slip.message.Text)
	}
}
