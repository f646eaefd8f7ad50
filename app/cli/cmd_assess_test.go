package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"tusk/app/store"
)

var (
	exampleClear = filepath.Join("..", "..", "docs", "examples", "parcel-clear.json")
	exampleHold  = filepath.Join("..", "..", "docs", "examples", "parcel-hold.json")
)

// suspicious is a parcel that must be refused: a pangolin-scale finding
// with high confidence, a code word and an agent without an ID. Its
// waybill's check digit is wrong, which is noted but does not stop scoring.
const suspicious = `{
  "parcel": {"waybill": "RR123456786CN", "contents": [{"name": "穿山甲片 medicine"}],
    "origin": {"country": "CM"}, "destination": {"country": "VN"}},
  "parties": [{"role": "sender", "name": "A. B."}, {"role": "agent", "name": "Paul", "phone": "+237 6 71 23 45 67"}],
  "findings": [{"card": "pangolin-scales", "confidence": "high", "weight_kg": 3}],
  "answers": [{"item": "xray-plates", "value": "yes"}]
}`

func decodeAssess(t *testing.T, out string) assessOutput {
	t.Helper()
	var a assessOutput
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&a); err != nil {
		t.Fatalf("--json output %q: %v", out, err)
	}
	return a
}

func rulesOf(a assessOutput) []string {
	var out []string
	for _, r := range a.Reasons {
		out = append(out, r.Rule)
	}
	return out
}

func TestAssessExamplesText(t *testing.T) {
	home := t.TempDir()
	code, out, errs := runCmd(t, home, "assess", exampleClear)
	if code != 0 || out != "RR123456785CN: score 0/100, level green, suggested action: clear\nreasons: none\n" || errs != "" {
		t.Errorf("clear example: %d %q %q", code, out, errs)
	}
	code, out, errs = runCmd(t, home, "assess", exampleHold)
	if code != 0 || errs != "" {
		t.Fatalf("hold example: %d %q", code, errs)
	}
	lines := strings.Split(out, "\n")
	if lines[0] != "RR987654326TZ: score 45/100, level amber, suggested action: hold for a check" || lines[1] != "reasons:" {
		t.Errorf("hold example head: %q", lines[:2])
	}
	for _, want := range []string{
		"   +20  Weight does not fit [declared-weight]: 2.5 kg > 1.2 kg\n",
		"   +15  Origin on a watched route [route-origin]: TZ\n",
		"   +10  Destination on a watched route [route-destination]: CN\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in:\n%s", want, out)
		}
	}
	if strings.Contains(out, "problems") {
		t.Errorf("the shipped example has problems:\n%s", out)
	}
	// A fresh home stays fresh: no database is needed or made.
	if _, err := os.Stat(filepath.Join(home, store.FileName)); !os.IsNotExist(err) {
		t.Errorf("assess touched the database: %v", err)
	}
}

func TestAssessJSON(t *testing.T) {
	home := t.TempDir()
	for _, tc := range []struct {
		name   string
		file   string
		level  string
		action string
		rules  []string
	}{
		{"clear", exampleClear, "green", "clear", nil},
		{"hold", exampleHold, "amber", "hold", []string{"declared-weight", "route-origin", "route-destination"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := runCmd(t, home, "assess", tc.file, "--json")
			if code != 0 || errs != "" {
				t.Fatalf("%d %q", code, errs)
			}
			a := decodeAssess(t, out)
			sum := 0
			for _, r := range a.Reasons {
				sum += r.Weight
				if r.Name == "" || r.Explain == "" || r.Name == r.Rule {
					t.Errorf("reason not put into words: %+v", r)
				}
			}
			if a.Level != tc.level || a.Action != tc.action || !slices.Equal(rulesOf(a), tc.rules) || a.Score != sum || a.Reasons == nil || len(a.Problems) != 0 {
				t.Errorf("got %+v", a)
			}
			if !strings.Contains(out, `"reasons": [`) {
				t.Errorf("reasons must be an array even when empty: %s", out)
			}
		})
	}
	// --lang gives the pack's words in that language; scores do not change.
	_, en, _ := runCmd(t, home, "assess", "--json", exampleHold)
	_, zh, _ := runCmd(t, home, "assess", "--lang=zh", exampleHold, "--json")
	_, sw, _ := runCmd(t, home, "assess", "--lang", "sw", "--json", exampleHold)
	ae, az, as := decodeAssess(t, en), decodeAssess(t, zh), decodeAssess(t, sw)
	if az.Reasons[0].Name == ae.Reasons[0].Name || as.Reasons[0].Explain == ae.Reasons[0].Explain || az.Score != ae.Score ||
		!slices.Equal(rulesOf(az), rulesOf(ae)) {
		t.Errorf("--lang: en %+v zh %+v sw %+v", ae.Reasons[0], az.Reasons[0], as.Reasons[0])
	}
}

func TestAssessSuspiciousFromStdin(t *testing.T) {
	assessStdin = strings.NewReader(suspicious)
	t.Cleanup(func() { assessStdin = os.Stdin })
	code, out, errs := runCmd(t, t.TempDir(), "assess", "-", "--json")
	if code != 0 || errs != "" {
		t.Fatalf("%d %q", code, errs)
	}
	a := decodeAssess(t, out)
	if a.Level != "red" || a.Action != "refuse" || a.Score != 100 || !slices.Contains(rulesOf(a), "product-likely") ||
		!slices.Contains(rulesOf(a), "declared-codeword") || !slices.Contains(rulesOf(a), "xray-scales-plates") {
		t.Errorf("suspicious parcel: %+v", a)
	}
	// Problems of meaning are listed, and the parcel is scored anyway.
	if len(a.Problems) != 1 || a.Problems[0] != (assessProblem{"parcel.waybill", "inspect.waybill.err.check_digit",
		"The parcel, waybill number: Waybill check digit does not match."}) {
		t.Errorf("no problems reported for a bad waybill: %s", out)
	}
	assessStdin = strings.NewReader(suspicious)
	code, out, _ = runCmd(t, t.TempDir(), "assess", "-")
	if code != 0 || !strings.HasPrefix(out, "RR123456786CN: score 100/100, level red, suggested action: refuse and refer\n") ||
		!strings.HasSuffix(out, "problems (scored anyway):\n  The parcel, waybill number: Waybill check digit does not match.\n") {
		t.Errorf("text: %d\n%s", code, out)
	}
}

func TestAssessExitCodes(t *testing.T) {
	home := t.TempDir()
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	badID := write("parcel.json", `{"parcel": {"waybill": "RR123456785CN"}, "parties": [{"role": "sender", "id": {"type": "cn_rid", "number": true}}]}`)
	for _, tc := range []struct {
		name string
		args []string
		code int
		msg  string // the one stderr line from main, after "tusk: "
	}{
		{"no file", nil, 2, "assess needs a FILE"},
		{"two files", []string{exampleClear, exampleHold}, 2, "assess takes one FILE"},
		{"unknown option", []string{exampleClear, "--yaml"}, 2, "unknown option --yaml"},
		{"unknown language", []string{exampleClear, "--lang", "de"}, 2, "--lang must be one of en, zh, vi, sw, fr"},
		{"language missing", []string{exampleClear, "--lang"}, 2, "--lang needs a value"},
		{"missing file", []string{filepath.Join(dir, "none.json")}, 1, "open " + filepath.Join(dir, "none.json") + ": no such file"},
		{"bad member", []string{badID}, 1, badID + ": parties[0].id.number: wrong type (want string, got boolean)"},
		{"not json", []string{write("a.json", "{parcel")}, 1, filepath.Join(dir, "a.json") + ": not valid JSON"},
		{"not an object", []string{write("b.json", "[]")}, 1, filepath.Join(dir, "b.json") + ": wrong type (want object, got array)"},
		{"several problems", []string{write("d.json", `{"parcel": {"waybill": "X", "stage": "moon", "payment": 5}, "live_signs": "maybe"}`)}, 1,
			filepath.Join(dir, "d.json") + ": parcel.stage: not one of the allowed values (moon not in acceptance|xray|transit|delivery) (and 2 more)"},
		{"unknown member", []string{write("c.json", `{"parcel": {"waybill": "X", "colour": "red"}}`)}, 1,
			filepath.Join(dir, "c.json") + ": parcel.colour: unknown member (colour)"},
		{"ok", []string{exampleHold}, 0, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := tusk(t, append([]string{"--home", home, "assess"}, tc.args...)...)
			if code != tc.code {
				t.Errorf("exit %d, want %d (%q)", code, tc.code, errs)
			}
			if tc.code == 0 {
				return
			}
			if out != "" || !strings.HasPrefix(errs, "tusk: "+tc.msg) || strings.Count(errs, "\n") != 1 {
				t.Errorf("stderr %q, want one line starting %q", errs, "tusk: "+tc.msg)
			}
		})
	}
}

// TestAssessUsesThePackOverride scores with a trainer's pack in
// <home>/pack, and refuses to score with a broken one.
func TestAssessUsesThePackOverride(t *testing.T) {
	home := t.TempDir()
	if code, _, errs := runCmd(t, home, "pack export"); code != 0 {
		t.Fatalf("pack export: %s", errs)
	}
	rules := filepath.Join(packDir(home), "rules.json")
	b, err := os.ReadFile(rules)
	if err != nil {
		t.Fatal(err)
	}
	changed := bytes.Replace(b, []byte(`"weight": 20,
      "signal": "declared.weight"`), []byte(`"weight": 30,
      "signal": "declared.weight"`), 1)
	if bytes.Equal(changed, b) {
		t.Fatal("rules.json has no declared.weight rule of weight 20 to change")
	}
	os.WriteFile(rules, changed, 0o644)
	code, out, _ := runCmd(t, home, "assess", "--json", exampleHold)
	if a := decodeAssess(t, out); code != 0 || a.Score != 55 || a.Reasons[0].Weight != 30 {
		t.Errorf("with the override: %d %+v", code, a)
	}
	os.WriteFile(rules, []byte("{"), 0o644)
	code, _, errs := runCmd(t, home, "assess", exampleHold)
	if code != 1 || !strings.Contains(errs, "rules.json:") {
		t.Errorf("broken override: %d %q", code, errs)
	}
}
