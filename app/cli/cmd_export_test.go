package cli

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"tusk/app/export"
)

func TestExportTableOnAFreshHome(t *testing.T) {
	home, dir := t.TempDir(), t.TempDir()
	for _, tc := range []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"no file", []string{"export", "--csv"}, 2, "--csv needs a value"},
		{"extra argument", []string{"export", "--json", "a.json", "b.json"}, 2, "export --json FILE takes no other arguments"},
		{"personal CITES", []string{"export", "--cites", "a.csv", "--personal"}, 2, "--personal goes with --csv or --json"},
		{"two kinds", []string{"export", "--csv", "a.csv", "--json", "a.json"}, 2, "export needs exactly one of"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := in(t, home, tc.args...)
			if code != tc.code || out != "" || !strings.HasPrefix(errs, "tusk: "+tc.msg) {
				t.Errorf("exit %d (want %d), stdout %q, stderr %q", code, tc.code, out, errs)
			}
		})
	}
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Errorf("files left behind: %v", left)
	}
	// A fresh home exports what it has: no cases, the header alone.
	for _, kind := range []string{"--csv", "--json", "--cites"} {
		path := filepath.Join(dir, "fresh"+kind)
		code, out, errs := in(t, home, "export", kind, path)
		if code != 0 || !strings.Contains(out, "0 ") {
			t.Errorf("%s on a fresh home: exit %d, %q %q", kind, code, out, errs)
		}
		if kind != "--json" {
			if rows := readTable(t, path); len(rows) != 1 {
				t.Errorf("%s on a fresh home: %d rows, want the header", kind, len(rows))
			}
		}
	}
	out := t.TempDir()
	if code, stdout, errs := in(t, home, "export", "--bundle", out); code != 0 || !strings.Contains(stdout, "nothing written") {
		t.Errorf("bundle on a fresh home: exit %d, %q %q", code, stdout, errs)
	}
}

// readTable checks the BOM and CRLF of a CSV export and parses it.
func readTable(t *testing.T, path string) [][]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s, ok := strings.CutPrefix(string(b), "\uFEFF")
	if !ok || !strings.HasSuffix(s, "\r\n") {
		t.Fatalf("%s: want a BOM and CRLF lines: %q", path, b[:min(len(b), 40)])
	}
	rows, err := csv.NewReader(strings.NewReader(s)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

var isoTime = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$`)

func TestExportTableOnDemo(t *testing.T) {
	home := demoHome(t)
	dir := t.TempDir()
	file := func(name string) string { return filepath.Join(dir, name) }
	for _, tc := range []struct {
		name     string
		args     []string
		out      string // start of stdout
		personal bool
	}{
		{"csv", []string{"--csv", file("cases.csv")}, "3 cases written to " + file("cases.csv") + " (csv, no personal data)", false},
		{"csv, personal", []string{"--csv", file("personal.csv"), "--personal"}, "3 cases written to " + file("personal.csv") + " (csv, with personal data", true},
		{"json", []string{"--json", file("cases.json")}, "3 cases written to " + file("cases.json") + " (json, no personal data)", false},
		{"json, personal", []string{"--json", file("personal.json"), "--personal"}, "3 cases written", true},
		{"cites", []string{"--cites", file("cites.csv")}, "3 product lines from 3 cases written to " + file("cites.csv"), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := in(t, home, append([]string{"export"}, tc.args...)...)
			if code != 0 || !strings.HasPrefix(out, tc.out) {
				t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errs)
			}
			path := tc.args[1]
			b, _ := os.ReadFile(path)
			for _, s := range []string{"Wang Xiansheng", "+255 712 345 678", "530102197801051638"} {
				if strings.Contains(string(b), s) != tc.personal {
					t.Errorf("%q in the file: %v, want %v", s, !tc.personal, tc.personal)
				}
			}
			fi, _ := os.Stat(path)
			if tc.personal != (fi.Mode().Perm() == 0o600) {
				t.Errorf("mode %v", fi.Mode())
			}
		})
	}

	rows := readTable(t, file("cases.csv"))
	if len(rows) != 4 || strings.Join(rows[0], ",") != strings.Join(export.CaseColumns, ",") {
		t.Fatalf("cases.csv: %d rows, header %v", len(rows), rows[0])
	}
	var products []string
	for _, r := range rows[1:] {
		m := map[string]string{}
		for i, h := range rows[0] {
			m[h] = r[i]
		}
		if !isoTime.MatchString(m["held_at"]) || m["status"] != "open" || m["station"] == "" {
			t.Errorf("row %v", m)
		}
		products = append(products, m["products"])
	}
	if strings.Join(products, " ") != "ivory-carving pangolin-scales rhino-horn-powder" {
		t.Errorf("products, oldest first: %v", products)
	}
	if got := len(readTable(t, file("personal.csv"))[0]); got != len(export.CaseColumns)+len(export.PersonalColumns) {
		t.Errorf("personal.csv: %d columns", got)
	}

	var cases []map[string]any
	b, _ := os.ReadFile(file("cases.json"))
	if err := json.Unmarshal(b, &cases); err != nil || len(cases) != 3 {
		t.Fatalf("cases.json: %v, %d cases", err, len(cases))
	}

	cites := readTable(t, file("cites.csv"))
	if len(cites) != 4 || strings.Join(cites[0], ",") != strings.Join(export.CITESColumns, ",") {
		t.Fatalf("cites.csv: %v", cites)
	}
	want := [][]string{ // scientific name prefix, trade term code, quantity, unit (none for a count)
		{"Loxodonta", "IVC", "6", ""},
		{"Manidae", "SCA", "1.3", "kg"},
		{"Rhinocerotidae", "POW", "0.2", "kg"},
	}
	for i, w := range want {
		r := cites[i+1]
		if !strings.HasPrefix(r[4], w[0]) || r[6] != w[1] || r[7] != w[2] || r[8] != w[3] {
			t.Errorf("CITES line %d: %v, want %v", i+1, r, w)
		}
	}

	if code, _, errs := in(t, home, "export", "--csv", file("cases.csv")); code != 1 || !strings.Contains(errs, "exists; use --force") {
		t.Errorf("overwrite: %d %q", code, errs)
	}
	if code, _, errs := in(t, home, "export", "--csv", file("cases.csv"), "--force"); code != 0 {
		t.Errorf("--force: %d %q", code, errs)
	}
	code, out, _ := in(t, home, "audit", "verify")
	if code != 0 {
		t.Errorf("audit verify after exports: %d %s", code, out)
	}
}

// TestExportTableDates: --from and --to bound the day a parcel was held,
// both days included; a bad date is bad usage.
func TestExportTableDates(t *testing.T) {
	home := t.TempDir()
	if code, _, errs := in(t, home, "demo"); code != 0 {
		t.Fatal(errs)
	}
	dir := t.TempDir()
	today := time.Now().Format("2006-01-02")
	for _, tc := range []struct {
		from, to string
		code     int
		rows     int // data rows, header not counted
	}{
		{today, today, 0, 3},
		{"2001-01-01", "2001-12-31", 0, 0},
		{today, "", 0, 3},
		{"2026-1-1", "", 2, -1},
		{"", "yesterday", 2, -1},
	} {
		path := filepath.Join(dir, "c-"+tc.from+"-"+tc.to+".csv")
		args := []string{"export", "--csv", path}
		if tc.from != "" {
			args = append(args, "--from", tc.from)
		}
		if tc.to != "" {
			args = append(args, "--to", tc.to)
		}
		code, _, errs := in(t, home, args...)
		if code != tc.code {
			t.Errorf("%v: exit %d, want %d (%s)", args, code, tc.code, errs)
			continue
		}
		if tc.rows >= 0 {
			if got := len(readTable(t, path)) - 1; got != tc.rows {
				t.Errorf("%v: %d rows, want %d", args, got, tc.rows)
			}
		}
	}
	if code, _, _ := in(t, home, "export", "--case", "C-2026-0001", filepath.Join(dir, "r.json"), "--from", today); code != 2 {
		t.Errorf("--from with --case: exit %d, want 2", code)
	}
}
