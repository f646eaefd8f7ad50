package sop

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path"
	"sort"
)

// Pack is a loaded, validated content pack with its lookup maps. A Pack is
// never changed after Load returns, so any number of goroutines may read
// it; a reload makes a new Pack.
type Pack struct {
	Manifest   Manifest
	Sources    []Source // the manifest's, then each card file's
	Forms      []Form
	Categories []Category
	Species    []Species
	Cards      []Card // in file-name order, then file order
	CodeWords  []CodeWord
	Wizard     Wizard
	Checklists Checklists
	Rules      Rules
	Routes     Routes
	Countries  []Country

	// Dir is the override folder the pack came from, or "" for the
	// default pack.
	Dir string

	CardByID      map[string]*Card
	SpeciesByID   map[string]*Species
	FormByID      map[string]*Form
	CategoryByID  map[string]*Category
	SourceByID    map[string]*Source
	CodeWordByID  map[string]*CodeWord
	QuestionByID  map[string]*Question
	GroupByID     map[string]*Group
	ItemByID      map[string]*Item
	RuleByID      map[string]*Rule
	CountryByCode map[string]*Country
	ReferralByID  map[string]*Referral

	cardIndex   map[string]int         // card ID to its position in Cards
	wordsByCard map[string][]*CodeWord // card ID to the code words naming it
	idx         *index                 // search index, built at load
}

// maxFileSize bounds one pack file; the largest real one is well under 1 MB.
const maxFileSize = 16 << 20

// Load reads and validates the pack at the root of fsys. On any problem
// it returns a nil pack and a Problems error listing every problem found
// with its file:line:column.
func Load(fsys fs.FS) (*Pack, error) {
	l := &loader{fsys: fsys, docs: map[string]*doc{}}
	var (
		man    Manifest
		forms  FormFile
		cats   CategoryFile
		wiz    Wizard
		checks Checklists
		rules  Rules
		routes Routes
		ctrs   CountryFile
		words  CodeWordFile
	)
	l.read("manifest.json", &man, true)
	l.read("forms.json", &forms, true)
	l.read("categories.json", &cats, true)
	l.read("wizard.json", &wiz, true)
	l.read("checklists.json", &checks, true)
	l.read("rules.json", &rules, true)
	l.read("routes.json", &routes, true)
	l.read("countries.json", &ctrs, true)
	haveWords := l.read("codewords.json", &words, false)

	names, err := fs.Glob(fsys, "cards/*.json")
	if err != nil {
		l.problemFile("cards", "cannot list: "+err.Error())
	}
	sort.Strings(names)
	if len(names) == 0 && err == nil {
		l.problemFile("cards", "no card files (cards/*.json)")
	}
	files := make([]CardFile, len(names))
	readOK := make([]bool, len(names))
	for i, n := range names {
		readOK[i] = l.read(n, &files[i], true)
	}
	// Syntax and shape problems come alone: checking references against
	// a file that did not parse would only bury them in follow-on errors.
	if len(l.probs) > 0 {
		return nil, l.problems()
	}

	p := &Pack{
		Manifest:   man,
		Forms:      forms.Forms,
		Categories: cats.Categories,
		Wizard:     wiz,
		Checklists: checks,
		Rules:      rules,
		Routes:     routes,
		Countries:  ctrs.Countries,
	}
	c := newChecker(l)
	c.addSources("manifest.json", "sources", man.Sources)
	p.Sources = append(p.Sources, man.Sources...)
	for i, f := range files {
		if !readOK[i] {
			continue
		}
		c.addSources(names[i], "sources", f.Sources)
		p.Sources = append(p.Sources, f.Sources...)
		for j := range f.Species {
			c.species = append(c.species, loc(names[i], "species", j))
		}
		for j := range f.Cards {
			c.cards = append(c.cards, loc(names[i], "cards", j))
		}
		if len(f.CodeWords) > 0 {
			c.errf(at{names[i], "codewords"}, "code words live in codewords.json: move them there, each with a strength (\"strong\" or \"weak\")")
		}
		p.Species = append(p.Species, f.Species...)
		p.Cards = append(p.Cards, f.Cards...)
	}
	if haveWords {
		c.addSources("codewords.json", "sources", words.Sources)
		p.Sources = append(p.Sources, words.Sources...)
		for j := range words.CodeWords {
			c.words = append(c.words, loc("codewords.json", "codewords", j))
		}
		p.CodeWords = append(p.CodeWords, words.CodeWords...)
	}
	c.check(p)
	if len(l.probs) > 0 {
		return nil, l.problems()
	}
	p.link()
	p.idx = buildIndex(p)
	return p, nil
}

// LoadWithOverride loads the trainer's pack from overrideDir when that
// folder holds a manifest.json, and the default pack from defaultFS
// otherwise. The override replaces the default whole, not file by file:
// a trainer starts from `tusk pack export` and owns every file after
// that, so a half-merged pack can never mix two versions of the rules.
// An invalid override is an error; it does not fall back silently (see
// NewLive for the app's fallback).
func LoadWithOverride(defaultFS fs.FS, overrideDir string) (*Pack, error) {
	if HasOverride(overrideDir) {
		p, err := Load(os.DirFS(overrideDir))
		if err != nil {
			return nil, err
		}
		p.Dir = overrideDir
		return p, nil
	}
	return Load(defaultFS)
}

// HasOverride reports whether dir holds a pack (a manifest.json).
func HasOverride(dir string) bool {
	if dir == "" {
		return false
	}
	st, err := os.Stat(path.Join(dir, "manifest.json"))
	return err == nil && st.Mode().IsRegular()
}

// link builds the lookup maps. It runs after validation, so IDs are unique.
func (p *Pack) link() {
	p.CardByID = make(map[string]*Card, len(p.Cards))
	p.cardIndex = make(map[string]int, len(p.Cards))
	for i := range p.Cards {
		p.CardByID[p.Cards[i].ID] = &p.Cards[i]
		p.cardIndex[p.Cards[i].ID] = i
	}
	p.SpeciesByID = make(map[string]*Species, len(p.Species))
	for i := range p.Species {
		p.SpeciesByID[p.Species[i].ID] = &p.Species[i]
	}
	p.FormByID = make(map[string]*Form, len(p.Forms))
	for i := range p.Forms {
		p.FormByID[p.Forms[i].ID] = &p.Forms[i]
	}
	p.CategoryByID = make(map[string]*Category, len(p.Categories))
	for i := range p.Categories {
		p.CategoryByID[p.Categories[i].ID] = &p.Categories[i]
	}
	p.SourceByID = make(map[string]*Source, len(p.Sources))
	for i := range p.Sources {
		p.SourceByID[p.Sources[i].ID] = &p.Sources[i]
	}
	p.CodeWordByID = make(map[string]*CodeWord, len(p.CodeWords))
	p.wordsByCard = map[string][]*CodeWord{}
	for i := range p.CodeWords {
		w := &p.CodeWords[i]
		p.CodeWordByID[w.ID] = w
		for _, c := range w.Cards {
			p.wordsByCard[c] = append(p.wordsByCard[c], w)
		}
	}
	p.QuestionByID = make(map[string]*Question, len(p.Wizard.Questions))
	for i := range p.Wizard.Questions {
		p.QuestionByID[p.Wizard.Questions[i].ID] = &p.Wizard.Questions[i]
	}
	p.GroupByID = make(map[string]*Group, len(p.Checklists.Groups))
	for i := range p.Checklists.Groups {
		p.GroupByID[p.Checklists.Groups[i].ID] = &p.Checklists.Groups[i]
	}
	p.ItemByID = make(map[string]*Item, len(p.Checklists.Items))
	for i := range p.Checklists.Items {
		p.ItemByID[p.Checklists.Items[i].ID] = &p.Checklists.Items[i]
	}
	p.RuleByID = make(map[string]*Rule, len(p.Rules.Rules))
	for i := range p.Rules.Rules {
		p.RuleByID[p.Rules.Rules[i].ID] = &p.Rules.Rules[i]
	}
	p.CountryByCode = make(map[string]*Country, len(p.Countries))
	p.ReferralByID = map[string]*Referral{}
	for i := range p.Countries {
		c := &p.Countries[i]
		p.CountryByCode[c.Code] = c
		for j := range c.Referrals {
			p.ReferralByID[c.Referrals[j].ID] = &c.Referrals[j]
		}
	}
}

// loader reads the files of one pack and collects problems.
type loader struct {
	fsys  fs.FS
	docs  map[string]*doc
	probs []Problem
	offs  []int // byte offset of each problem, for stable ordering
}

// read parses one file into v. It reports whether the file was there and
// parsed; problems go to the list.
func (l *loader) read(name string, v any, required bool) bool {
	src, err := readLimited(l.fsys, name)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			if required {
				l.problemFile(name, "file is missing")
			}
			return false
		}
		var uf *unsafeFile
		if errors.As(err, &uf) {
			l.problemFile(name, uf.msg)
		} else {
			l.problemFile(name, "cannot read: "+err.Error())
		}
		return false
	}
	before := len(l.probs)
	var dups []int
	var dupKeys []string
	d, err := parseDoc(name, src, func(off int, key string) {
		dups, dupKeys = append(dups, off), append(dupKeys, key)
	})
	l.docs[name] = d
	for i, off := range dups {
		l.problemOff(d, off, "duplicate key "+quote(dupKeys[i]))
	}
	if err != nil {
		var pe *posError
		if errors.As(err, &pe) {
			l.problemOff(d, pe.off, pe.msg)
		} else {
			l.problemFile(name, err.Error())
		}
		return false
	}
	checkShape(l, d, d.root, typeOf(v), "")
	if len(l.probs) > before {
		return false
	}
	if err := decodeInto(d.src, v); err != nil { // d.src has any BOM blanked
		l.problemOff(d, errOffset(err), "cannot decode: "+err.Error())
		return false
	}
	return true
}

func readLimited(fsys fs.FS, name string) ([]byte, error) {
	if err := plainFile(fsys, name); err != nil {
		return nil, err
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return nil, errors.New("is a folder")
	}
	b, err := io.ReadAll(io.LimitReader(f, maxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxFileSize {
		return nil, errors.New("file is larger than 16 MB")
	}
	return b, nil
}
