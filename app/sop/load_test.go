package sop

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"
)

// goodFS reads testdata/good into memory, so tests can break a copy.
func goodFS(t testing.TB) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	root := filepath.Join("testdata", "good")
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		m[filepath.ToSlash(rel)] = &fstest.MapFile{Data: b, Mode: 0o644}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func mustLoad(t testing.TB, fsys fs.FS) *Pack {
	t.Helper()
	p, err := Load(fsys)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return p
}

func TestLoadGood(t *testing.T) {
	p := mustLoad(t, goodFS(t))
	if got := p.Counts(); got != (Counts{Cards: 4, Species: 2, CodeWords: 4, ChecklistItems: 3, Rules: 3, Countries: 2}) {
		t.Errorf("Counts = %+v", got)
	}
	if c := p.CardByID["rhino-powder"]; c == nil || c.Title.In("vi") != "Bột sừng tê giác" {
		t.Errorf("CardByID[rhino-powder] = %+v", c)
	}
	if s := p.CardSpecies("ivory-tusk"); s == nil || s.ID != "elephant" {
		t.Errorf("CardSpecies(ivory-tusk) = %+v", s)
	}
	if got := len(p.Sources); got != 3 {
		t.Errorf("sources = %d, want 3 (manifest 2 + card file 1)", got)
	}
	if s := p.SourceByID["src-b"]; s == nil || s.Date != "2020-05" {
		t.Errorf("SourceByID[src-b] = %+v", s)
	}
	if r := p.RuleByID["r-refused"]; r == nil || r.Action != "refuse" {
		t.Errorf("RuleByID[r-refused] = %+v", r)
	}
	var ws []string
	for _, w := range p.CodeWordsFor("ivory-carving") {
		ws = append(ws, w.ID)
	}
	if got := strings.Join(ws, ","); got != "cw-xy,cw-xiangya,cw-trainer" {
		t.Errorf("CodeWordsFor(ivory-carving) = %s", got)
	}
	if got := len(p.SourcesFor([]string{"src-b", "nope", "src-a"})); got != 2 {
		t.Errorf("SourcesFor = %d sources, want 2", got)
	}
	if p.Dir != "" {
		t.Errorf("Dir = %q for an fs.FS load", p.Dir)
	}
}

func TestPackHelpers(t *testing.T) {
	p := mustLoad(t, goodFS(t))
	ids := func(items []*Item) string {
		var s []string
		for _, it := range items {
			s = append(s, it.ID)
		}
		return strings.Join(s, ",")
	}
	for _, tc := range []struct{ stage, cat, want string }{
		{"acceptance", "handicrafts", "chk-vague"},
		{"acceptance", "traditional_medicine", "chk-vague,chk-smell"},
		{"xray", "handicrafts", "chk-dense"},
		{"xray", "traditional_medicine", ""},
		{"delivery", "traditional_medicine", "chk-smell"},
		{"", "", "chk-vague,chk-dense,chk-smell"},
		{"transit", "", "chk-dense"},
	} {
		if got := ids(p.ChecklistFor(tc.stage, tc.cat)); got != tc.want {
			t.Errorf("ChecklistFor(%q, %q) = %q, want %q", tc.stage, tc.cat, got, tc.want)
		}
	}
	legal := func(ls []*Legal) string {
		var s []string
		for _, l := range ls {
			s = append(s, l.Text["en"])
		}
		return strings.Join(s, "|")
	}
	for _, tc := range []struct{ country, species, want string }{
		{"CN", "elephant", "Ivory trade is banned.|Wildlife law applies."},
		{"CN", "rhino", "Wildlife law applies."},
		{"CN", "", "Wildlife law applies."},
		{"VN", "elephant", ""},
		{"XX", "elephant", ""},
	} {
		if got := legal(p.LegalNotes(tc.country, tc.species)); got != tc.want {
			t.Errorf("LegalNotes(%q, %q) = %q, want %q", tc.country, tc.species, got, tc.want)
		}
	}
	if r := p.Referrals("CN"); len(r) != 1 || r[0].Contact != "110" {
		t.Errorf("Referrals(CN) = %+v", r)
	}
	if r := p.Referrals("FR"); r != nil {
		t.Errorf("Referrals(FR) = %+v", r)
	}
	if rc := p.RouteCountry("VN"); rc == nil || len(rc.Roles) != 2 {
		t.Errorf("RouteCountry(VN) = %+v", rc)
	}
	cards := func(cs []*Card) string {
		var s []string
		for _, c := range cs {
			s = append(s, c.ID)
		}
		return strings.Join(s, ",")
	}
	for _, tc := range []struct {
		f    Filter
		want string
	}{
		{Filter{}, "ivory-tusk,ivory-carving,rhino-horn,rhino-powder"},
		{Filter{Appendix: "II"}, "ivory-tusk,ivory-carving"},
		{Filter{Appendix: "I"}, "ivory-tusk,ivory-carving,rhino-horn,rhino-powder"},
		{Filter{Appendix: "III"}, ""},
		{Filter{Form: "horn"}, "rhino-horn"},
		{Filter{Group: "bird"}, ""},
		{Filter{Group: "mammal", Form: "powder"}, "rhino-powder"},
	} {
		if got := cards(p.CardsFor(tc.f)); got != tc.want {
			t.Errorf("CardsFor(%+v) = %q, want %q", tc.f, got, tc.want)
		}
	}
}

// posOf is the line:column of the n-th (0-based) occurrence of marker in src.
func posOf(t *testing.T, src []byte, marker string, n int) string {
	t.Helper()
	off := -1
	if marker == "<EOF>" {
		off, n = len(src), -1
	}
	for i := 0; i <= n; i++ {
		j := bytes.Index(src[off+1:], []byte(marker))
		if j < 0 {
			t.Fatalf("marker %q (#%d) not in file", marker, n)
		}
		off += 1 + j
	}
	line := 1 + bytes.Count(src[:off], []byte("\n"))
	col := 1 + utf8.RuneCount(src[bytes.LastIndexByte(src[:off], '\n')+1:off])
	return fmt.Sprintf("%d:%d", line, col)
}

func TestValidateProblems(t *testing.T) {
	cases := []struct {
		name     string
		file     string
		old, new string // edit applied to file ("" old: replace whole file)
		marker   string // where the problem must point (in the edited file)
		nth      int    // which occurrence of marker
		msg      string // the message must contain this
	}{
		{"missing translation", "cards/rhino.json", `"fr": "Corne de rhinocéros"`, `"de": "Horn"`, `{
        "en": "Rhino horn"`, 0, `missing translation "fr"`},
		{"unknown language", "cards/rhino.json", `"fr": "Corne de rhinocéros"`, `"fr": "Corne", "de": "Horn"`, `"de"`, 0, `unknown language "de"`},
		{"empty translation", "forms.json", `"fr": "Poudre"`, `"fr": " "`, `" "`, 0, `missing translation "fr"`},
		{"unknown species", "cards/rhino.json", `"species": "rhino"`, `"species": "rhinoo"`, `"rhinoo"`, 0, `unknown species "rhinoo" (did you mean "rhino"?)`},
		{"unknown form", "cards/rhino.json", `"form": "powder"`, `"form": "flour"`, `"flour"`, 0, `unknown form "flour"`},
		{"unknown category", "cards/ivory.json", `"handicrafts"`, `"crafts"`, `"crafts"`, 0, `unknown category "crafts"`},
		{"unknown source", "cards/rhino.json", `"sources": [
        "src-b"`, `"sources": [
        "src-z"`, `"src-z"`, 0, `unknown source "src-z"`},
		{"unknown look-alike card", "cards/ivory.json", `"card": "ivory-tusk"`, `"card": "ivory-tus"`, `"ivory-tus"`, 0, `unknown card "ivory-tus"`},
		{"unknown code word card", "codewords.json", `"ivory-carving"`, `"ivory-carvings"`, `"ivory-carvings"`, 0, `unknown card "ivory-carvings"`},
		{"unknown rule", "checklists.json", `"rule": "r-vague"`, `"rule": "r-vaguе"`, `"r-vaguе"`, 0, `unknown rule`},
		{"unknown group", "checklists.json", `"group": "xray"`, `"group": "x-ray"`, `"x-ray"`, 0, `unknown group "x-ray"`},
		{"unknown stage", "checklists.json", `"transit"`, `"sorting"`, `"sorting"`, 0, `unknown stage "sorting"`},
		{"unknown signal", "rules.json", `"signal": "id.refused"`, `"signal": "id.refusal"`, `"id.refusal"`, 0, `unknown signal "id.refusal"`},
		{"unknown question", "cards/rhino.json", `"colour": [
          "grey"
        ]`, `"color": [
          "grey"
        ]`, `"color"`, 0, `unknown wizard question "color"`},
		{"unknown option", "cards/rhino.json", `"horn_like"`, `"hornlike"`, `"hornlike"`, 0, `unknown option "hornlike" of question "material"`},
		{"unknown country code", "routes.json", `"country": "TZ"`, `"country": "XZ"`, `"XZ"`, 0, `unknown country code "XZ"`},
		{"lower-case country", "countries.json", `"code": "CN"`, `"code": "cn"`, `"cn"`, 0, `bad country code "cn"`},
		{"unknown id document", "countries.json", `"cn_rid"`, `"cn_id"`, `"cn_id"`, 0, `unknown ID document "cn_id"`},
		{"unknown referral kind", "countries.json", `"kind": "police"`, `"kind": "army"`, `"army"`, 0, `unknown referral kind "army"`},
		{"unknown legal species", "countries.json", `"elephant"`, `"elefant"`, `"elefant"`, 0, `unknown species "elefant"`},
		{"duplicate card id", "cards/rhino.json", `"id": "rhino-powder"`, `"id": "ivory-tusk"`, `"ivory-tusk"`, 0, `duplicate card id "ivory-tusk" (first at cards/ivory.json:`},
		{"duplicate source across files", "cards/rhino.json", `"id": "src-b"`, `"id": "src-a"`, `"src-a"`, 0, `duplicate source id "src-a" (first at manifest.json:`},
		{"duplicate option", "wizard.json", `"id": "grey"`, `"id": "white_cream"`, `"white_cream"`, 1, `duplicate option id "white_cream"`},
		{"duplicate key", "forms.json", `"trade_term": "POW",`, `"trade_term": "POW", "trade_term": "POW",`, `"trade_term"`, 4, `duplicate key "trade_term"`},
		{"bad id", "cards/rhino.json", `"id": "rhino-horn"`, `"id": "rhino horn"`, `"rhino horn"`, 0, `card id "rhino horn": use letters`},
		{"empty title", "cards/rhino.json", `"title": {
        "en": "Rhino horn",
        "zh": "犀角",
        "vi": "Sừng tê giác",
        "sw": "Pembe ya kifaru",
        "fr": "Corne de rhinocéros"
      },`, `"title": {},`, `{}`, 0, `missing title`},
		{"missing illustration", "cards/rhino.json", `"illustration": "rhino-horn.svg",`, ``, `{
      "id": "rhino-horn"`, 0, `missing illustration`},
		{"bad illustration", "cards/rhino.json", `"rhino-horn.svg"`, `"../x.gif"`, `"../x.gif"`, 0, `illustration "../x.gif": want a file name ending in .svg or .png`},
		{"bad date", "manifest.json", `"as_of": "2025-01-15"`, `"as_of": "2025-13-01"`, `"2025-13-01"`, 0, `bad as_of date "2025-13-01"`},
		{"bad source date", "manifest.json", `"date": "2021"`, `"date": "21"`, `"21"`, 0, `bad date "21"`},
		{"bad CITES date", "cards/rhino.json", `"as_of": "2023-02-23"`, `"as_of": "23/02/2023"`, `"23/02/2023"`, 0, `bad CITES as_of date`},
		{"bad appendix", "cards/rhino.json", `"appendix": "I"`, `"appendix": "1"`, `"1"`, 0, `unknown CITES appendix "1"`},
		{"bad trade term", "forms.json", `"HOR"`, `"HRN"`, `"HRN"`, 0, `unknown CITES trade-term code "HRN"`},
		{"bad unit", "forms.json", `"kg"
      ]`, `"tonnes"
      ]`, `"tonnes"`, 0, `unknown unit "tonnes"`},
		{"bad group", "cards/rhino.json", `"group": "mammal"`, `"group": "mammals"`, `"mammals"`, 0, `unknown species group "mammals"`},
		{"bad script", "codewords.json", `"script": "Latn"`, `"script": "Latin"`, `"Latin"`, 0, `bad script "Latin"`},
		{"missing strength", "codewords.json", `"strength": "weak",`, ``, `{
      "id": "cw-trainer"`, 0, `missing strength`},
		{"bad strength", "codewords.json", `"strength": "weak"`, `"strength": "medium"`, `"medium"`, 0, `strength "medium": want "strong" or "weak"`},
		{"code words in a card file", "cards/rhino.json", `"cards": [`, `"codewords": [{"id": "cw-old", "text": "XJ", "script": "Latn", "lang": "und", "strength": "strong",
      "meaning": {"en": "a", "zh": "a", "vi": "a", "sw": "a", "fr": "a"}, "cards": ["rhino-horn"], "sources": ["src-b"]}],
  "cards": [`, `[{"id": "cw-old"`, 0, `code words live in codewords.json: move them there`},
		{"bad lang", "cards/ivory.json", `"lang": "en"`, `"lang": "english!"`, `"english!"`, 0, `bad language tag "english!"`},
		{"code word without source or author", "codewords.json", `"added_by": "trainer-1"`, `"added_by": ""`, `{
      "id": "cw-trainer"`, 0, `needs at least one source`},
		{"thresholds", "rules.json", `"refuse": 60`, `"refuse": 20`, `20`, 0, `refuse threshold (20) must be above the hold threshold (30)`},
		{"unfed checklist rule", "checklists.json", `"rule": "r-vague"`, `"rule": "r-dense"`, `"r-vague"`, 0, ``},
		{"item feeds a non-checklist rule", "checklists.json", `"rule": "r-vague"`, `"rule": "r-refused"`, `"r-refused"`, 0, `rule "r-refused" is raised by "id.refused", not by checklist answers`},
		{"weight zero without action", "rules.json", `"action": "refuse",`, ``, `0,
      "signal": "id.refused"`, 0, `rule "r-refused" has weight 0 and no action`},
		{"two rules read one signal without a group", "rules.json", `"weight": 40,
      "signal": "checklist",`, `"weight": 40,
      "signal": "checklist",
      "reads": "id.refused",`, `"r-refused"`, 0, `rules "r-dense" and "r-refused" both read "id.refused": give them the same "group"`},
		{"reads on a rule with its own signal", "rules.json", `"signal": "id.refused",`, `"signal": "id.refused", "reads": "id.missing",`, `"id.missing"`, 0, `only a checklist rule says which signal it reads`},
		{"reads an unknown signal", "rules.json", `"weight": 40,
      "signal": "checklist",`, `"weight": 40,
      "signal": "checklist", "reads": "id.refusal",`, `"id.refusal"`, 0, `unknown signal "id.refusal"`},
		{"bad kind", "rules.json", `"signal": "id.refused",`, `"signal": "id.refused", "kind": "customs",`, `"customs"`, 0, `unknown kind "customs"`},
		{"postal rule with points", "rules.json", `"weight": 40,
      "signal": "checklist",`, `"weight": 40,
      "signal": "checklist", "kind": "postal", "action": "refuse",`, `40`, 0, `postal rule "r-dense" must have weight 0`},
		{"postal rule without refuse", "rules.json", `"weight": 40,
      "signal": "checklist",`, `"weight": 0,
      "signal": "checklist", "kind": "postal", "action": "hold",`, `"postal"`, 0, `postal rule "r-dense" needs the action "refuse"`},
		{"route rule with an action", "rules.json", `"signal": "id.refused",`, `"signal": "route.origin",`, `"refuse",`, 0, `route rule "r-refused" cannot have an action`},
		{"heavy route rule", "rules.json", `"weight": 40,
      "signal": "checklist",`, `"weight": 40,
      "signal": "route.transit",`, `40`, 0, `route rule "r-dense" weighs 40, at or above the hold threshold (30)`},
		{"item signal for an item of another rule", "rules.json", `"weight": 40,
      "signal": "checklist",`, `"weight": 40,
      "signal": "checklist", "item_signals": {"chk-vague": "id.refused"},`, `"id.refused"}`, 0, `item "chk-vague" feeds rule "r-vague", not "r-dense"`},
		{"item signal no rule reads", "rules.json", `"weight": 40,
      "signal": "checklist",`, `"weight": 40,
      "signal": "checklist", "item_signals": {"chk-smell": "live.signs"},`, `"live.signs"}`, 0, `no rule reads "live.signs"`},
		{"bad action", "rules.json", `"action": "refuse"`, `"action": "block"`, `"block"`, 0, `unknown action "block"`},
		{"star with others", "checklists.json", `"categories": [
        "*"
      ]`, `"categories": ["*", "other"]`, `"*"`, 0, `"*" already means every category`},
		{"traits option listed twice", "cards/rhino.json", `"grey",
          "white_cream"`, `"grey",
          "grey"`, `"grey"`, 2, `option "grey" listed twice`},
		{"languages", "manifest.json", `"fr"
  ]`, `"de"
  ]`, `"de"`, 0, `unknown language "de"`},
		// shape problems
		{"unknown field", "cards/rhino.json", `"summary":`, `"sumary":`, `"sumary"`, 0, `unknown field "sumary" (did you mean "summary"?)`},
		{"wrong case field", "manifest.json", `"version":`, `"Version":`, `"Version"`, 0, `unknown field "Version" (did you mean "version"?)`},
		{"string for array", "cards/rhino.json", `"sources": [
        "src-b"
      ]
    }
  ],
  "cards"`, `"sources": "src-b"
    }
  ],
  "cards"`, `"src-b"`, 1, `expected an array, found a string`},
		{"number for string", "forms.json", `"trade_term": "TUS"`, `"trade_term": 7`, `7`, 0, `expected a string, found a number`},
		{"fraction weight", "rules.json", `"weight": 40`, `"weight": 40.5`, `40.5`, 0, `expected a whole number, found 40.5`},
		{"object for text", "categories.json", `"names": {
        "en": "Other"`, `"names": ["Other"], "x": {
        "en": "Other"`, `["Other"]`, 0, `expected an object, found an array`},
		// syntax problems
		{"trailing comma", "rules.json", `"refuse": 60`, `"refuse": 60,`, `}`, 0, `syntax error: invalid character '}'`},
		{"missing comma", "wizard.json", `"id": "state",`, `"id": "state"`, `"text"`, 0, `syntax error: invalid character '"' after object key:value pair`},
		{"unclosed", "countries.json", "", `{"countries": [`, `<EOF>`, 0, `unexpected end of file`},
		{"truncated string", "routes.json", "", "{\n  \"countries\": [\n    {\"country\": \"T", `<EOF>`, 0, `unexpected end of file`},
		{"empty file", "routes.json", "", "  \n", ` `, 0, `file is empty`},
		{"two values", "routes.json", "", `{"countries": []} {}`, `{}`, 0, `unexpected data after the top-level value`},
		{"not an object", "routes.json", "", `[1, 2]`, `[`, 0, `expected an object, found an array`},
		{"BOM kept positions", "routes.json", "", "\xEF\xBB\xBF{\"countries\": [{\"country\": \"XZ\", \"roles\": [\"origin\"], \"sources\": [\"src-a\"]}]}", `"XZ"`, 0, `unknown country code "XZ"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := goodFS(t)
			f := m[tc.file]
			if f == nil {
				t.Fatalf("no file %s", tc.file)
			}
			var src []byte
			if tc.old == "" {
				src = []byte(tc.new)
			} else {
				if !bytes.Contains(f.Data, []byte(tc.old)) {
					t.Fatalf("edit target %q not in %s", tc.old, tc.file)
				}
				src = bytes.Replace(f.Data, []byte(tc.old), []byte(tc.new), 1)
			}
			m[tc.file] = &fstest.MapFile{Data: src}
			p, err := Load(m)
			if err == nil {
				t.Fatalf("Load accepted the broken pack")
			}
			if p != nil {
				t.Errorf("Load returned a pack with its error")
			}
			ps, ok := AsProblems(err)
			if !ok {
				t.Fatalf("error is %T, want Problems: %v", err, err)
			}
			var want string
			if tc.name == "unfed checklist rule" {
				// The problem is in rules.json, at the unfed rule's id.
				rules := m["rules.json"].Data
				want = "rules.json:" + posOf(t, rules, tc.marker, 0) + ": checklist rule \"r-vague\" is fed by no checklist item"
			} else {
				// A byte order mark takes no column in an editor.
				want = tc.file + ":" + posOf(t, bytes.TrimPrefix(src, []byte("\xEF\xBB\xBF")), tc.marker, tc.nth) + ": " + tc.msg
			}
			for _, p := range ps {
				if strings.HasPrefix(p.String(), want) {
					return
				}
			}
			t.Errorf("want a problem starting %q; got:\n%v", want, err)
		})
	}
}

func TestMissingFiles(t *testing.T) {
	m := goodFS(t)
	delete(m, "rules.json")
	delete(m, "codewords.json") // optional: no problem of its own
	for k := range m {
		if strings.HasPrefix(k, "cards/") {
			delete(m, k)
		}
	}
	_, err := Load(m)
	ps, ok := AsProblems(err)
	if !ok {
		t.Fatalf("err = %v", err)
	}
	got := ps.Error()
	want := "cards:1:1: no card files (cards/*.json)\nrules.json:1:1: file is missing"
	if got != want {
		t.Errorf("problems:\n%s\nwant:\n%s", got, want)
	}
}

func TestProblemsSortedAndPrintedOnePerLine(t *testing.T) {
	m := goodFS(t)
	src := m["forms.json"].Data
	src = bytes.Replace(src, []byte(`"HOR"`), []byte(`"HRN"`), 1)
	src = bytes.Replace(src, []byte(`"TUS"`), []byte(`"TSK"`), 1)
	m["forms.json"] = &fstest.MapFile{Data: src}
	m["categories.json"] = &fstest.MapFile{Data: bytes.Replace(m["categories.json"].Data, []byte(`"fr": "Autre"`), []byte(`"fr": ""`), 1)}
	_, err := Load(m)
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != 3 {
		t.Fatalf("want 3 lines, got:\n%v", err)
	}
	want := []string{
		"categories.json:" + posOf(t, m["categories.json"].Data, `""`, 0) + `: missing translation "fr"`,
		"forms.json:" + posOf(t, src, `"TSK"`, 0) + `: unknown CITES trade-term code "TSK"`,
		"forms.json:" + posOf(t, src, `"HRN"`, 0) + `: unknown CITES trade-term code "HRN"`,
	}
	for i := range want {
		if lines[i] != want[i] {
			t.Errorf("line %d = %q, want %q", i, lines[i], want[i])
		}
	}
}

func TestLineColCountsCharacters(t *testing.T) {
	src := []byte("{\n  \"a\": \"象牙\", \"b\": 1\n}")
	d, err := parseDoc("x.json", src, nil)
	if err != nil {
		t.Fatal(err)
	}
	n := d.paths["b"]
	if n == nil {
		t.Fatal("no path b")
	}
	if l, c := d.lineCol(n.off); l != 2 || c != 19 {
		t.Errorf("b at %d:%d, want 2:19", l, c)
	}
	if l, c := d.lineCol(n.keyOff); l != 2 || c != 14 {
		t.Errorf("key b at %d:%d, want 2:14", l, c)
	}
}

func TestPathIndex(t *testing.T) {
	src := []byte(`{"cards": [{"id": "a"}, {"id": "b", "title": {"fr": "x"}}], "n": null}`)
	d, err := parseDoc("x.json", src, nil)
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{
		"cards[1].title.fr": `"x"`,
		"cards[1].title":    `{"fr"`,
		"cards[0].id":       `"a"`,
		"cards":             `[{`,
		"n":                 `null`,
		"cards[1].title.en": `{"fr"`, // missing: the enclosing object
		"cards[7].id":       `[{`,
	} {
		n := d.at(path)
		if n == nil || !bytes.HasPrefix(src[n.off:], []byte(want)) {
			t.Errorf("at(%q) does not point at %q", path, want)
		}
	}
}

func TestLoadWithOverride(t *testing.T) {
	def := goodFS(t)
	dir := t.TempDir()
	// No manifest: the default pack.
	p, err := LoadWithOverride(def, dir)
	if err != nil || p.Dir != "" {
		t.Fatalf("empty override: p.Dir=%q err=%v", p.Dir, err)
	}
	if err := Export(def, dir); err != nil {
		t.Fatal(err)
	}
	if err := Export(def, dir); !errors.Is(err, ErrOverrideExists) {
		t.Errorf("second Export = %v, want ErrOverrideExists", err)
	}
	path := filepath.Join(dir, "cards", "rhino.json")
	b, _ := os.ReadFile(path)
	b = bytes.Replace(b, []byte(`"Rhino horn"`), []byte(`"Rhino horn (edited)"`), 1)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	p, err = LoadWithOverride(def, dir)
	if err != nil {
		t.Fatal(err)
	}
	if p.Dir != dir || p.CardByID["rhino-horn"].Title["en"] != "Rhino horn (edited)" {
		t.Errorf("override not used: Dir=%q title=%q", p.Dir, p.CardByID["rhino-horn"].Title["en"])
	}
	// Whole-pack override: a file removed from the override is missing,
	// not taken from the default.
	os.Remove(filepath.Join(dir, "rules.json"))
	if _, err := LoadWithOverride(def, dir); err == nil || !strings.Contains(err.Error(), "rules.json:1:1: file is missing") {
		t.Errorf("override without rules.json: err = %v", err)
	}
	// NewLive falls back to the default and keeps the problem.
	l, err := NewLive(def, dir)
	if err != nil {
		t.Fatal(err)
	}
	if l.Current() == nil || l.Current().Dir != "" || l.LastError() == nil {
		t.Errorf("NewLive with a bad override: cur=%v err=%v", l.Current(), l.LastError())
	}
}
