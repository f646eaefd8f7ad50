package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestBundleExportImportCommands(t *testing.T) {
	station := demoHome(t)
	out := t.TempDir()
	key := filepath.Join(t.TempDir(), "station.key")
	if code, _, errs := in(t, station, "keys", "export", key); code != 0 {
		t.Fatalf("keys export: %s", errs)
	}
	code, stdout, errs := in(t, station, "export", "--bundle", out)
	if code != 0 || !strings.Contains(stdout, "wrote ") {
		t.Fatalf("export --bundle: %d %q %q", code, stdout, errs)
	}
	files, _ := filepath.Glob(filepath.Join(out, "*.tuskbundle"))
	if len(files) != 1 {
		t.Fatalf("bundles: %v", files)
	}
	if code, stdout, _ := in(t, station, "export", "--bundle", out); code != 0 || !strings.Contains(stdout, "nothing written") {
		t.Errorf("second export: %d %q", code, stdout)
	}

	// A fresh home: the store is made, and the key is asked for.
	super := filepath.Join(t.TempDir(), "hq")
	code, _, errs = in(t, super, "import", files[0])
	if code != 1 || !strings.Contains(errs, "tusk keys import") || strings.Count(strings.TrimSpace(errs), "\n") != 0 {
		t.Fatalf("import without the key: %d %q", code, errs)
	}
	if code, _, errs := in(t, super, "keys", "import", key); code != 0 {
		t.Fatalf("keys import: %s", errs)
	}
	code, stdout, errs = in(t, super, "import", files[0])
	m := regexp.MustCompile(`: (\d+) added, 0 updated, 0 unchanged`).FindStringSubmatch(stdout)
	if code != 0 || m == nil || m[1] == "0" {
		t.Fatalf("import: %d %q %q", code, stdout, errs)
	}
	code, stdout, _ = in(t, super, "import", files[0])
	if code != 0 || !strings.Contains(stdout, ": already imported") {
		t.Errorf("repeated import: %d %q", code, stdout)
	}

	// One byte changed: a clear one-line reason, exit 1.
	b, _ := os.ReadFile(files[0])
	i := bytes.Index(b, []byte(`"waybill":"`)) + len(`"waybill":"`)
	b[i] ^= 1
	bad := filepath.Join(t.TempDir(), "bad.tuskbundle")
	os.WriteFile(bad, b, 0o644)
	code, _, errs = in(t, super, "import", bad)
	if code != 1 || !strings.Contains(errs, "bad signature") || strings.Count(strings.TrimSpace(errs), "\n") != 0 {
		t.Errorf("tampered: %d %q", code, errs)
	}
	if code, _, _ := in(t, super, "import"); code != 2 {
		t.Errorf("no file: %d", code)
	}
	if code, _, _ := in(t, station, "export", "--bundle", out, "extra"); code != 2 {
		t.Errorf("extra argument: %d", code)
	}
}
