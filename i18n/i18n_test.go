package i18n

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// identicalOK lists keys whose value may equal English in another language:
// proper nouns, codes and units that are written the same everywhere.
var identicalOK = map[string]bool{
	"app.name":        true,
	"common.ok":       true,
	"units.kg":        true,
	"settings.pin_sr": true,
}

// messages reads every file into lang -> key -> value ("other" form for plurals).
func messages(t *testing.T) map[string]map[string]string {
	t.Helper()
	out := map[string]map[string]string{}
	names, err := fs.Glob(FS, "translations/*.json")
	if err != nil || len(names) == 0 {
		t.Fatalf("no translation files: %v", err)
	}
	for _, name := range names {
		parts := strings.Split(filepath.Base(name), ".")
		if len(parts) != 3 {
			t.Fatalf("%s: want <part>.<lang>.json", name)
		}
		lang := parts[1]
		if !Supported(lang) {
			t.Fatalf("%s: unknown language %q", name, lang)
		}
		data, _ := fs.ReadFile(FS, name)
		var raw map[string]json.RawMessage
		if err := json.Unmarshal(data, &raw); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if out[lang] == nil {
			out[lang] = map[string]string{}
		}
		for k, v := range raw {
			if !keyLike.MatchString(k) {
				t.Errorf("%s: key %q is not namespaced (ns.name)", name, k)
			}
			var s string
			if json.Unmarshal(v, &s) != nil {
				var plural map[string]string
				if err := json.Unmarshal(v, &plural); err != nil || plural["other"] == "" {
					t.Errorf("%s: %q is neither a string nor a plural with \"other\"", name, k)
				}
				s = plural["other"]
			}
			if _, dup := out[lang][k]; dup {
				t.Errorf("%s: key %q defined twice", name, k)
			}
			out[lang][k] = s
		}
	}
	return out
}

func TestFilesLoad(t *testing.T) {
	if err := LoadError(); err != nil {
		t.Fatal(err)
	}
}

func TestEveryKeyInEveryLanguage(t *testing.T) {
	all := messages(t)
	en := all["en"]
	if len(en) == 0 {
		t.Fatal("no English keys")
	}
	for _, l := range Languages {
		m := all[l.Code]
		for k := range en {
			if strings.TrimSpace(m[k]) == "" {
				t.Errorf("%s: missing or empty %q", l.Code, k)
			}
		}
		for k := range m {
			if _, ok := en[k]; !ok {
				t.Errorf("%s: %q is not in English", l.Code, k)
			}
		}
	}
}

// TestTranslationsAreReal fails when a language keeps more than 10% of its
// values identical to English, which means they were never translated.
func TestTranslationsAreReal(t *testing.T) {
	all := messages(t)
	en := all["en"]
	for _, l := range Languages[1:] {
		same, n := 0, 0
		var examples []string
		for k, v := range all[l.Code] {
			if identicalOK[k] {
				continue
			}
			n++
			if v == en[k] {
				same++
				if len(examples) < 5 {
					examples = append(examples, k)
				}
			}
		}
		if n > 0 && same*10 > n {
			t.Errorf("%s: %d of %d values identical to English (e.g. %v)", l.Code, same, n, examples)
		}
	}
}

var keyLike = regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$`)

// TestCodeKeysExist parses every Go file of the app and checks that each
// string literal shaped like a key of a known namespace exists in English.
func TestCodeKeysExist(t *testing.T) {
	namespaces := map[string]bool{}
	for _, k := range Keys() {
		namespaces[strings.SplitN(k, ".", 2)[0]] = true
	}
	root := filepath.Join("..", "app")
	checked := 0
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(token.NewFileSet(), p, nil, 0)
		if err != nil {
			return err
		}
		// Audit actions ("key.import") look like keys but are never shown
		// translated: skip the literals passed to audit calls.
		skip := map[ast.Node]bool{}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			name := ""
			switch fn := call.Fun.(type) {
			case *ast.Ident:
				name = fn.Name
			case *ast.SelectorExpr:
				name = fn.Sel.Name
			}
			if name == "audit" || name == "Audit" {
				for _, a := range call.Args {
					skip[a] = true
				}
			}
			return true
		})
		ast.Inspect(f, func(n ast.Node) bool {
			if skip[n] {
				return false
			}
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil || !keyLike.MatchString(s) || !namespaces[strings.SplitN(s, ".", 2)[0]] {
				return true
			}
			if strings.HasSuffix(s, ".") {
				return true
			}
			checked++
			if !HasKey(s) && !hasPrefixKey(s) {
				t.Errorf("%s: key %q is not in the English translations", p, s)
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked == 0 {
		t.Fatal("found no keys in the code: the scan is broken")
	}
}

// hasPrefixKey accepts a literal used as a prefix for dynamic keys
// ("role." + r), written with a trailing underscore-free namespace path.
func hasPrefixKey(s string) bool {
	for _, k := range Keys() {
		if strings.HasPrefix(k, s+".") {
			return true
		}
	}
	return false
}

func TestTranslatorFallsBackAndPlurals(t *testing.T) {
	zh := New("zh")
	if got := zh.T("nav.cards"); got == "" || got == New("en").T("nav.cards") {
		t.Errorf("zh nav.cards = %q", got)
	}
	if got := New("xx").Lang(); got != "en" {
		t.Errorf("unknown language falls back to %q", got)
	}
	if got := New("en").T("no.such.key"); got != "no.such.key" {
		t.Errorf("missing key shows %q", got)
	}
	en := New("en")
	if one, many := en.TN("users.count", 1), en.TN("users.count", 3); one == many || !strings.Contains(many, "3") {
		t.Errorf("plural forms: %q / %q", one, many)
	}
	for _, l := range Languages {
		if s := New(l.Code).TN("users.count", 1000000); strings.Contains(s, "users.count") || !strings.Contains(s, "1000000") {
			t.Errorf("%s: TN(1000000) = %q", l.Code, s)
		}
	}
}

func TestSetLanguage(t *testing.T) {
	defer SetLanguage(Default)
	SetLanguage("zh")
	if CurrentLang() != "zh" || T("nav.settings") == New("en").T("nav.settings") {
		t.Errorf("SetLanguage(zh): %s %q", CurrentLang(), T("nav.settings"))
	}
}

func TestNoStrayFiles(t *testing.T) {
	entries, _ := os.ReadDir("translations")
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".json") {
			t.Errorf("translations/%s is not a translation file", e.Name())
		}
	}
}
