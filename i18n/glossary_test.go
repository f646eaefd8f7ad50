package i18n

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// The glossary (glossary/<lang>.json) fixes the word each language uses for
// the concepts of depot and police work, and the words it must not use:
// words that mean something else (kifurushi is the parcel, not the content
// pack) or that claim a power a depot does not have (扣留,立案). The tests
// below hold every UI string and every text of the content pack to it.

// glossaryPending lists the files whose words are not yet brought into line
// with the glossary. Their findings are logged, not failed; a file leaves
// this list once it is fixed. Set TUSK_GLOSSARY_ALL=1 to fail on them too.
var glossaryPending = []string{}

func isPending(file string) bool {
	for _, p := range glossaryPending {
		if strings.HasPrefix(file, p) {
			return true
		}
	}
	return false
}

type concept struct {
	ID     string `json:"id"`
	Term   string `json:"term"`
	Match  string `json:"match"`
	Except string `json:"except"`
	Note   string `json:"note"`

	match, except *regexp.Regexp
}

type term struct {
	Concept    string   `json:"concept"`
	Use        string   `json:"use"`
	Not        []string `json:"not"`
	Everywhere bool     `json:"everywhere"`
	Source     string   `json:"source"`

	not []*regexp.Regexp
}

type glossary struct {
	concepts map[string]*concept
	terms    map[string][]*term // lang -> terms
}

// loadGlossary reads and checks glossary/*.json.
func loadGlossary(t *testing.T) *glossary {
	t.Helper()
	g := &glossary{concepts: map[string]*concept{}, terms: map[string][]*term{}}
	var en struct {
		Concepts []*concept `json:"concepts"`
	}
	readJSON(t, filepath.Join("glossary", "en.json"), &en)
	for _, c := range en.Concepts {
		var err error
		if c.match, err = regexp.Compile("(?i)" + c.Match); err != nil || c.Match == "" {
			t.Fatalf("glossary/en.json: concept %q: bad match %q: %v", c.ID, c.Match, err)
		}
		if c.Except != "" {
			if c.except, err = regexp.Compile("(?i)" + c.Except); err != nil {
				t.Fatalf("glossary/en.json: concept %q: bad except: %v", c.ID, err)
			}
		}
		if g.concepts[c.ID] != nil {
			t.Fatalf("glossary/en.json: concept %q twice", c.ID)
		}
		g.concepts[c.ID] = c
	}
	for _, l := range Languages[1:] {
		name := filepath.Join("glossary", l.Code+".json")
		var f struct {
			Lang  string  `json:"lang"`
			Terms []*term `json:"terms"`
		}
		readJSON(t, name, &f)
		if f.Lang != l.Code {
			t.Errorf("%s: lang is %q", name, f.Lang)
		}
		for _, tm := range f.Terms {
			if g.concepts[tm.Concept] == nil {
				t.Errorf("%s: concept %q is not in glossary/en.json", name, tm.Concept)
				continue
			}
			if strings.TrimSpace(tm.Use) == "" || strings.TrimSpace(tm.Source) == "" {
				t.Errorf("%s: concept %q needs the word to use and its source", name, tm.Concept)
			}
			for _, n := range tm.Not {
				re, err := regexp.Compile("(?i)" + n)
				if err != nil {
					t.Fatalf("%s: concept %q: bad word %q: %v", name, tm.Concept, n, err)
				}
				tm.not = append(tm.not, re)
			}
			g.terms[l.Code] = append(g.terms[l.Code], tm)
		}
		if len(g.terms[l.Code]) == 0 {
			t.Errorf("%s: no terms", name)
		}
	}
	return g
}

func readJSON(t *testing.T, name string, v any) {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

// mentions reports whether English text speaks of concept c.
func (c *concept) mentions(en string) bool {
	if c.except != nil {
		en = c.except.ReplaceAllString(en, " ")
	}
	return c.match.MatchString(en)
}

// check returns one line per word of the "not" lists that text (in lang)
// uses where its English original en speaks of the concept, or anywhere
// for terms marked "everywhere".
func (g *glossary) check(lang, en, text string) []string {
	// Template fields ({{.Station}}) are names for the code, not words.
	en, text = field.ReplaceAllString(en, " "), field.ReplaceAllString(text, " ")
	var out []string
	for _, tm := range g.terms[lang] {
		if !tm.Everywhere && !g.concepts[tm.Concept].mentions(en) {
			continue
		}
		for _, re := range tm.not {
			if w := re.FindString(text); w != "" {
				out = append(out, fmt.Sprintf("%s: %q, use %q", tm.Concept, strings.TrimSpace(w), tm.Use))
			}
		}
	}
	return out
}

var field = regexp.MustCompile(`\{\{[^}]*\}\}|\{[a-z]+\}`)

// text is one translated string and where it comes from.
type text struct {
	file, where, lang, en, s string
}

// uiTexts yields every translated UI string with its English original; a
// plural is checked form by form against all English forms.
func uiTexts(t *testing.T) []text {
	t.Helper()
	read := func(name string) map[string][]string {
		data, err := fs.ReadFile(FS, name)
		if err != nil {
			t.Fatal(err)
		}
		var raw map[string]json.RawMessage
		if err := json.Unmarshal(data, &raw); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out := map[string][]string{}
		for k, v := range raw {
			var s string
			if json.Unmarshal(v, &s) == nil {
				out[k] = []string{s}
				continue
			}
			var forms map[string]string
			_ = json.Unmarshal(v, &forms)
			for _, f := range []string{"zero", "one", "two", "few", "many", "other"} {
				if forms[f] != "" {
					out[k] = append(out[k], forms[f])
				}
			}
		}
		return out
	}
	var out []text
	names, _ := fs.Glob(FS, "translations/*.en.json")
	for _, enName := range names {
		en := read(enName)
		ns := strings.TrimSuffix(filepath.Base(enName), ".en.json")
		for _, l := range Languages[1:] {
			name := "translations/" + ns + "." + l.Code + ".json"
			for k, forms := range read(name) {
				for _, s := range forms {
					out = append(out, text{file: filepath.Base(name), where: k, lang: l.Code, en: strings.Join(en[k], " | "), s: s})
				}
			}
		}
	}
	return out
}

// packTexts yields every multilingual text of the content pack in data/:
// each JSON object with an "en" string and strings for other languages.
func packTexts(t *testing.T) []text {
	t.Helper()
	var files []string
	for _, pat := range []string{"../data/*.json", "../data/cards/*.json"} {
		m, _ := filepath.Glob(pat)
		files = append(files, m...)
	}
	if len(files) == 0 {
		t.Fatal("no pack files under ../data")
	}
	var out []text
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		var v any
		if err := json.Unmarshal(data, &v); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		rel := strings.TrimPrefix(filepath.ToSlash(name), "../")
		walkPack(v, "", func(where string, m map[string]any) {
			en, _ := m["en"].(string)
			for _, l := range Languages[1:] {
				if s, ok := m[l.Code].(string); ok {
					out = append(out, text{file: rel, where: where, lang: l.Code, en: en, s: s})
				}
			}
		})
	}
	return out
}

func walkPack(v any, where string, fn func(string, map[string]any)) {
	switch x := v.(type) {
	case map[string]any:
		if _, ok := x["en"].(string); ok {
			fn(where, x)
			return
		}
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			walkPack(x[k], strings.TrimPrefix(where+"."+k, "."), fn)
		}
	case []any:
		for i, e := range x {
			name := fmt.Sprintf("%s[%d]", where, i)
			if m, ok := e.(map[string]any); ok {
				if id, ok := m["id"].(string); ok {
					name = fmt.Sprintf("%s[%s]", where, id)
				}
			}
			walkPack(e, name, fn)
		}
	}
}

// report fails on findings outside the pending files and logs the rest.
func report(t *testing.T, findings map[string][]string) {
	t.Helper()
	all := os.Getenv("TUSK_GLOSSARY_ALL") != ""
	files := make([]string, 0, len(findings))
	for f := range findings {
		files = append(files, f)
	}
	sort.Strings(files)
	pending := 0
	for _, f := range files {
		lines := findings[f]
		sort.Strings(lines)
		if isPending(f) && !all {
			pending += len(lines)
			t.Logf("%s: %d findings left (file pending review)", f, len(lines))
			continue
		}
		for _, l := range lines {
			t.Errorf("%s: %s", f, l)
		}
	}
	if pending > 0 {
		t.Logf("%d findings in files pending review", pending)
	}
}

// TestGlossary fails when a UI string or a pack text uses, for a concept of
// the glossary, a word on that language's "not" list.
func TestGlossary(t *testing.T) {
	g := loadGlossary(t)
	findings := map[string][]string{}
	texts := append(uiTexts(t), packTexts(t)...)
	for _, x := range texts {
		for _, f := range g.check(x.lang, x.en, x.s) {
			findings[x.file] = append(findings[x.file], fmt.Sprintf("%s [%s]: %s in %q", x.where, x.lang, f, x.s))
		}
	}
	if len(texts) < 1000 {
		t.Fatalf("only %d texts checked: the scan is broken", len(texts))
	}
	report(t, findings)
}

// TestGlossaryCatches proves the check can fail: a word of each "not" list
// is caught in a sample sentence, and the right word passes.
func TestGlossaryCatches(t *testing.T) {
	g := loadGlossary(t)
	cases := []struct {
		lang, en, text string
		bad            bool
	}{
		{"zh", "Hold for check", "扣留检查", true},
		{"zh", "Hold for check", "暂扣检查", false},
		{"zh", "Case opened", "已立案", true},
		{"zh", "Chain of custody", "保管链", true},
		{"zh", "Chain of custody", "证据保管链", false},
		{"zh", "Type your PIN", "输入密码", true},
		{"zh", "Type your PIN", "输入PIN码", false},
		{"vi", "Hold for check", "Giữ lại để kiểm tra", true},
		{"vi", "Hold for check", "Tạm giữ để kiểm tra", false},
		{"vi", "Weight", "Trọng lượng", true},
		{"vi", "W{{.Week}}", "T{{.Week}}", true},
		{"vi", "W{{.Week}}", "Tuần {{.Week}}", false},
		{"fr", "station {{.Station}}", "agence {{.Station}}", false},
		{"sw", "The content pack", "Kifurushi cha maudhui", true},
		{"sw", "The parcel", "Kifurushi", false},
		{"sw", "Refer to the police", "Wasilisha kwa polisi", true},
		{"sw", "Outbound", "Kutoka nje", true},
		{"fr", "Depot", "Dépôt", true},
		{"fr", "Depot", "Agence", false},
		{"fr", "Inspector", "Inspecteur", true},
		{"fr", "Code word", "Mot codé", true},
		{"fr", "Code word", "Nom de code", false},
	}
	for _, c := range cases {
		got := g.check(c.lang, c.en, c.text)
		if (len(got) > 0) != c.bad {
			t.Errorf("%s %q: findings %v, want bad=%v", c.lang, c.text, got, c.bad)
		}
	}
}

// halfWidth finds ASCII punctuation next to a Han character, where Chinese
// text needs the full-width form (，；：！？（）“” 。).
var halfWidth = regexp.MustCompile(`\p{Han}[,;:!?()'"]|[,;:!?()'"]\p{Han}|\p{Han}\.(\s|$)|\p{Han}\.\p{Han}`)

// TestChinesePunctuation fails when Chinese text, in the UI or in the pack,
// uses half-width punctuation next to Chinese characters.
func TestChinesePunctuation(t *testing.T) {
	findings := map[string][]string{}
	for _, x := range append(uiTexts(t), packTexts(t)...) {
		if x.lang != "zh" {
			continue
		}
		if m := halfWidth.FindString(x.s); m != "" {
			findings[x.file] = append(findings[x.file], fmt.Sprintf("%s: half-width punctuation %q in %q", x.where, m, x.s))
		}
	}
	report(t, findings)
	for _, bad := range []string{"收寄,需补全", "（收寄验视)", "请重试.", "X光(图像）"} {
		if !halfWidth.MatchString(bad) {
			t.Errorf("%q is not caught", bad)
		}
	}
	for _, ok := range []string{"收寄，需补全", "GB 11643, ICAO 9303", "共 {{.Count}} 条。", "12:30"} {
		if halfWidth.MatchString(ok) {
			t.Errorf("%q is caught", ok)
		}
	}
}

// TestNoChineseInOtherUILanguages fails when a UI string of another language
// carries Chinese characters (the acceptance stage once read "(收寄验视)" in
// every language). The pack may quote Chinese labels; the UI may not.
func TestNoChineseInOtherUILanguages(t *testing.T) {
	han := regexp.MustCompile(`\p{Han}+`)
	findings := map[string][]string{}
	names, _ := fs.Glob(FS, "translations/*.json")
	for _, name := range names {
		if strings.HasSuffix(name, ".zh.json") {
			continue
		}
		data, _ := fs.ReadFile(FS, name)
		var raw map[string]json.RawMessage
		_ = json.Unmarshal(data, &raw)
		for k, v := range raw {
			if m := han.FindString(string(v)); m != "" {
				findings[filepath.Base(name)] = append(findings[filepath.Base(name)], fmt.Sprintf("%s: %q", k, m))
			}
		}
	}
	report(t, findings)
}

// pluralForms are the CLDR plural categories each language's counts need
// (integers only): French uses "many" for 1 000 000 and above.
var pluralForms = map[string][]string{
	"en": {"one", "other"},
	"zh": {"other"},
	"vi": {"other"},
	"sw": {"one", "other"},
	"fr": {"one", "many", "other"},
}

// TestPluralForms fails when a plural message lacks a form its language needs.
func TestPluralForms(t *testing.T) {
	names, _ := fs.Glob(FS, "translations/*.json")
	for _, name := range names {
		lang := strings.Split(filepath.Base(name), ".")[1]
		data, _ := fs.ReadFile(FS, name)
		var raw map[string]json.RawMessage
		_ = json.Unmarshal(data, &raw)
		for k, v := range raw {
			var forms map[string]string
			if json.Unmarshal(v, &forms) != nil {
				continue
			}
			for _, f := range pluralForms[lang] {
				if forms[f] == "" {
					t.Errorf("%s: %q has no %q form", filepath.Base(name), k, f)
				}
			}
		}
	}
}
