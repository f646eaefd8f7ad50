package inspect

import (
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Signal names: exactly sop.Signals (inspect does not import sop).
const (
	SignalChecklist        = "checklist"
	SignalIDMissing        = "id.missing"
	SignalIDRefused        = "id.refused"
	SignalIDFormatInvalid  = "id.format_invalid"
	SignalIDPhoneOnly      = "id.phone_only"
	SignalIDExpired        = "id.expired"
	SignalNameFictitious   = "name.fictitious"
	SignalNameMismatch     = "name.mismatch"
	SignalThirdParty       = "party.third_party"
	SignalAddressVague     = "address.vague"
	SignalRouteOrigin      = "route.origin"
	SignalRouteTransit     = "route.transit"
	SignalRouteDestination = "route.destination"
	SignalDeclaredMismatch = "declared.mismatch"
	SignalDeclaredWeight   = "declared.weight"
	SignalDeclaredVague    = "declared.vague"
	SignalDeclaredCodeword = "declared.codeword"
	// SignalDeclaredWeakWord is a weak code word in the declaration that
	// another sign backs: a matching category, a route of concern, a
	// product picked, or another sign about the goods.
	SignalDeclaredWeakWord = "declared.codeword_weak"
	SignalProductSuspected = "product.suspected"
	SignalProductLikely    = "product.likely"
	SignalRepeatSender     = "repeat.sender"
	SignalLiveSigns        = "live.signs"
)

// SignalNames lists every signal name, "checklist" first, in the order of
// sop.Signals.
var SignalNames = []string{
	SignalChecklist, SignalIDMissing, SignalIDRefused, SignalIDFormatInvalid, SignalIDPhoneOnly, SignalIDExpired,
	SignalNameFictitious, SignalNameMismatch, SignalThirdParty, SignalAddressVague,
	SignalRouteOrigin, SignalRouteTransit, SignalRouteDestination,
	SignalDeclaredMismatch, SignalDeclaredWeight, SignalDeclaredVague, SignalDeclaredCodeword, SignalDeclaredWeakWord,
	SignalProductSuspected, SignalProductLikely, SignalRepeatSender, SignalLiveSigns,
}

// signalWeakAlone is raised by DeriveSignals for a weak code word that no
// other sign backs. No rule reads it: Assess turns it into a Note, so the
// inspector sees the word was found and why it did not count.
const signalWeakAlone = "note.codeword_weak_alone"

// Rule kinds.
const (
	// KindWildlife (or empty) is a rule about wildlife: its points count
	// and its action may open a case.
	KindWildlife = "wildlife"
	// KindPostal is a rule about a prohibited article that is not
	// wildlife (a power bank, a lighter): its points never count towards
	// the wildlife score, and when it fires the parcel is refused at the
	// counter under the postal rules (ActionRefusePostal), not referred.
	KindPostal = "postal"
)

// Notes of an assessment: something found that did not count, and why.
const (
	NoteWeakWordAlone = "weak_codeword_alone" // a weak code word with nothing to back it
	NoteRouteCapped   = "route_capped"        // route points cut so geography alone never holds
)

// Route roles of a country of concern.
const (
	RouteOrigin      = "origin"
	RouteTransit     = "transit"
	RouteDestination = "destination"
)

// Rule is a weighted risk rule, converted by the UI from the pack's rule.
type Rule struct {
	ID     string `json:"id"`
	Weight int    `json:"weight"`
	// Signal is the signal name that fires the rule, or "checklist" for a
	// rule fed by checklist items.
	Signal string `json:"signal"`
	// Action, when set ("hold" or "refuse"), is the least action suggested
	// once the rule fires, whatever the score: the rule's floor.
	Action string `json:"action,omitempty"`
	// Group names the fact the rule reads. Rules of one group that fire
	// together count once, at the highest weight among them.
	Group string `json:"group,omitempty"`
	// Kind is KindWildlife (empty) or KindPostal.
	Kind string `json:"kind,omitempty"`
}

// Thresholds turn a score into a suggested action. A threshold of 0 or
// less is off.
type Thresholds struct {
	Hold   int `json:"hold"`
	Refuse int `json:"refuse"`
}

// Signal is one fact an inspection raises.
type Signal struct {
	Name string `json:"name"`
	// Rule is set for checklist signals: the rule the answered item feeds.
	Rule string `json:"rule,omitempty"`
	// Detail says where it came from: a role, an item ID, a card ID, a code
	// word, a country, or measured against declared weight.
	Detail string `json:"detail,omitempty"`
}

// WeightTolerance is how much heavier than declared a parcel may weigh
// before declared.weight fires: both the ratio and the absolute excess must
// be exceeded.
type WeightTolerance struct {
	Ratio float64 `json:"ratio"`  // e.g. 0.2 for 20 %
	MinKg float64 `json:"min_kg"` // e.g. 0.3
}

// DefaultWeightTolerance is used when SignalContext.Weight is zero.
var DefaultWeightTolerance = WeightTolerance{Ratio: 0.2, MinKg: 0.3}

// SignalContext is what DeriveSignals needs besides the inspection.
type SignalContext struct {
	// Now bounds birth dates in ID checks. Zero: the inspection's UpdatedAt,
	// then the wall clock.
	Now time.Time
	// ItemRules maps checklist item IDs to the rule a "yes" feeds.
	ItemRules map[string]string
	// ItemSignals maps checklist item IDs whose "yes" is a signal (the
	// sender refuses to show an ID: id.refused) to that signal; it wins
	// over ItemRules, so the fact fires its own rule and counts once.
	ItemSignals map[string]string
	// Concern lists countries of concern (ISO alpha-2) by route role:
	// "origin", "transit", "destination".
	Concern map[string][]string
	// CodeWords are strong code words folded with FoldWords
	// (NormalizeName): enough on their own.
	CodeWords []string
	// Words are code words with their strength and what backs a weak
	// one. A strong word here is the same as one in CodeWords.
	Words []CodeWord
	// VagueWords are declarations too vague to say what is inside, folded
	// with FoldWords. Nil: DefaultVagueWords.
	VagueWords []string
	// Repeat counts, per party role, earlier flagged parcels whose match
	// keys (ID number or phone) equal this party's, from the store.
	Repeat map[string]int
	// RepeatMin is the count at which repeat.sender fires. 0 means 1.
	RepeatMin int
	// Weight is the tolerance for declared.weight. Zero: DefaultWeightTolerance.
	Weight WeightTolerance
	// IDRoles are the roles whose ID must be recorded. Nil: sender and agent.
	IDRoles []string
	// PostalRules are the checklist rules about prohibited articles that
	// are not wildlife: their answers say nothing about wildlife, so they
	// never back a weak code word.
	PostalRules []string
}

// CodeWord is a code word as the assessment reads it.
type CodeWord struct {
	// Text is folded with NormalizeName.
	Text string `json:"text"`
	// Weak words count only beside a backing sign: a declared line in one
	// of Categories, a finding on one of Cards, a route of concern, or
	// another sign about the goods.
	Weak       bool     `json:"weak,omitempty"`
	Categories []string `json:"categories,omitempty"`
	Cards      []string `json:"cards,omitempty"`
}

// FoldWords folds words with NormalizeName, drops empty ones and
// duplicates, for SignalContext. Do it once when the pack loads.
func FoldWords(words []string) []string {
	seen := make(map[string]bool, len(words))
	out := make([]string, 0, len(words))
	for _, w := range words {
		f := NormalizeName(w)
		if f != "" && !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	}
	return out
}

// defaultVagueWords are generic descriptions that customs-declaration
// guidance (UPU CN 22 / CN 23 instructions) says do not describe contents:
// "gift", "sample", "goods" and the like, in the app's languages.
var defaultVagueWords = FoldWords([]string{
	// en
	"gift", "gifts", "present", "sample", "samples", "goods", "item", "items", "things", "stuff",
	"parts", "accessories", "merchandise", "general merchandise", "personal effects",
	"personal items", "misc", "miscellaneous", "other", "others", "parcel", "package", "various",
	// zh
	"礼品", "礼物", "样品", "物品", "货物", "东西", "杂物", "配件", "日用品", "其他", "其它", "包裹", "工艺品",
	// vi
	"quà", "quà tặng", "hàng", "hàng hóa", "đồ", "đồ dùng", "hàng mẫu", "khác",
	// sw
	"zawadi", "bidhaa", "vitu", "sampuli", "mzigo", "nyingine",
	// fr
	"cadeau", "cadeaux", "échantillon", "échantillons", "marchandise", "marchandises",
	"articles", "objets", "effets personnels", "divers", "autres", "colis",
})

// DefaultVagueWords returns a copy of the built-in vague declarations.
func DefaultVagueWords() []string { return append([]string(nil), defaultVagueWords...) }

func (c SignalContext) now(in *Inspection) time.Time {
	switch {
	case !c.Now.IsZero():
		return c.Now
	case !in.UpdatedAt.IsZero():
		return in.UpdatedAt
	}
	return time.Now().UTC()
}

// DeriveSignals lists the signals an inspection raises, in the order of
// SignalNames, then by detail. A role with no party recorded yet, or a
// parcel with no declared contents yet, raises nothing: Validate marks
// those at the field, and a fresh draft stays grey.
//
//   - checklist: a "yes" to an item that ItemRules maps to a rule.
//   - id.missing: a party in IDRoles with no ID number (and no MRZ), who did
//     not refuse to show one.
//   - id.refused: a party flagged as refusing to show an ID.
//   - id.format_invalid: an ID number that fails CheckID.
//   - id.phone_only: flagged, or a phone with neither address nor ID.
//   - name.fictitious: LooksFictitious on a party's waybill name.
//   - name.mismatch: NameMatch says mismatch between the name on the ID
//     (or in the passport MRZ) and on the waybill.
//   - party.third_party: flagged, or an agent is recorded.
//   - address.vague: flagged, or an address under 6 letters once folded.
//   - route.*: a cross-border parcel whose origin, transit countries or
//     destination are countries of concern. A transit-role country fires
//     route.transit also as the parcel's origin or destination (a parcel
//     leaving or entering a hub is on the route). Domestic parcels raise no
//     route signal.
//   - declared.mismatch: ContentsCheck is "mismatch".
//   - declared.weight: measured weight above declared × (1 + Ratio) and by
//     more than MinKg.
//   - declared.vague: every declared line is empty or a vague word.
//   - declared.codeword: a code word in a declared line (whole words for
//     Latin script, anywhere for Han).
//   - product.likely / product.suspected: a finding with high / other
//     confidence.
//   - repeat.sender: the sender's (or agent's) repeat count reaches RepeatMin.
//   - live.signs: LiveSigns is set.
func DeriveSignals(in *Inspection, ctx SignalContext) []Signal {
	if in == nil {
		return nil
	}
	var out []Signal
	add := func(name, rule, detail string) { out = append(out, Signal{Name: name, Rule: rule, Detail: detail}) }

	for _, a := range in.Answers {
		if a.Value != AnswerYes {
			continue
		}
		if sig, ok := ctx.ItemSignals[a.Item]; ok && sig != "" {
			add(sig, "", "checklist "+a.Item)
		} else if rule, ok := ctx.ItemRules[a.Item]; ok && rule != "" {
			add(SignalChecklist, rule, a.Item)
		}
	}

	idRoles := ctx.IDRoles
	if idRoles == nil {
		idRoles = []string{RoleSender, RoleAgent}
	}
	now := ctx.now(in)
	for i := range in.Parties {
		p := &in.Parties[i]
		role := p.Role
		if role == "" {
			role = "party" + strconv.Itoa(i)
		}
		hasID := p.ID != nil && (strings.TrimSpace(p.ID.Number) != "" || strings.TrimSpace(p.ID.MRZ) != "")
		if p.RefusedID {
			add(SignalIDRefused, "", role)
		} else if !hasID && oneOf(p.Role, idRoles) {
			add(SignalIDMissing, "", role)
		}
		if hasID {
			res := CheckID(*p.ID, now)
			if !res.FormatOK {
				add(SignalIDFormatInvalid, "", role)
			}
			if res.Decoded.Expired {
				add(SignalIDExpired, "", role+": "+res.Decoded.Expiry)
			}
			if idName := nameOnID(p.ID, now); idName != "" && strings.TrimSpace(p.Name) != "" &&
				NameMatch(idName, p.Name).Level == MatchMismatch {
				add(SignalNameMismatch, "", role)
			}
		}
		if p.PhoneOnly || (strings.TrimSpace(p.Phone) != "" && strings.TrimSpace(p.Address) == "" && !hasID) {
			add(SignalIDPhoneOnly, "", role)
		}
		if LooksFictitious(p.Name) {
			add(SignalNameFictitious, "", role)
		}
		if p.ThirdParty || p.Role == RoleAgent {
			add(SignalThirdParty, "", role)
		}
		if p.VagueAddress || vagueAddress(p.Address) {
			add(SignalAddressVague, "", role)
		}
		if p.Role == RoleSender || p.Role == RoleAgent {
			min := ctx.RepeatMin
			if min <= 0 {
				min = 1
			}
			if n := ctx.Repeat[p.Role]; n >= min {
				add(SignalRepeatSender, "", role+": "+strconv.Itoa(n))
			}
		}
	}

	deriveRoute(&in.Parcel, ctx.Concern, add)

	if in.ContentsCheck == ContentsMismatch {
		add(SignalDeclaredMismatch, "", "")
	}
	tol := ctx.Weight
	if tol == (WeightTolerance{}) {
		tol = DefaultWeightTolerance
	}
	pc := &in.Parcel
	if d, m := pc.DeclaredWeightKg, pc.MeasuredWeightKg; d > 0 && m > d*(1+tol.Ratio) && m-d > tol.MinKg {
		add(SignalDeclaredWeight, "", fmtKg(m)+" > "+fmtKg(d))
	}
	weak := deriveDeclared(pc.Contents, ctx, add)

	for _, f := range in.Findings {
		if f.Confidence == ConfidenceHigh {
			add(SignalProductLikely, "", f.Card)
		} else {
			add(SignalProductSuspected, "", f.Card)
		}
	}
	if in.LiveSigns {
		add(SignalLiveSigns, "", "")
	}
	for _, w := range weak {
		if why := backing(w, in, out, ctx.PostalRules); why != "" {
			add(SignalDeclaredWeakWord, "", w.Text+" (weak; with "+why+")")
		} else {
			add(signalWeakAlone, "", w.Text)
		}
	}

	order := make(map[string]int, len(SignalNames))
	for i, n := range SignalNames {
		order[n] = i
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if order[a.Name] != order[b.Name] {
			return order[a.Name] < order[b.Name]
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		return a.Detail < b.Detail
	})
	return out
}

func fmtKg(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) + " kg" }

// nameOnID is the name printed on the document, or the MRZ name.
func nameOnID(d *IDDocument, now time.Time) string {
	if s := strings.TrimSpace(d.Name); s != "" {
		return s
	}
	if d.Type == DocPassport && strings.TrimSpace(d.MRZ) != "" {
		if m, _ := ParseMRZ(d.MRZ, now); m.Surname != "" {
			return strings.TrimSpace(m.Surname + " " + m.GivenNames)
		}
	}
	return ""
}

// vagueAddress: an address that, folded, has fewer than six letters or
// digits ("Hanoi", "上海") cannot lead to a person.
func vagueAddress(addr string) bool {
	if strings.TrimSpace(addr) == "" {
		return false
	}
	n := 0
	for _, r := range NormalizeName(addr) {
		if r != ' ' {
			n++
		}
	}
	return n < 6
}

func deriveRoute(p *Parcel, concern map[string][]string, add func(name, rule, detail string)) {
	o, d := strings.ToUpper(p.Origin.Country), strings.ToUpper(p.Destination.Country)
	cross := o != "" && d != "" && o != d
	for _, t := range p.Transit {
		if t = strings.ToUpper(t); t != "" && t != o && t != d {
			cross = true
		}
	}
	if !cross || len(concern) == 0 {
		return
	}
	if o != "" && oneOf(o, concern[RouteOrigin]) {
		add(SignalRouteOrigin, "", o)
	}
	seen := map[string]bool{}
	for _, t := range append(append([]string{o}, p.Transit...), d) {
		t = strings.ToUpper(t)
		if t != "" && !seen[t] && oneOf(t, concern[RouteTransit]) {
			seen[t] = true
			add(SignalRouteTransit, "", t)
		}
	}
	if d != "" && oneOf(d, concern[RouteDestination]) {
		add(SignalRouteDestination, "", d)
	}
}

// deriveDeclared raises declared.vague and declared.codeword for strong
// words, and returns the weak words found (with the categories of the
// lines they were found in), for the caller to back or not.
func deriveDeclared(items []DeclaredItem, ctx SignalContext, add func(name, rule, detail string)) []weakHit {
	if len(items) == 0 {
		return nil
	}
	var weak []weakHit
	vague := ctx.VagueWords
	if vague == nil {
		vague = defaultVagueWords
	}
	allVague := true
	var vagueNames []string
	var found []string // words found, strong or weak (few)
	texts := make([]string, len(items))
	for k, it := range items {
		text := NormalizeName(it.Name)
		texts[k] = text
		if text == "" || oneOf(text, vague) {
			if text != "" {
				vagueNames = append(vagueNames, text)
			}
		} else {
			allVague = false
		}
		for _, cw := range ctx.CodeWords {
			if !oneOf(cw, found) && containsWord(text, cw) {
				found = append(found, cw)
				add(SignalDeclaredCodeword, "", cw)
			}
		}
		for i := range ctx.Words {
			w := &ctx.Words[i]
			if w.Weak || oneOf(w.Text, found) || !containsWord(text, w.Text) {
				continue
			}
			found = append(found, w.Text)
			add(SignalDeclaredCodeword, "", w.Text)
		}
	}
	// Weak words once the strong ones are known: a word listed both ways
	// counts as strong.
	for i := range ctx.Words {
		w := &ctx.Words[i]
		if !w.Weak || oneOf(w.Text, found) {
			continue
		}
		for k, it := range items {
			if containsWord(texts[k], w.Text) {
				found = append(found, w.Text)
				weak = append(weak, weakHit{CodeWord: w, category: it.Category})
				break
			}
		}
	}
	if allVague {
		add(SignalDeclaredVague, "", strings.Join(vagueNames, ", "))
	}
	return weak
}

// weakHit is a weak code word found in a declared line.
type weakHit struct {
	*CodeWord
	category string // the category of the line it was found in
}

// goodsSignals are the signs about the goods themselves that back a weak
// code word (identity signs are about a person, not the goods).
var goodsSignals = map[string]bool{
	SignalChecklist: true, SignalDeclaredMismatch: true, SignalDeclaredWeight: true,
	SignalDeclaredCodeword: true, SignalProductSuspected: true, SignalProductLikely: true,
	SignalLiveSigns: true, SignalRouteOrigin: true, SignalRouteTransit: true, SignalRouteDestination: true,
}

// backing says what backs a weak code word, or "" when nothing does: the
// line's category or a declared line's category among the word's
// categories, a finding on one of its cards, then the first sign about the
// goods raised so far (a route, a checklist answer, a mismatch …).
func backing(w weakHit, in *Inspection, raised []Signal, postal []string) string {
	if w.category != "" && oneOf(w.category, w.Categories) {
		return "category " + w.category
	}
	for _, it := range in.Parcel.Contents {
		if it.Category != "" && oneOf(it.Category, w.Categories) {
			return "category " + it.Category
		}
	}
	for _, f := range in.Findings {
		if oneOf(f.Card, w.Cards) {
			return "card " + f.Card
		}
	}
	for _, s := range raised {
		if goodsSignals[s.Name] && !(s.Name == SignalChecklist && oneOf(s.Rule, postal)) {
			if s.Name == SignalChecklist {
				return "checklist " + s.Detail
			}
			if s.Detail != "" {
				return s.Name + " " + s.Detail
			}
			return s.Name
		}
	}
	return ""
}

// containsWord finds a folded word in folded text. Han text has no spaces,
// so a word with Han in it matches anywhere; other words must stand alone,
// bounded by the text's ends, spaces or Han characters ("xy" matches "xy
// bracelet" and "象牙xy", not "xylophone").
func containsWord(text, word string) bool {
	if word == "" || text == "" {
		return false
	}
	for _, r := range word {
		if unicode.Is(unicode.Han, r) {
			return strings.Contains(text, word)
		}
	}
	for from := 0; from < len(text); {
		i := strings.Index(text[from:], word)
		if i < 0 {
			break
		}
		i += from
		j := i + len(word)
		if boundary(text, i, true) && boundary(text, j, false) {
			return true
		}
		_, size := utf8.DecodeRuneInString(text[i:])
		from = i + size
	}
	// "xi jiao" also written "xijiao".
	if strings.Contains(word, " ") {
		return containsWord(text, strings.ReplaceAll(word, " ", ""))
	}
	return false
}

func boundary(text string, at int, before bool) bool {
	if before {
		if at == 0 {
			return true
		}
		r, _ := utf8.DecodeLastRuneInString(text[:at])
		return r == ' ' || unicode.Is(unicode.Han, r)
	}
	if at >= len(text) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(text[at:])
	return r == ' ' || unicode.Is(unicode.Han, r)
}

// Assess scores an inspection with the rules. A rule fires once, however
// many signals feed it: a checklist rule when a "yes" answer feeds its ID,
// any other rule when a signal with its name is raised. A rule listed
// twice counts once (the first).
//
// One fact, one count: rules of one Group that fire together count once,
// at the highest weight among them (the first in rule order on a tie); the
// others are listed with weight 0 and SameAs naming the one that counted.
// Route rules together add at most Hold-1 points, so geography alone never
// holds a parcel (NoteRouteCapped says when they were cut). Postal rules
// (KindPostal) add no points. Score is the sum of counted weights, kept
// within 0..100. Reasons list the fired rules by weight, highest first,
// then by ID.
//
// Level and suggested action:
//   - grey, no action: no rule fired and nothing checked yet (no answered
//     item, finding, contents check, measured weight or ID recorded);
//   - red, refuse: score ≥ Refuse, or a fired wildlife rule has the floor
//     "refuse";
//   - amber, hold: score ≥ Hold, or a fired wildlife rule has the floor
//     "hold";
//   - green, clear: otherwise; when a postal rule fired, the action is
//     ActionRefusePostal instead (the level stays green: no wildlife sign).
//
// When a floor lifts the action above what the score asks, Floor names the
// rule that set it (the heaviest rule with that floor) and its reason is
// marked with Floor too.
func Assess(in *Inspection, rules []Rule, th Thresholds, ctx SignalContext) Assessment {
	sigs := DeriveSignals(in, ctx)
	byName := map[string][]string{}
	byRule := map[string][]string{}
	var a Assessment
	for _, s := range sigs {
		switch {
		case s.Name == signalWeakAlone:
			a.Notes = append(a.Notes, Note{Code: NoteWeakWordAlone, Detail: s.Detail})
		case s.Name == SignalChecklist:
			byRule[s.Rule] = append(byRule[s.Rule], s.Detail)
		default:
			byName[s.Name] = append(byName[s.Name], s.Detail)
		}
	}
	type fired struct {
		rule   *Rule
		reason Reason
	}
	var hits []fired
	for i := range rules {
		r := &rules[i]
		var details []string
		ok := false
		if d, has := byRule[r.ID]; has {
			ok, details = true, append(details, d...)
		}
		if r.Signal != SignalChecklist {
			if d, has := byName[r.Signal]; has {
				ok, details = true, append(details, d...)
			}
		}
		if !ok || listedBefore(rules[:i], r.ID) {
			continue
		}
		w := r.Weight
		if r.Kind == KindPostal {
			w = 0
		}
		hits = append(hits, fired{rule: r, reason: Reason{RuleID: r.ID, Weight: w, Detail: joinDetails(details), Group: r.Group}})
	}

	// One fact, one count: in each group the heaviest fired rule (the
	// first on a tie) counts.
	for i := range hits {
		g := hits[i].rule.Group
		if g == "" || hits[i].rule.Kind == KindPostal {
			continue
		}
		best := -1
		for j := range hits {
			if hits[j].rule.Group == g && hits[j].rule.Kind != KindPostal && (best < 0 || hits[j].reason.Weight > hits[best].reason.Weight) {
				best = j
			}
		}
		if best != i {
			hits[i].reason.SameAs = hits[best].rule.ID
		}
	}
	for i := range hits {
		if hits[i].reason.SameAs != "" {
			hits[i].reason.Weight = 0
		}
	}

	// Geography alone never holds: route points stop below Hold.
	if th.Hold > 0 {
		room := th.Hold - 1
		for i := range hits {
			if !isRouteSignal(hits[i].rule.Signal) || hits[i].reason.Weight <= 0 {
				continue
			}
			if hits[i].reason.Weight > room {
				a.Notes = append(a.Notes, Note{Code: NoteRouteCapped, Detail: hits[i].rule.ID})
				hits[i].reason.Weight = max(room, 0)
			}
			room -= hits[i].reason.Weight
		}
	}

	score, floor, postal := 0, ActionClear, false
	for _, h := range hits {
		score += h.reason.Weight
		if h.rule.Kind == KindPostal {
			postal = true
			continue
		}
		floor = stronger(floor, h.rule.Action)
	}
	a.Score = min(max(score, 0), 100)
	byScore := ActionClear
	if th.Hold > 0 && a.Score >= th.Hold {
		byScore = ActionHold
	}
	if th.Refuse > 0 && a.Score >= th.Refuse {
		byScore = ActionRefuse
	}
	action := stronger(floor, byScore)
	if action != byScore {
		// The heaviest fired rule with that floor set it.
		at := -1
		for i, h := range hits {
			if h.rule.Kind != KindPostal && h.rule.Action == action && (at < 0 || h.rule.Weight > hits[at].rule.Weight) {
				at = i
			}
		}
		hits[at].reason.Floor = action
		a.Floor = hits[at].rule.ID
	}
	for _, h := range hits {
		a.Reasons = append(a.Reasons, h.reason)
	}
	sort.SliceStable(a.Reasons, func(i, j int) bool {
		if a.Reasons[i].Weight != a.Reasons[j].Weight {
			return a.Reasons[i].Weight > a.Reasons[j].Weight
		}
		return a.Reasons[i].RuleID < a.Reasons[j].RuleID
	})
	switch action {
	case ActionRefuse:
		a.Level, a.Action = LevelRed, ActionRefuse
	case ActionHold:
		a.Level, a.Action = LevelAmber, ActionHold
	default:
		a.Level, a.Action = LevelGreen, ActionClear
		if postal {
			a.Action = ActionRefusePostal
		}
	}
	if len(a.Reasons) == 0 && !checked(in) {
		a.Level, a.Action = LevelGrey, ""
	}
	return a
}

// listedBefore: a rule listed twice counts once, the first listing.
func listedBefore(rules []Rule, id string) bool {
	for i := range rules {
		if rules[i].ID == id {
			return true
		}
	}
	return false
}

func isRouteSignal(s string) bool {
	return s == SignalRouteOrigin || s == SignalRouteTransit || s == SignalRouteDestination
}

func stronger(a, b string) string {
	rank := func(s string) int {
		switch s {
		case ActionRefuse:
			return 2
		case ActionHold:
			return 1
		}
		return 0
	}
	if rank(b) > rank(a) {
		return b
	}
	return a
}

// joinDetails sorts and de-duplicates details, dropping empty ones.
func joinDetails(d []string) string {
	if len(d) == 0 {
		return ""
	}
	sort.Strings(d)
	out := make([]string, 0, len(d))
	for _, s := range d {
		if s != "" && (len(out) == 0 || s != out[len(out)-1]) {
			out = append(out, s)
		}
	}
	return strings.Join(out, ", ")
}

// checked reports whether anything has been looked at yet.
func checked(in *Inspection) bool {
	if in == nil {
		return false
	}
	if len(in.Findings) > 0 || in.ContentsCheck != "" || in.LiveSigns || in.Parcel.MeasuredWeightKg > 0 {
		return true
	}
	for _, a := range in.Answers {
		if a.Value == AnswerYes || a.Value == AnswerNo {
			return true
		}
	}
	for _, p := range in.Parties {
		if p.ID != nil && (p.ID.Number != "" || p.ID.MRZ != "") {
			return true
		}
	}
	return false
}
