// Package sop holds the SOP content pack: product identification cards,
// code words, concealment checklists, risk rules, routes of concern and the
// per-country legal notes and referral directory. It loads a pack from any
// fs.FS, validates it with file:line:column errors, searches it and reloads
// an override folder live. It imports nothing of Fyne and nothing of SQL.
//
// The pack is a folder of JSON files:
//
//	manifest.json      version, as-of date, languages, sources
//	forms.json         product forms as CITES trade terms, with units
//	categories.json    declared-goods categories used on waybills
//	cards/*.json       one file per species group: its sources, species
//	                   and cards (one per product form)
//	codewords.json     every code word, with its strength and sources
//	                   (optional; trainers add words here too)
//	wizard.json        questions of the identify wizard
//	checklists.json    checklist groups and items
//	rules.json         weighted risk rules and the action thresholds
//	routes.json        countries of concern on the routes
//	countries.json     legal notes, accepted ID documents, referral directory
//
// The default pack is embedded (package data). A trainer's copy in
// <home>/pack, made with `tusk pack export`, replaces it whole as soon as
// it holds a manifest.json; files are never mixed between the two.
//
// Load reports every problem as "file:line:column: message" (see Problem);
// the messages are English and meant for trainers. Search, the wizard and
// the lookups need no further validation once Load has succeeded.
package sop

// Languages are the pack's (and the app's) languages, in display order.
var Languages = []string{"en", "zh", "vi", "sw", "fr"}

// Text is one string in every pack language, keyed by language code.
type Text map[string]string

// In returns the text in lang, falling back to English.
func (t Text) In(lang string) string {
	if s, ok := t[lang]; ok && s != "" {
		return s
	}
	return t["en"]
}

// Manifest describes the pack as a whole.
type Manifest struct {
	Version   string   `json:"version"`
	AsOf      string   `json:"as_of"` // YYYY-MM-DD
	Languages []string `json:"languages"`
	Sources   []Source `json:"sources"`
}

// Source is a document or data set that facts in the pack come from.
type Source struct {
	ID      string `json:"id"`
	Title   string `json:"title"`
	Author  string `json:"author,omitempty"`
	URL     string `json:"url,omitempty"`
	Date    string `json:"date,omitempty"` // publication or "as of" date, YYYY-MM-DD or YYYY
	Licence string `json:"licence,omitempty"`
	Note    string `json:"note,omitempty"`
}

// CardFile is the shape of each cards/*.json file. Sources, species and
// cards from every file are merged into the pack; IDs are unique across
// the whole pack.
type CardFile struct {
	Sources []Source  `json:"sources,omitempty"`
	Species []Species `json:"species"`
	Cards   []Card    `json:"cards"`
	// CodeWords is read only to refuse it: code words have one home,
	// codewords.json, so that a word's strength is decided in one place.
	CodeWords []CodeWord `json:"codewords,omitempty"`
}

// CodeWordFile is the shape of codewords.json, the one home of code
// words. Sources lists documents only code words cite (optional; the
// manifest's and the card files' sources may be cited too).
type CodeWordFile struct {
	Sources   []Source   `json:"sources,omitempty"`
	CodeWords []CodeWord `json:"codewords"`
}

// Species is a species or a closely related group traded under one name.
type Species struct {
	ID         string   `json:"id"`
	Group      string   `json:"group"` // mammal, bird, reptile, ...
	Names      Text     `json:"names"`
	Scientific string   `json:"scientific"`
	CITES      CITES    `json:"cites"`
	Sources    []string `json:"sources"`
}

// CITES is the species' listing, written by hand from the official appendices.
type CITES struct {
	Appendix string `json:"appendix"` // "I", "II", "III" or "I/II" for split listings
	AsOf     string `json:"as_of"`    // date of the appendices consulted, YYYY-MM-DD
	Note     Text   `json:"note,omitempty"`
	Source   string `json:"source"`
}

// Form is a product form, named after the CITES trade terms.
type Form struct {
	ID        string   `json:"id"`
	TradeTerm string   `json:"trade_term"` // CITES trade-term code, e.g. "IVC"
	Names     Text     `json:"names"`
	Units     []string `json:"units"` // "kg", "items" ...
}

// Category is a declared-goods category as written on a waybill.
type Category struct {
	ID    string `json:"id"`
	Names Text   `json:"names"`
}

// Card is one identification card: one product form of one species.
type Card struct {
	ID           string      `json:"id"`
	Species      string      `json:"species"`
	Form         string      `json:"form"`
	Title        Text        `json:"title"`
	Summary      Text        `json:"summary"`
	Features     []Text      `json:"features"`
	Lookalikes   []Lookalike `json:"lookalikes"`
	DeclaredAs   DeclaredAs  `json:"declared_as"`
	Concealment  []Text      `json:"concealment"`
	Safety       Text        `json:"safety,omitempty"`
	Legal        Text        `json:"legal"`
	Traits       Traits      `json:"traits"`
	Illustration string      `json:"illustration"` // file name under assets/cards
	Sources      []string    `json:"sources"`
}

// Lookalike is something that is mistaken for the card's product.
type Lookalike struct {
	Name Text   `json:"name"`
	Tell Text   `json:"tell"`           // how to tell them apart
	Card string `json:"card,omitempty"` // another card, when the look-alike is itself protected
}

// DeclaredAs is how such goods are typically described on waybills.
type DeclaredAs struct {
	Categories []string `json:"categories"`
	Phrases    []Phrase `json:"phrases"`
}

// Phrase is a declared-as phrase in one language.
type Phrase struct {
	Text string `json:"text"`
	Lang string `json:"lang"`
}

// Traits are the card's answers to the identify wizard's questions:
// question ID to the option IDs that fit. A question the card leaves out
// does not narrow the card away.
type Traits map[string][]string

// CodeWord is a substitute name traffickers use for a product, or the
// plain name of a protected product as waybills write it.
type CodeWord struct {
	ID     string `json:"id"`
	Text   string `json:"text"`
	Script string `json:"script"` // ISO 15924: Latn, Hans, Hant ...
	Lang   string `json:"lang"`   // BCP 47 language of the word
	// Strength is StrengthStrong or StrengthWeak. A strong word (XY, 象牙)
	// is enough on its own; a weak one (jelly, white plastic) has an
	// innocent meaning too and counts only beside a matching sign.
	Strength string   `json:"strength"`
	Meaning  Text     `json:"meaning"`
	Cards    []string `json:"cards"`
	Sources  []string `json:"sources"`
	AddedBy  string   `json:"added_by,omitempty"` // set when a trainer adds one
}

// Code word strengths.
const (
	StrengthStrong = "strong"
	StrengthWeak   = "weak"
)

// Strengths lists the code word strengths.
var Strengths = []string{StrengthStrong, StrengthWeak}

// Wizard is the identify wizard: questions asked in order.
type Wizard struct {
	Questions []Question `json:"questions"`
}

// Question is one wizard question with its options.
type Question struct {
	ID      string   `json:"id"`
	Text    Text     `json:"text"`
	Options []Option `json:"options"`
}

// Option is one answer to a wizard question.
type Option struct {
	ID   string `json:"id"`
	Text Text   `json:"text"`
	Hint Text   `json:"hint,omitempty"` // the deciding feature to look at
}

// Checklists are the concealment and inspection checklist.
type Checklists struct {
	Groups []Group `json:"groups"`
	Items  []Item  `json:"items"`
}

// Group is a checklist group: where in the handling of a parcel the check happens.
type Group struct {
	ID    string `json:"id"` // counter, waybill, packaging, xray, opened, second_opening, live
	Names Text   `json:"names"`
}

// Inspection stages at which a parcel is inspected.
const (
	StageAcceptance = "acceptance" // 收寄验视, at the counter
	StageXray       = "xray"
	StageTransit    = "transit" // sorting or transit
	StageDelivery   = "delivery"
)

// Stages lists the inspection stages in order.
var Stages = []string{StageAcceptance, StageXray, StageTransit, StageDelivery}

// Item is one checklist question.
type Item struct {
	ID         string   `json:"id"`
	Group      string   `json:"group"`
	Question   Text     `json:"question"`
	Hint       Text     `json:"hint,omitempty"`
	Stages     []string `json:"stages"`     // inspection stages it applies to
	Categories []string `json:"categories"` // declared categories it applies to; "*" for all
	Rule       string   `json:"rule"`       // the rule a "yes" feeds
}

// Rules are the weighted risk rules and the thresholds for a suggested action.
type Rules struct {
	Thresholds Thresholds `json:"thresholds"`
	Rules      []Rule     `json:"rules"`
}

// Thresholds turn a score into a suggested action.
type Thresholds struct {
	Hold   int `json:"hold"`   // score at or above which holding is suggested
	Refuse int `json:"refuse"` // score at or above which refusing and referring is suggested
}

// Rule is one named, weighted, explainable risk rule.
type Rule struct {
	ID      string `json:"id"`
	Name    Text   `json:"name"`
	Explain Text   `json:"explain"` // the reason shown to staff when the rule fires
	Weight  int    `json:"weight"`
	// Signal is what makes the rule fire: "checklist" for rules fed by
	// checklist items, otherwise one of the Signals below.
	Signal string `json:"signal"`
	// Action, when set, is the least action suggested once the rule fires
	// ("hold" or "refuse"), whatever the score: the rule's floor. The
	// explanation of an assessment names the rule whose floor set it.
	Action string `json:"action,omitempty"`
	// Reads, for a checklist rule, is the signal whose fact the checklist
	// answers repeat ("declared.mismatch" for "the contents differ from
	// the waybill"). Such a rule must share a Group with the rules of that
	// signal.
	Reads string `json:"reads,omitempty"`
	// ItemSignals, for a checklist rule, maps some of the items that feed
	// it to the signal their "yes" is (the answer "the sender refuses to
	// show an ID" is id.refused): such an answer fires that signal's rule
	// instead of this one, so the fact is counted once.
	ItemSignals map[string]string `json:"item_signals,omitempty"`
	// Group names one fact. Rules of a group that fire together count
	// once, at the highest weight among them. Two rules that read the
	// same signal must share a group.
	Group string `json:"group,omitempty"`
	// Kind is "wildlife" (the default) or "postal": a prohibited article
	// that is not wildlife, refused at the counter under the postal rules
	// and never counted in a slip, a case or the CITES export. A postal
	// rule has weight 0 and the action "refuse".
	Kind    string   `json:"kind,omitempty"`
	Sources []string `json:"sources"`
}

// Rule kinds.
const (
	KindWildlife = "wildlife"
	KindPostal   = "postal"
)

// RuleKinds lists the rule kinds.
var RuleKinds = []string{KindWildlife, KindPostal}

// Signals are the facts an inspection can raise, besides checklist answers.
var Signals = []string{
	"checklist",
	"id.missing",             // no ID shown or recorded
	"id.refused",             // the person refused to show ID
	"id.format_invalid",      // the ID number fails its format rules
	"id.phone_only",          // only a phone number was given
	"id.expired",             // the ID document has expired (MRZ or typed expiry date)
	"name.fictitious",        // missing or obviously fictitious name
	"name.mismatch",          // name on the ID differs from the waybill
	"party.third_party",      // third-party drop-off or pickup
	"address.vague",          // vague or incomplete address
	"route.origin",           // origin is a country of concern
	"route.transit",          // transit through a country of concern
	"route.destination",      // destination is a country of concern
	"declared.mismatch",      // what was seen differs from what was declared
	"declared.weight",        // measured weight differs from declared weight
	"declared.vague",         // vague description of contents
	"declared.codeword",      // the declaration contains a strong code word
	"declared.codeword_weak", // a weak code word, backed by a matching sign
	"product.suspected",      // a product card was picked as suspected
	"product.likely",         // a product card was picked with high confidence
	"repeat.sender",          // the sender's ID or phone is on earlier flagged parcels
	"live.signs",             // signs of a live animal
}

// Routes lists the countries of concern named in the sources.
type Routes struct {
	Countries []RouteCountry `json:"countries"`
}

// RouteCountry is a country of concern and its role on the routes.
type RouteCountry struct {
	Country string   `json:"country"` // ISO 3166-1 alpha-2
	Roles   []string `json:"roles"`   // origin, transit, destination
	Species []string `json:"species,omitempty"`
	Note    Text     `json:"note,omitempty"`
	Sources []string `json:"sources"`
}

// Country carries what applies in one country.
type Country struct {
	Code        string     `json:"code"` // ISO 3166-1 alpha-2
	Names       Text       `json:"names"`
	IDDocuments []string   `json:"id_documents"` // cn_rid, passport, vn_cccd, tz_nida, cm_cni, cm_recepisse, other
	Legal       []Legal    `json:"legal"`
	Referrals   []Referral `json:"referrals"`
}

// IDDocuments are the document types the app knows how to check.
var IDDocuments = []string{"cn_rid", "passport", "vn_cccd", "tz_nida", "cm_cni", "cm_recepisse", "other"}

// Legal is a legal note that applies in a country to some species.
type Legal struct {
	Species []string `json:"species"` // species IDs, or "*" for every species
	Text    Text     `json:"text"`
	Sources []string `json:"sources"`
}

// Referral is an addressee in the referral directory.
type Referral struct {
	ID      string   `json:"id"`
	Kind    string   `json:"kind"` // police, forestry, wildlife, customs, postal, hotline
	Names   Text     `json:"names"`
	Contact string   `json:"contact,omitempty"`
	Note    Text     `json:"note,omitempty"`
	Sources []string `json:"sources,omitempty"`
}

// FormFile is the shape of forms.json.
type FormFile struct {
	Forms []Form `json:"forms"`
}

// CategoryFile is the shape of categories.json.
type CategoryFile struct {
	Categories []Category `json:"categories"`
}

// CountryFile is the shape of countries.json.
type CountryFile struct {
	Countries []Country `json:"countries"`
}
