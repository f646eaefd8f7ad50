package sop

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/language"
)

// Closed vocabularies the pack is checked against.
var (
	// SpeciesGroups are the values of Species.Group.
	SpeciesGroups = []string{"mammal", "bird", "reptile", "amphibian", "fish", "invertebrate", "plant"}
	// Units are the quantity units a form may be counted in.
	Units = []string{"kg", "items"}
	// ReferralKinds are the kinds of referral addressees.
	ReferralKinds = []string{"police", "forestry", "wildlife", "customs", "postal", "hotline"}
	// RouteRoles are a country's roles on the trafficking routes.
	RouteRoles = []string{"origin", "transit", "destination"}
	// Actions are the least actions a rule may force.
	Actions = []string{"hold", "refuse"}
	// Appendices are the accepted values of CITES.Appendix; a split
	// listing names each appendix its populations are in, and "none" says
	// the species is traded and protected nationally but not CITES-listed
	// (the red junglefowl), so no card claims a listing that does not exist.
	Appendices = []string{"I", "II", "III", "I/II", "I/III", "II/III", "I/II/III", "none"}
)

// tradeTerms are the term codes of the CITES "Guidelines for the
// preparation and submission of CITES annual reports" (trade-term table).
// A form's trade_term must be one of them, which catches typos such as
// "IVR"; a code added to the guidelines later belongs here too.
var tradeTerms = setOf(strings.Fields(`
	BAL BAR BEL BOC BOD BON BOP BOT BUL CAP CAR CAV CHP CLA CLO COR CUL CUT
	DER DPL EAR EGG EGL EXT FEA FIB FIG FIN FLO FOO FPT FRN FRU GAL GEN GRS
	HAI HAN HOC HOP HOR IJW IVC IVP IVS KEY LEA LEG LIV LOG LPL LPS LVS MEA
	MED MUS OIL PIE PKY PLA PLY POW QUI ROO SAW SCA SCR SEE SHE SHO SID SKE
	SKI SKO SKP SKS SKU SOU SPE SQU STE SWI TAI TEE TIM TRO TUS UNS VEN WAX WPR`)...)

func setOf(xs ...string) map[string]bool {
	m := make(map[string]bool, len(xs))
	for _, x := range xs {
		m[x] = true
	}
	return m
}

// at is a place in a pack file: the file and a JSON path in it.
type at struct{ file, path string }

func loc(file, list string, i int) at { return at{file, list + "[" + strconv.Itoa(i) + "]"} }

func (a at) f(field string) at { return at{a.file, joinKey(a.path, field)} }
func (a at) i(i int) at        { return at{a.file, a.path + "[" + strconv.Itoa(i) + "]"} }

// checker runs the semantic checks: required fields, translations,
// references, duplicates, dates. Every problem points at the value.
type checker struct {
	l                     *loader
	species, cards, words []at
	ids                   map[string]map[string]at // kind -> id -> first definition
}

func newChecker(l *loader) *checker {
	return &checker{l: l, ids: map[string]map[string]at{}}
}

func (c *checker) errf(a at, format string, args ...any) {
	c.l.problemAt(a.file, a.path, fmt.Sprintf(format, args...))
}

func (c *checker) where(a at) string {
	d := c.l.docs[a.file]
	if d == nil {
		return a.file
	}
	n := d.at(a.path)
	if n == nil {
		return a.file
	}
	line, col := d.lineCol(n.off)
	return fmt.Sprintf("%s:%d:%d", a.file, line, col)
}

var idRe = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]*$`)

// define registers the ID of an object of a kind. obj is the object's place.
func (c *checker) define(kind string, obj at, id string) {
	a := obj.f("id")
	if strings.TrimSpace(id) == "" {
		c.errf(a, "missing %s id", kind)
		return
	}
	if !idRe.MatchString(id) {
		c.errf(a, "%s id %s: use letters, digits, '-', '_' and '.' only", kind, quote(id))
	}
	m := c.ids[kind]
	if m == nil {
		m = map[string]at{}
		c.ids[kind] = m
	}
	if first, dup := m[id]; dup {
		c.errf(a, "duplicate %s id %s (first at %s)", kind, quote(id), c.where(first.f("id")))
		return
	}
	m[id] = obj
}

func (c *checker) known(kind, id string) bool {
	_, ok := c.ids[kind][id]
	return ok
}

// ref checks that id names a defined object of kind.
func (c *checker) ref(a at, kind, id string) {
	if strings.TrimSpace(id) == "" {
		c.errf(a, "missing %s", kind)
		return
	}
	if c.known(kind, id) {
		return
	}
	msg := fmt.Sprintf("unknown %s %s", kind, quote(id))
	if s := c.suggest(kind, id); s != "" {
		msg += " (did you mean " + quote(s) + "?)"
	}
	c.errf(a, "%s", msg)
}

func (c *checker) suggest(kind, id string) string {
	best, bestD := "", 3
	for k := range c.ids[kind] {
		if d := editDistance(id, k, 3); d < bestD || (d == bestD && d < 3 && k < best) {
			best, bestD = k, d
		}
	}
	if bestD > 2 {
		return ""
	}
	return best
}

// refs checks a list of references; need says the list may not be empty.
func (c *checker) refs(a at, kind string, ids []string, need bool) {
	if need && len(ids) == 0 {
		c.errf(a, "needs at least one %s", kind)
	}
	seen := map[string]bool{}
	for i, id := range ids {
		if seen[id] {
			c.errf(a.i(i), "%s %s listed twice", kind, quote(id))
			continue
		}
		seen[id] = true
		c.ref(a.i(i), kind, id)
	}
}

// oneOf checks a value against a closed list.
func (c *checker) oneOf(a at, what, v string, allowed []string) {
	if strings.TrimSpace(v) == "" {
		c.errf(a, "missing %s", what)
		return
	}
	for _, x := range allowed {
		if v == x {
			return
		}
	}
	c.errf(a, "unknown %s %s (one of: %s)", what, quote(v), strings.Join(allowed, ", "))
}

func (c *checker) listOf(a at, what string, vs []string, allowed []string, need bool) {
	if need && len(vs) == 0 {
		c.errf(a, "needs at least one %s", what)
	}
	seen := map[string]bool{}
	for i, v := range vs {
		if seen[v] {
			c.errf(a.i(i), "%s %s listed twice", what, quote(v))
			continue
		}
		seen[v] = true
		c.oneOf(a.i(i), what, v, allowed)
	}
}

func (c *checker) required(a at, what, v string) bool {
	if strings.TrimSpace(v) == "" {
		c.errf(a, "missing %s", what)
		return false
	}
	return true
}

// text checks a translated string: all five languages, nothing else.
func (c *checker) text(a at, what string, t Text, need bool) {
	if len(t) == 0 {
		if need {
			c.errf(a, "missing %s", what)
		}
		return
	}
	for _, lang := range Languages {
		if strings.TrimSpace(t[lang]) == "" {
			c.errf(a.f(lang), "missing translation %s", quote(lang))
		}
	}
	var extra []string
	for k := range t {
		if !isLanguage(k) {
			extra = append(extra, k)
		}
	}
	sort.Strings(extra)
	for _, k := range extra {
		c.l.problemKey(a.file, joinKey(a.path, k), fmt.Sprintf("unknown language %s (one of: %s)", quote(k), strings.Join(Languages, ", ")))
	}
}

func isLanguage(s string) bool {
	for _, l := range Languages {
		if l == s {
			return true
		}
	}
	return false
}

func (c *checker) date(a at, what, v string, need bool) {
	if v == "" {
		if need {
			c.errf(a, "missing %s", what)
		}
		return
	}
	if _, err := time.Parse("2006-01-02", v); err != nil {
		c.errf(a, "bad %s %s: want YYYY-MM-DD", what, quote(v))
	}
}

// looseDate accepts YYYY, YYYY-MM or YYYY-MM-DD, as publications are dated.
func (c *checker) looseDate(a at, what, v string) {
	if v == "" {
		return
	}
	for _, layout := range []string{"2006", "2006-01", "2006-01-02"} {
		if len(v) == len(layout) {
			if _, err := time.Parse(layout, v); err == nil {
				return
			}
		}
	}
	c.errf(a, "bad %s %s: want YYYY, YYYY-MM or YYYY-MM-DD", what, quote(v))
}

func (c *checker) country(a at, code string) {
	if !c.required(a, "country code", code) {
		return
	}
	if len(code) != 2 || strings.ToUpper(code) != code {
		c.errf(a, "bad country code %s: want ISO 3166-1 alpha-2 in capitals, e.g. \"CN\"", quote(code))
		return
	}
	if r, err := language.ParseRegion(code); err != nil || !r.IsCountry() {
		c.errf(a, "unknown country code %s", quote(code))
	}
}

func (c *checker) langTag(a at, v string) {
	if !c.required(a, "language", v) {
		return
	}
	if _, err := language.Parse(v); err != nil {
		c.errf(a, "bad language tag %s: want BCP 47, e.g. \"zh\" or \"vi\"", quote(v))
	}
}

// addSources registers the sources of one file.
func (c *checker) addSources(file, list string, ss []Source) {
	for i, s := range ss {
		a := loc(file, list, i)
		c.define("source", a, s.ID)
		c.required(a.f("title"), "title", s.Title)
		c.looseDate(a.f("date"), "date", s.Date)
	}
}

// check runs every semantic check on the assembled pack.
func (c *checker) check(p *Pack) {
	// Pass 1: define every ID, so references may point forward.
	for i, f := range p.Forms {
		c.define("form", loc("forms.json", "forms", i), f.ID)
	}
	for i, k := range p.Categories {
		c.define("category", loc("categories.json", "categories", i), k.ID)
	}
	for i, s := range p.Species {
		c.define("species", c.species[i], s.ID)
	}
	for i, k := range p.Cards {
		c.define("card", c.cards[i], k.ID)
	}
	for i, w := range p.CodeWords {
		c.define("code word", c.words[i], w.ID)
	}
	for i, q := range p.Wizard.Questions {
		c.define("question", loc("wizard.json", "questions", i), q.ID)
	}
	for i, g := range p.Checklists.Groups {
		c.define("group", loc("checklists.json", "groups", i), g.ID)
	}
	for i, it := range p.Checklists.Items {
		c.define("item", loc("checklists.json", "items", i), it.ID)
	}
	for i, r := range p.Rules.Rules {
		c.define("rule", loc("rules.json", "rules", i), r.ID)
	}
	for i, k := range p.Countries {
		for j, r := range k.Referrals {
			c.define("referral", loc("countries.json", "countries", i).f("referrals").i(j), r.ID)
		}
	}

	// Pass 2: the fields of each object.
	c.checkManifest(p)
	for i, f := range p.Forms {
		a := loc("forms.json", "forms", i)
		if c.required(a.f("trade_term"), "trade_term", f.TradeTerm) && !tradeTerms[f.TradeTerm] {
			c.errf(a.f("trade_term"), "unknown CITES trade-term code %s", quote(f.TradeTerm))
		}
		c.text(a.f("names"), "names", f.Names, true)
		c.listOf(a.f("units"), "unit", f.Units, Units, true)
	}
	for i, k := range p.Categories {
		c.text(loc("categories.json", "categories", i).f("names"), "names", k.Names, true)
	}
	for i, s := range p.Species {
		c.checkSpecies(c.species[i], s)
	}
	for i, k := range p.Cards {
		c.checkCard(c.cards[i], k, p)
	}
	for i, w := range p.CodeWords {
		c.checkCodeWord(c.words[i], w)
	}
	c.checkWizard(p)
	c.checkChecklists(p)
	c.checkRules(p)
	c.checkRoutes(p)
	c.checkCountries(p)
}

func (c *checker) checkManifest(p *Pack) {
	a := at{"manifest.json", ""}
	m := p.Manifest
	c.required(a.f("version"), "version", m.Version)
	c.date(a.f("as_of"), "as_of date", m.AsOf, true)
	for _, l := range Languages {
		found := false
		for _, x := range m.Languages {
			found = found || x == l
		}
		if !found {
			c.errf(a.f("languages"), "languages must include %s", quote(l))
		}
	}
	for i, x := range m.Languages {
		if !isLanguage(x) {
			c.errf(a.f("languages").i(i), "unknown language %s (one of: %s)", quote(x), strings.Join(Languages, ", "))
		}
	}
}

func (c *checker) checkSpecies(a at, s Species) {
	c.oneOf(a.f("group"), "species group", s.Group, SpeciesGroups)
	c.text(a.f("names"), "names", s.Names, true)
	c.required(a.f("scientific"), "scientific name", s.Scientific)
	ca := a.f("cites")
	c.oneOf(ca.f("appendix"), "CITES appendix", s.CITES.Appendix, Appendices)
	c.date(ca.f("as_of"), "CITES as_of date", s.CITES.AsOf, true)
	c.text(ca.f("note"), "note", s.CITES.Note, false)
	c.ref(ca.f("source"), "source", s.CITES.Source)
	c.refs(a.f("sources"), "source", s.Sources, true)
}

var illustrationRe = regexp.MustCompile(`^[A-Za-z0-9_.-]+\.(svg|png)$`)

func (c *checker) checkCard(a at, k Card, p *Pack) {
	c.ref(a.f("species"), "species", k.Species)
	c.ref(a.f("form"), "form", k.Form)
	c.text(a.f("title"), "title", k.Title, true)
	c.text(a.f("summary"), "summary", k.Summary, true)
	if len(k.Features) == 0 {
		c.errf(a.f("features"), "needs at least one feature")
	}
	for i, t := range k.Features {
		c.text(a.f("features").i(i), "feature", t, true)
	}
	for i, lk := range k.Lookalikes {
		la := a.f("lookalikes").i(i)
		c.text(la.f("name"), "name", lk.Name, true)
		c.text(la.f("tell"), "tell", lk.Tell, true)
		if lk.Card != "" {
			c.ref(la.f("card"), "card", lk.Card)
			if lk.Card == k.ID {
				c.errf(la.f("card"), "a card cannot be its own look-alike")
			}
		}
	}
	c.refs(a.f("declared_as").f("categories"), "category", k.DeclaredAs.Categories, false)
	for i, ph := range k.DeclaredAs.Phrases {
		pa := a.f("declared_as").f("phrases").i(i)
		c.required(pa.f("text"), "phrase text", ph.Text)
		c.langTag(pa.f("lang"), ph.Lang)
	}
	for i, t := range k.Concealment {
		c.text(a.f("concealment").i(i), "concealment note", t, true)
	}
	c.text(a.f("safety"), "safety", k.Safety, false)
	c.text(a.f("legal"), "legal", k.Legal, true)
	c.checkTraits(a.f("traits"), k.Traits, p)
	if c.required(a.f("illustration"), "illustration", k.Illustration) && !illustrationRe.MatchString(k.Illustration) {
		c.errf(a.f("illustration"), "illustration %s: want a file name ending in .svg or .png", quote(k.Illustration))
	}
	c.refs(a.f("sources"), "source", k.Sources, true)
}

func (c *checker) checkTraits(a at, t Traits, p *Pack) {
	qs := make([]string, 0, len(t))
	for q := range t {
		qs = append(qs, q)
	}
	sort.Strings(qs)
	for _, qid := range qs {
		qa := a.f(qid)
		var q *Question
		for i := range p.Wizard.Questions {
			if p.Wizard.Questions[i].ID == qid {
				q = &p.Wizard.Questions[i]
			}
		}
		if q == nil {
			c.l.problemKey(qa.file, qa.path, "unknown wizard question "+quote(qid))
			continue
		}
		opts := t[qid]
		if len(opts) == 0 {
			c.errf(qa, "traits.%s lists no option: leave the question out instead", qid)
		}
		seen := map[string]bool{}
		for i, o := range opts {
			if seen[o] {
				c.errf(qa.i(i), "option %s listed twice", quote(o))
				continue
			}
			seen[o] = true
			found := false
			for _, op := range q.Options {
				found = found || op.ID == o
			}
			if !found {
				ids := make([]string, len(q.Options))
				for j, op := range q.Options {
					ids[j] = op.ID
				}
				c.errf(qa.i(i), "unknown option %s of question %s (one of: %s)", quote(o), quote(qid), strings.Join(ids, ", "))
			}
		}
	}
}

func (c *checker) checkCodeWord(a at, w CodeWord) {
	c.required(a.f("text"), "text", w.Text)
	if c.required(a.f("script"), "script", w.Script) {
		if _, err := language.ParseScript(w.Script); err != nil || len(w.Script) != 4 {
			c.errf(a.f("script"), "bad script %s: want an ISO 15924 code such as \"Latn\" or \"Hans\"", quote(w.Script))
		}
	}
	c.langTag(a.f("lang"), w.Lang)
	if c.required(a.f("strength"), "strength", w.Strength) && !slices.Contains(Strengths, w.Strength) {
		c.errf(a.f("strength"), "strength %s: want \"strong\" or \"weak\"", quote(w.Strength))
	}
	c.text(a.f("meaning"), "meaning", w.Meaning, true)
	c.refs(a.f("cards"), "card", w.Cards, true)
	// A trainer's own word may have no published source; then added_by
	// says who vouches for it.
	c.refs(a.f("sources"), "source", w.Sources, w.AddedBy == "")
}

func (c *checker) checkWizard(p *Pack) {
	if len(p.Wizard.Questions) == 0 {
		c.errf(at{"wizard.json", "questions"}, "needs at least one question")
	}
	for i, q := range p.Wizard.Questions {
		a := loc("wizard.json", "questions", i)
		c.text(a.f("text"), "text", q.Text, true)
		if len(q.Options) < 2 {
			c.errf(a.f("options"), "question %s needs at least two options", quote(q.ID))
		}
		seen := map[string]int{}
		for j, o := range q.Options {
			oa := a.f("options").i(j)
			if c.required(oa.f("id"), "option id", o.ID) {
				if first, dup := seen[o.ID]; dup {
					c.errf(oa.f("id"), "duplicate option id %s (first at %s)", quote(o.ID), c.where(a.f("options").i(first).f("id")))
				} else if !idRe.MatchString(o.ID) {
					c.errf(oa.f("id"), "option id %s: use letters, digits, '-', '_' and '.' only", quote(o.ID))
				}
				seen[o.ID] = j
			}
			c.text(oa.f("text"), "text", o.Text, true)
			c.text(oa.f("hint"), "hint", o.Hint, false)
		}
	}
}

func (c *checker) checkChecklists(p *Pack) {
	for i, g := range p.Checklists.Groups {
		c.text(loc("checklists.json", "groups", i).f("names"), "names", g.Names, true)
	}
	if len(p.Checklists.Items) == 0 {
		c.errf(at{"checklists.json", "items"}, "needs at least one item")
	}
	for i, it := range p.Checklists.Items {
		a := loc("checklists.json", "items", i)
		c.ref(a.f("group"), "group", it.Group)
		c.text(a.f("question"), "question", it.Question, true)
		c.text(a.f("hint"), "hint", it.Hint, false)
		c.listOf(a.f("stages"), "stage", it.Stages, Stages, true)
		if len(it.Categories) == 0 {
			c.errf(a.f("categories"), "needs at least one category (or \"*\" for all)")
		}
		for j, k := range it.Categories {
			if k == "*" {
				if len(it.Categories) > 1 {
					c.errf(a.f("categories").i(j), "\"*\" already means every category: list nothing else")
				}
				continue
			}
			c.ref(a.f("categories").i(j), "category", k)
		}
		c.ref(a.f("rule"), "rule", it.Rule)
		if r := findRule(p, it.Rule); r != nil && r.Signal != "checklist" {
			c.errf(a.f("rule"), "rule %s is raised by %s, not by checklist answers: give the item a rule with signal \"checklist\"", quote(it.Rule), quote(r.Signal))
		}
	}
}

func findRule(p *Pack, id string) *Rule {
	for i := range p.Rules.Rules {
		if p.Rules.Rules[i].ID == id {
			return &p.Rules.Rules[i]
		}
	}
	return nil
}

func (c *checker) checkRules(p *Pack) {
	t := p.Rules.Thresholds
	ta := at{"rules.json", "thresholds"}
	if t.Hold <= 0 {
		c.errf(ta.f("hold"), "hold threshold must be above 0")
	}
	if t.Refuse <= t.Hold {
		c.errf(ta.f("refuse"), "refuse threshold (%d) must be above the hold threshold (%d)", t.Refuse, t.Hold)
	}
	fed := map[string]bool{}
	for _, it := range p.Checklists.Items {
		fed[it.Rule] = true
	}
	if len(p.Rules.Rules) == 0 {
		c.errf(at{"rules.json", "rules"}, "needs at least one rule")
	}
	for i, r := range p.Rules.Rules {
		a := loc("rules.json", "rules", i)
		c.text(a.f("name"), "name", r.Name, true)
		c.text(a.f("explain"), "explain", r.Explain, true)
		if r.Weight < 0 {
			c.errf(a.f("weight"), "weight must not be negative")
		}
		if r.Weight == 0 && r.Action == "" {
			c.errf(a.f("weight"), "rule %s has weight 0 and no action: it can never change a suggestion", quote(r.ID))
		}
		c.oneOf(a.f("signal"), "signal", r.Signal, Signals)
		if r.Action != "" {
			c.oneOf(a.f("action"), "action", r.Action, Actions)
		}
		c.checkRuleFacts(a, r, t)
		c.refs(a.f("sources"), "source", r.Sources, true)
		// A checklist rule no item feeds can never fire: almost always a
		// renamed rule or item, so it is an error rather than dead weight.
		if r.Signal == "checklist" && r.ID != "" && !fed[r.ID] {
			c.errf(a.f("id"), "checklist rule %s is fed by no checklist item", quote(r.ID))
		}
	}
	c.checkOneFactOneCount(p)
	c.checkItemSignals(p)
}

// checkItemSignals checks that each item a checklist rule maps to a signal
// feeds that rule, and that some rule reads the signal.
func (c *checker) checkItemSignals(p *Pack) {
	read := map[string]bool{}
	for _, r := range p.Rules.Rules {
		read[r.Signal] = true
	}
	feeds := map[string]string{}
	for _, it := range p.Checklists.Items {
		feeds[it.ID] = it.Rule
	}
	for i, r := range p.Rules.Rules {
		if len(r.ItemSignals) == 0 {
			continue
		}
		a := loc("rules.json", "rules", i).f("item_signals")
		if r.Signal != "checklist" {
			c.errf(a, "only a checklist rule maps items to signals")
			continue
		}
		items := make([]string, 0, len(r.ItemSignals))
		for it := range r.ItemSignals {
			items = append(items, it)
		}
		sort.Strings(items)
		for _, it := range items {
			sig := r.ItemSignals[it]
			switch rule, ok := feeds[it]; {
			case !ok:
				c.errf(a.f(it), "unknown item %s", quote(it))
			case rule != r.ID:
				c.errf(a.f(it), "item %s feeds rule %s, not %s", quote(it), quote(rule), quote(r.ID))
			case sig == "checklist" || !slices.Contains(Signals, sig):
				c.errf(a.f(it), "unknown signal %s", quote(sig))
			case !read[sig]:
				c.errf(a.f(it), "no rule reads %s, so this answer could never count", quote(sig))
			}
		}
	}
}

// checkRuleFacts checks a rule's kind, group and what it reads, and that
// a route rule can never hold a parcel on geography alone.
func (c *checker) checkRuleFacts(a at, r Rule, t Thresholds) {
	if r.Kind != "" {
		c.oneOf(a.f("kind"), "kind", r.Kind, RuleKinds)
	}
	if r.Kind == KindPostal {
		if r.Weight != 0 {
			c.errf(a.f("weight"), "postal rule %s must have weight 0: a prohibited article that is not wildlife adds nothing to the wildlife score", quote(r.ID))
		}
		if r.Action != "refuse" {
			c.errf(a.f("kind"), "postal rule %s needs the action \"refuse\" (refused at the counter under the postal rules)", quote(r.ID))
		}
		if r.Group != "" {
			c.errf(a.f("group"), "postal rule %s cannot share a group with wildlife rules", quote(r.ID))
		}
	}
	if r.Group != "" && !idRe.MatchString(r.Group) {
		c.errf(a.f("group"), "group %s: use letters, digits, '-', '_' and '.' only", quote(r.Group))
	}
	if r.Reads != "" {
		if r.Signal != "checklist" {
			c.errf(a.f("reads"), "only a checklist rule says which signal it reads; rule %s reads %s already", quote(r.ID), quote(r.Signal))
		} else if r.Reads == "checklist" || !slices.Contains(Signals, r.Reads) {
			c.errf(a.f("reads"), "unknown signal %s", quote(r.Reads))
		}
	}
	if strings.HasPrefix(r.Signal, "route.") {
		if r.Action != "" {
			c.errf(a.f("action"), "route rule %s cannot have an action: geography alone never holds a parcel", quote(r.ID))
		}
		if t.Hold > 0 && r.Weight >= t.Hold {
			c.errf(a.f("weight"), "route rule %s weighs %d, at or above the hold threshold (%d): geography alone never holds a parcel", quote(r.ID), r.Weight, t.Hold)
		}
	}
}

// checkOneFactOneCount refuses two rules that read the same signal (their
// signal, or what a checklist rule reads) without one group between them:
// the same fact would count twice.
func (c *checker) checkOneFactOneCount(p *Pack) {
	first := map[string]int{} // signal → first rule reading it
	for i, r := range p.Rules.Rules {
		sig := r.Signal
		if sig == "checklist" {
			sig = r.Reads
		}
		if sig == "" {
			continue
		}
		j, ok := first[sig]
		if !ok {
			first[sig] = i
			continue
		}
		o := p.Rules.Rules[j]
		if r.Group == "" || r.Group != o.Group {
			c.errf(loc("rules.json", "rules", i).f("id"), "rules %s and %s both read %s: give them the same \"group\" so the fact counts once (first at %s)",
				quote(o.ID), quote(r.ID), quote(sig), c.where(loc("rules.json", "rules", j).f("id")))
		}
	}
}

func (c *checker) checkRoutes(p *Pack) {
	seen := map[string]int{}
	for i, rc := range p.Routes.Countries {
		a := loc("routes.json", "countries", i)
		c.country(a.f("country"), rc.Country)
		if first, dup := seen[rc.Country]; dup && rc.Country != "" {
			c.errf(a.f("country"), "country %s listed twice (first at %s)", quote(rc.Country), c.where(loc("routes.json", "countries", first).f("country")))
		}
		seen[rc.Country] = i
		c.listOf(a.f("roles"), "role", rc.Roles, RouteRoles, true)
		c.refs(a.f("species"), "species", rc.Species, false)
		c.text(a.f("note"), "note", rc.Note, false)
		c.refs(a.f("sources"), "source", rc.Sources, true)
	}
}

func (c *checker) checkCountries(p *Pack) {
	seen := map[string]int{}
	for i, k := range p.Countries {
		a := loc("countries.json", "countries", i)
		c.country(a.f("code"), k.Code)
		if first, dup := seen[k.Code]; dup && k.Code != "" {
			c.errf(a.f("code"), "country %s listed twice (first at %s)", quote(k.Code), c.where(loc("countries.json", "countries", first).f("code")))
		}
		seen[k.Code] = i
		c.text(a.f("names"), "names", k.Names, true)
		c.listOf(a.f("id_documents"), "ID document", k.IDDocuments, IDDocuments, false)
		for j, lg := range k.Legal {
			la := a.f("legal").i(j)
			if len(lg.Species) == 0 {
				c.errf(la.f("species"), "needs at least one species (or \"*\" for all)")
			}
			for n, s := range lg.Species {
				if s != "*" {
					c.ref(la.f("species").i(n), "species", s)
				}
			}
			c.text(la.f("text"), "text", lg.Text, true)
			c.refs(la.f("sources"), "source", lg.Sources, true)
		}
		for j, r := range k.Referrals {
			ra := a.f("referrals").i(j)
			c.oneOf(ra.f("kind"), "referral kind", r.Kind, ReferralKinds)
			c.text(ra.f("names"), "names", r.Names, true)
			c.text(ra.f("note"), "note", r.Note, false)
			c.refs(ra.f("sources"), "source", r.Sources, false)
		}
	}
}
