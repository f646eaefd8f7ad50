package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// runCmd calls a registered command's run as main would, and returns the
// exit code main would give and both outputs.
func runCmd(t *testing.T, home, name string, args ...string) (int, string, string) {
	t.Helper()
	c, ok := commands[name]
	if !ok {
		t.Fatalf("command %q not registered", name)
	}
	var out, errb bytes.Buffer
	err := c.run(&cliEnv{home: home, stdout: &out, stderr: &errb}, args)
	if err != nil {
		errb.WriteString(err.Error())
	}
	return exitCode(err), out.String(), errb.String()
}

func TestPackCheckDefaultPack(t *testing.T) {
	code, out, errs := runCmd(t, t.TempDir(), "pack check", filepath.Join("..", "..", "data"))
	if code != 0 || !strings.HasPrefix(out, "ok: ") || !strings.Contains(out, " cards, ") || !strings.Contains(out, " rules\n") {
		t.Errorf("pack check data: %d %q %q", code, out, errs)
	}
}

func TestPackCheckProblems(t *testing.T) {
	home := t.TempDir()
	dir := filepath.Join(home, "mypack")
	if code, out, errs := runCmd(t, home, "pack export", dir); code != 0 || !strings.Contains(out, dir) {
		t.Fatalf("pack export: %d %q %q", code, out, errs)
	}
	// Break the pack two ways: an unknown form, and a file removed.
	path := filepath.Join(dir, "cards", "elephants.json")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b = bytes.Replace(b, []byte(`"form": "tusk"`), []byte(`"form": "tusks"`), 1)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	forms := filepath.Join(dir, "forms.json")
	fb, err := os.ReadFile(forms)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(forms, bytes.Replace(fb, []byte(`"fr": "`), []byte(`"fx": "`), 1), 0o644)
	code, out, errs := runCmd(t, home, "pack check", dir)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) < 2 {
		t.Fatalf("want at least 2 problem lines, got %q", out)
	}
	off := bytes.Index(b, []byte(`"tusks"`))
	line := 1 + bytes.Count(b[:off], []byte("\n"))
	col := 1 + utf8.RuneCount(b[bytes.LastIndexByte(b[:off], '\n')+1:off])
	want := path + ":" + strconv.Itoa(line) + ":" + strconv.Itoa(col) + `: unknown form "tusks"`
	if !strings.Contains(out, want+" (did you mean \"tusk\"?)\n") {
		t.Errorf("missing %q in:\n%s", want, out)
	}
	if !strings.Contains(out, forms+":") || !strings.Contains(out, `: missing translation "fr"`) || !strings.Contains(out, `: unknown language "fx"`) {
		t.Errorf("missing forms.json problems in:\n%s", out)
	}
	// A missing file comes alone: references into it cannot be checked.
	os.Remove(filepath.Join(dir, "rules.json"))
	code, out, _ = runCmd(t, home, "pack check", dir)
	if code != 1 || out != filepath.Join(dir, "rules.json")+":1:1: file is missing\n" {
		t.Errorf("pack check without rules.json: %d %q", code, out)
	}
	if !strings.Contains(errs, "problems in "+dir) {
		t.Errorf("stderr %q", errs)
	}
}

func TestPackCheckUsage(t *testing.T) {
	home := t.TempDir()
	for _, args := range [][]string{nil, {"a", "b"}, {""}} {
		if code, _, _ := runCmd(t, home, "pack check", args...); code != 2 {
			t.Errorf("pack check %q: exit %d, want 2", args, code)
		}
	}
	if code, _, errs := runCmd(t, home, "pack check", filepath.Join(home, "nope")); code != 1 || errs == "" {
		t.Errorf("pack check of a missing folder: %d %q", code, errs)
	}
	f := filepath.Join(home, "file")
	os.WriteFile(f, nil, 0o644)
	if code, _, errs := runCmd(t, home, "pack check", f); code != 1 || !strings.Contains(errs, "not a folder") {
		t.Errorf("pack check of a file: %d %q", code, errs)
	}
}

func TestPackExport(t *testing.T) {
	home := t.TempDir()
	code, out, errs := runCmd(t, home, "pack export")
	if code != 0 {
		t.Fatalf("pack export: %d %q", code, errs)
	}
	if strings.Contains(out, "the app uses") {
		t.Errorf("default target should need no hint: %q", out)
	}
	for _, f := range []string{"manifest.json", "rules.json", filepath.Join("cards", "elephants.json")} {
		if _, err := os.Stat(filepath.Join(home, "pack", f)); err != nil {
			t.Errorf("not exported: %v", err)
		}
	}
	code, _, errs = runCmd(t, home, "pack export")
	if code != 1 || !strings.Contains(errs, "not overwriting") {
		t.Errorf("second export: %d %q", code, errs)
	}
	if code, _, _ := runCmd(t, home, "pack export", "a", "b"); code != 2 {
		t.Errorf("two DIRs: exit %d", code)
	}
	// The exported pack is valid as it is.
	if code, out, _ := runCmd(t, home, "pack check", filepath.Join(home, "pack")); code != 0 {
		t.Errorf("exported pack does not check: %q", out)
	}
}

func TestCardsSearch(t *testing.T) {
	home := t.TempDir()
	for _, tc := range []struct {
		args  []string
		first string
	}{
		{[]string{"xiangya", "--lang", "zh"}, "ivory-tusk\t象牙：原牙"},
		{[]string{"nga", "voi", "--lang=vi"}, "ivory-tusk\tNgà voi: ngà thô"},
		{[]string{"--lang", "fr", "Xi Jiao"}, "rhino-horn\tCorne de rhinocéros : entière ou en morceaux"},
		{[]string{"live", "--group", "bird"}, "grey-parrot-live\tLive grey parrot"},
		{[]string{"bone", "--appendix", "II"}, "lion-bone\tLion bone"},
	} {
		code, out, errs := runCmd(t, home, "cards search", tc.args...)
		if code != 0 || !strings.HasPrefix(out, tc.first+"\n") {
			t.Errorf("cards search %q: %d first line of %q (%s), want %q", tc.args, code, out, errs, tc.first)
		}
	}
	if code, out, _ := runCmd(t, home, "cards search", "ivory", "--limit", "2"); code != 0 || strings.Count(out, "\n") != 2 {
		t.Errorf("--limit 2: %d %q", code, out)
	}
	// Nothing found: no output, exit 0.
	if code, out, errs := runCmd(t, home, "cards search", "zzzqqq"); code != 0 || out != "" || errs != "" {
		t.Errorf("no match: %d %q %q", code, out, errs)
	}
	for _, args := range [][]string{nil, {"--lang", "de", "x"}, {"x", "--lang"}, {"x", "--limit", "many"}} {
		if code, _, _ := runCmd(t, home, "cards search", args...); code != 2 {
			t.Errorf("cards search %q: exit %d, want 2", args, code)
		}
	}
}

func TestCardsSearchUsesOverride(t *testing.T) {
	home := t.TempDir()
	if code, _, errs := runCmd(t, home, "pack export"); code != 0 {
		t.Fatal(errs)
	}
	path := filepath.Join(home, "pack", "cards", "rhinos.json")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	edited := bytes.Replace(b, []byte(`"en": "Rhino horn: whole or pieces"`), []byte(`"en": "Rhino horn (trainer's copy)"`), 1)
	if bytes.Equal(edited, b) {
		t.Fatal("title to edit not found")
	}
	os.WriteFile(path, edited, 0o644)
	code, out, _ := runCmd(t, home, "cards search", "xi", "jiao")
	if code != 0 || !strings.HasPrefix(out, "rhino-horn\tRhino horn (trainer's copy)\n") {
		t.Errorf("override not searched: %q", out)
	}
	// A broken override: a warning naming the problem, and the built-in pack.
	os.WriteFile(path, edited[:100], 0o644)
	code, out, errs := runCmd(t, home, "cards search", "xi", "jiao")
	if code != 0 || !strings.HasPrefix(out, "rhino-horn\tRhino horn: whole or pieces\n") {
		t.Errorf("built-in pack not used: %d %q", code, out)
	}
	if !strings.Contains(errs, filepath.Join("pack")+" is invalid") || !strings.Contains(errs, "cards/rhinos.json:") {
		t.Errorf("warning: %q", errs)
	}
}

func TestPackCommandsThroughRun(t *testing.T) {
	home := t.TempDir()
	var out, errb bytes.Buffer
	if code := run([]string{"--home", home, "cards", "search", "hugu"}, &out, &errb); code != 0 || !strings.HasPrefix(out.String(), "tiger-bone\t") {
		t.Errorf("tusk cards search hugu: %d %q %q", code, out.String(), errb.String())
	}
	out.Reset()
	errb.Reset()
	if code := run([]string{"--home", home, "pack", "check"}, &out, &errb); code != 2 || !strings.Contains(errb.String(), "usage: tusk pack check DIR") {
		t.Errorf("tusk pack check: %d %q", code, errb.String())
	}
}
