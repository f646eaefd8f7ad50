package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"tusk/app/store"
)

// historyHome is a demo home with its ten weeks of past cases.
func historyHome(t *testing.T) string {
	t.Helper()
	home := demoHome(t)
	start := time.Now()
	if code, out, errs := in(t, home, "demo", "history"); code != 0 || !strings.HasPrefix(out, "50 past cases") {
		t.Fatalf("demo history: %d %q %q", code, out, errs)
	}
	t.Logf("demo history took %v", time.Since(start))
	return home
}

func TestDemoHistory(t *testing.T) {
	home := historyHome(t)
	if code, _, errs := in(t, home, "demo", "history"); code != 1 || !strings.Contains(errs, "already") {
		t.Errorf("twice: %d %q", code, errs)
	}
	if code, out, errs := in(t, home, "audit", "verify"); code != 0 || !strings.Contains(out, "OK") {
		t.Errorf("audit after the history: %d %q %q", code, out, errs)
	}
	st, err := openStore(home, false)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	cli, _ := st.CLIActor(t.Context())
	from, to := store.LastWeeks(time.Now(), 11)
	stats, err := st.Stats(t.Context(), cli, store.StatsFilter{From: from, To: to})
	if err != nil {
		t.Fatal(err)
	}
	if stats.Held != 53 || stats.Referred < 20 || stats.HandedOver < 15 || stats.Outcomes[store.OutcomeNotWildlife] == 0 ||
		len(stats.ByProduct.Keys) < 8 || len(stats.ByRoute.Keys) < 6 || len(stats.Inspectors) != 3 || stats.Handover.Median <= 0 {
		t.Errorf("the demo's past is too thin: held %d, referred %d, handed over %d, outcomes %v, %d products, %d routes, %d inspectors",
			stats.Held, stats.Referred, stats.HandedOver, stats.Outcomes, len(stats.ByProduct.Keys), len(stats.ByRoute.Keys), len(stats.Inspectors))
	}
	if code, _, _ := in(t, t.TempDir(), "demo", "history"); code != 1 {
		t.Errorf("history on an empty home: %d", code)
	}
}

func TestReportCommand(t *testing.T) {
	home := historyHome(t)
	dir := t.TempDir()
	// The demo's past reaches back ten weeks: last month has cases.
	now := time.Now()
	month := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.Local).AddDate(0, -1, 0).Format("2006-01")
	out := filepath.Join(dir, "r.pdf")
	code, stdout, errs := in(t, home, "report", "--month", month, "-o", out, "--lang", "zh")
	if code != 0 || !strings.Contains(stdout, "monthly report "+month+" of DEMO-GZ1 written to "+out) {
		t.Fatalf("report: %d %q %q", code, stdout, errs)
	}
	b, err := os.ReadFile(out)
	if err != nil || !strings.HasPrefix(string(b), "%PDF") {
		t.Fatalf("not a PDF: %v", err)
	}
	if code, _, errs := in(t, home, "report", "--month", month, "-o", out); code != 1 || !strings.Contains(errs, "--force") {
		t.Errorf("overwrite: %d %q", code, errs)
	}
	if code, _, errs := in(t, home, "report", "--month", month, "-o", out, "--force", "--lang", "en"); code != 0 {
		t.Fatalf("--force: %d %q", code, errs)
	}
	if bin, err := exec.LookPath("pdftotext"); err == nil {
		text, err := exec.Command(bin, out, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		flat := strings.Join(strings.Fields(string(text)), " ")
		for _, want := range []string{"Monthly summary", month, "DEMO-GZ1", "Hit rate", "Top products", "Top routes"} {
			if !strings.Contains(flat, want) {
				t.Errorf("%q not in the report", want)
			}
		}
		// Neither the demo's senders and receivers nor its staff by name.
		for _, name := range []string{"Demo Sender", "Li Wei", "Neema Mushi", "Jean Mbarga", "Amina Juma", "HX4", "+86"} {
			if strings.Contains(flat, name) {
				t.Errorf("personal data %q in the report", name)
			}
		}
	}
	for _, args := range [][]string{
		{"report"}, {"report", "--month", "2026-13"}, {"report", "--month", "2026-11", "--lang", "de"}, {"report", "extra", "--month", "2026-11"},
	} {
		if code, _, errs := in(t, home, args...); code != 2 {
			t.Errorf("%v: exit %d %q", args, code, errs)
		}
	}
	if code, _, errs := in(t, t.TempDir(), "report", "--month", "2026-11"); code != 1 {
		t.Errorf("no database: %d %q", code, errs)
	}
}
