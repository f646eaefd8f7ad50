package inspect

import (
	"time"

	"tusk/app/coded"
)

// Inspection stages, in the order a parcel meets them.
const (
	StageAcceptance = "acceptance" // at the counter (收寄验视)
	StageXray       = "xray"
	StageTransit    = "transit" // sorting or transit
	StageDelivery   = "delivery"
)

// Stages lists the inspection stages in order.
var Stages = []string{StageAcceptance, StageXray, StageTransit, StageDelivery}

// Parcel directions, seen from the depot.
const (
	DirectionOutbound = "outbound"
	DirectionInbound  = "inbound"
)

// Payment methods recorded for a parcel.
const (
	PaymentCash        = "cash"
	PaymentPrepaid     = "prepaid"
	PaymentCOD         = "cod" // cash on delivery
	PaymentAccount     = "account"
	PaymentCard        = "card"
	PaymentMobileMoney = "mobile_money"
	PaymentOther       = "other"
)

// Payments lists the payment methods.
var Payments = []string{PaymentCash, PaymentPrepaid, PaymentCOD, PaymentAccount, PaymentCard, PaymentMobileMoney, PaymentOther}

// Party roles.
const (
	RoleSender   = "sender"
	RoleReceiver = "receiver"
	RoleAgent    = "agent" // someone dropping off or picking up for another
)

// Roles lists the party roles.
var Roles = []string{RoleSender, RoleReceiver, RoleAgent}

// ID document types. They match sop.IDDocuments; inspect does not import sop.
const (
	DocCNResidentID = "cn_rid"
	DocPassport     = "passport"
	DocVNCCCD       = "vn_cccd"
	DocTZNIDA       = "tz_nida"
	DocCMCNI        = "cm_cni"
	DocCMRecepisse  = "cm_recepisse"
	DocOther        = "other"
)

// DocTypes lists the ID document types CheckID knows.
var DocTypes = []string{DocCNResidentID, DocPassport, DocVNCCCD, DocTZNIDA, DocCMCNI, DocCMRecepisse, DocOther}

// Checklist answer values.
const (
	AnswerYes        = "yes"
	AnswerNo         = "no"
	AnswerNotChecked = "not_checked"
)

// Finding confidence.
const (
	ConfidenceLow    = "low"
	ConfidenceMedium = "medium"
	ConfidenceHigh   = "high"
)

// Risk levels. Grey means nothing has been checked yet.
const (
	LevelGrey  = "grey"
	LevelGreen = "green"
	LevelAmber = "amber"
	LevelRed   = "red"
)

// Actions, suggested by an assessment or taken in a decision.
const (
	ActionClear  = "clear"
	ActionHold   = "hold"
	ActionRefuse = "refuse" // refuse and refer
	// ActionRefusePostal refuses the parcel at the counter under the
	// postal rules (a prohibited article that is not wildlife): suggested
	// by the rules and decided at the counter with a reason. No case, no
	// slip, no police, never in the CITES export.
	ActionRefusePostal = "refuse_postal"
)

// Results of a check against an external identity service.
const (
	ExternalVerified     = "verified"
	ExternalFailed       = "failed"
	ExternalNotAvailable = "not_available"
	ExternalNotDone      = "not_done"
)

// Inspection statuses.
const (
	StatusDraft   = "draft"
	StatusCleared = "cleared"
	StatusHeld    = "held"
	StatusRefused = "refused"
	// StatusRefusedPostal: refused under the postal rules, not wildlife.
	StatusRefusedPostal = "refused_postal"
)

// Outcome of comparing what was seen with what was declared.
const (
	ContentsMatch    = "match"
	ContentsMismatch = "mismatch"
)

// Case statuses.
const (
	CaseOpen        = "open"
	CaseUnderReview = "under_review"
	CaseReferred    = "referred"
	CaseHandedOver  = "handed_over"
	CaseClosed      = "closed"
)

// CaseStatuses lists the case statuses in their usual order.
var CaseStatuses = []string{CaseOpen, CaseUnderReview, CaseReferred, CaseHandedOver, CaseClosed}

// Place is a country and a city.
type Place struct {
	Country string `json:"country,omitempty"` // ISO 3166-1 alpha-2, upper case
	City    string `json:"city,omitempty"`
}

// Dimensions are a parcel's outer size in centimetres.
type Dimensions struct {
	Length float64 `json:"length,omitempty"`
	Width  float64 `json:"width,omitempty"`
	Height float64 `json:"height,omitempty"`
}

// DeclaredItem is one line of the declared contents.
type DeclaredItem struct {
	Name     string  `json:"name"`
	Category string  `json:"category,omitempty"` // a category ID from the pack
	Quantity int     `json:"quantity,omitempty"`
	Value    float64 `json:"value,omitempty"`
	Currency string  `json:"currency,omitempty"` // ISO 4217
}

// Parcel is what the waybill says about a parcel, plus what was measured.
type Parcel struct {
	Waybill          string         `json:"waybill"`
	Courier          string         `json:"courier,omitempty"`
	Direction        string         `json:"direction,omitempty"` // outbound | inbound
	Stage            string         `json:"stage"`
	Contents         []DeclaredItem `json:"contents,omitempty"`
	DeclaredWeightKg float64        `json:"declared_weight_kg,omitempty"`
	MeasuredWeightKg float64        `json:"measured_weight_kg,omitempty"`
	Dimensions       Dimensions     `json:"dimensions_cm"`
	Origin           Place          `json:"origin"`
	Destination      Place          `json:"destination"`
	Transit          []string       `json:"transit,omitempty"` // countries the parcel passes through, ISO alpha-2
	Payment          string         `json:"payment,omitempty"`
}

// IDDocument is an identity document as recorded at the counter. BirthDate
// and Sex are what the person or the document claims, entered by hand, so
// the number can be cross-checked against them.
type IDDocument struct {
	Type      string `json:"type"` // one of DocTypes
	Number    string `json:"number"`
	MRZ       string `json:"mrz,omitempty"`     // passport machine-readable zone, lines separated by "\n"
	Country   string `json:"country,omitempty"` // issuing country, ISO alpha-2
	Name      string `json:"name,omitempty"`    // name as printed on the document
	BirthDate string `json:"birth_date,omitempty"`
	Sex       string `json:"sex,omitempty"` // M | F | X
	// Expiry is the expiry date typed from the document, YYYY-MM-DD; a
	// passport's MRZ carries its own.
	Expiry string `json:"expiry,omitempty"`
}

// Party is a sender, receiver or agent of a parcel.
type Party struct {
	Role    string      `json:"role"`
	Name    string      `json:"name"` // as written on the waybill
	Phone   string      `json:"phone,omitempty"`
	Address string      `json:"address,omitempty"`
	Country string      `json:"country,omitempty"` // of the address, ISO alpha-2; helps phone parsing
	ID      *IDDocument `json:"id,omitempty"`
	// Flags set by the inspector.
	ThirdParty   bool `json:"third_party,omitempty"`   // drops off or picks up for someone else
	RefusedID    bool `json:"refused_id,omitempty"`    // refused to show an ID
	PhoneOnly    bool `json:"phone_only,omitempty"`    // gave only a phone number
	VagueAddress bool `json:"vague_address,omitempty"` // address too vague to deliver to a person
}

// Answer is the answer to one checklist item.
type Answer struct {
	Item  string `json:"item"`
	Value string `json:"value"` // yes | no | not_checked
	Note  string `json:"note,omitempty"`
}

// Finding is a product identification card picked for what was seen.
type Finding struct {
	Card       string  `json:"card"`
	Confidence string  `json:"confidence"` // low | medium | high
	Count      int     `json:"count,omitempty"`
	WeightKg   float64 `json:"weight_kg,omitempty"`
	Note       string  `json:"note,omitempty"`
}

// Photo is a photo attached to an inspection. The hash is taken at capture
// and the original file is never changed.
type Photo struct {
	SHA256   string    `json:"sha256"` // lower-case hex
	FileName string    `json:"file_name"`
	Size     int64     `json:"size"`
	TakenAt  time.Time `json:"taken_at,omitzero"`
}

// Reason is one fired rule in an assessment.
type Reason struct {
	RuleID string `json:"rule_id"`
	Weight int    `json:"weight"`
	// Detail says what fired it: roles, checklist item IDs, card IDs, code
	// words, countries, joined by ", " in a stable order.
	Detail string `json:"detail,omitempty"`
	// Group is the fact the rule reads, when it shares it with others.
	Group string `json:"group,omitempty"`
	// SameAs names the rule of the same group that counted; this one then
	// has weight 0 (one fact, one count).
	SameAs string `json:"same_as,omitempty"`
	// Floor is "hold" or "refuse" when this rule's floor set the
	// suggested action above what the score alone asks.
	Floor string `json:"floor,omitempty"`
}

// Note is something an assessment found that did not count, and why.
type Note struct {
	Code   string `json:"code"`             // NoteWeakWordAlone, NoteRouteCapped
	Detail string `json:"detail,omitempty"` // the word, or the route rule
}

// Assessment is an explainable risk score. Every point comes from a rule
// listed in Reasons.
type Assessment struct {
	Score   int      `json:"score"` // 0..100
	Level   string   `json:"level"` // grey | green | amber | red
	Reasons []Reason `json:"reasons,omitempty"`
	// Action is the suggested action: clear | hold | refuse |
	// refuse_postal, or empty while the level is grey (nothing checked,
	// nothing to suggest).
	Action string `json:"action,omitempty"`
	// Floor is the rule whose floor set Action above the score's.
	Floor string `json:"floor,omitempty"`
	Notes []Note `json:"notes,omitempty"`
}

// IdentityCheck is the stored outcome of the offline checks on one party's
// ID document. It proves a number is well formed, never who the person is.
type IdentityCheck struct {
	Role       string   `json:"role"`
	Type       string   `json:"type"`
	FormatOK   bool     `json:"format_ok"`
	Verifiable bool     `json:"verifiable"`
	Problems   []string `json:"problems,omitempty"`   // i18n keys
	NameMatch  string   `json:"name_match,omitempty"` // exact | likely | mismatch | unknown
}

// Decision is what was done with the parcel.
type Decision struct {
	Action string `json:"action"` // clear | hold | refuse
	// Reason is the inspector's own words. What the counter proposes is
	// kept as codes, rendered in each reader's language: ReasonKey (an
	// i18n key, e.g. the action's default reason) and ReasonRules (the IDs
	// of the risk rules named). Decisions from before the codes hold their
	// whole reason in Reason, in the inspector's language.
	Reason      string    `json:"reason,omitempty"`
	ReasonKey   string    `json:"reason_key,omitempty"`
	ReasonRules []string  `json:"reason_rules,omitempty"`
	Seals       []string  `json:"seals,omitempty"`   // seal numbers put on the parcel
	Storage     string    `json:"storage,omitempty"` // where a held parcel is kept
	By          string    `json:"by,omitempty"`      // user ID
	At          time.Time `json:"at,omitzero"`       // UTC
}

// Inspection is one parcel's inspection, from scan to decision. It is
// saved as a draft on every change, problems and all.
type Inspection struct {
	ID        string    `json:"id"`
	CreatedAt time.Time `json:"created_at"`          // UTC
	UpdatedAt time.Time `json:"updated_at"`          // UTC
	Inspector string    `json:"inspector,omitempty"` // user ID
	Station   string    `json:"station,omitempty"`   // depot code
	Parcel    Parcel    `json:"parcel"`
	Parties   []Party   `json:"parties,omitempty"`
	Answers   []Answer  `json:"answers,omitempty"`
	Findings  []Finding `json:"findings,omitempty"`
	Photos    []Photo   `json:"photos,omitempty"`
	// ContentsCheck is "match" or "mismatch" once the contents were compared
	// with the declaration, empty before.
	ContentsCheck string `json:"contents_check,omitempty"`
	// LiveSigns is set when the inspector saw signs of a live animal.
	LiveSigns bool            `json:"live_signs,omitempty"`
	Identity  []IdentityCheck `json:"identity,omitempty"`
	External  string          `json:"external_check,omitempty"` // verified | failed | not_available | not_done
	Notes     string          `json:"notes,omitempty"`
	// Assessment is the last assessment shown to the inspector.
	Assessment *Assessment `json:"assessment,omitempty"`
	Decision   *Decision   `json:"decision,omitempty"`
	Status     string      `json:"status"` // draft | cleared | held | refused
}

// Party returns the first party with the given role, or nil.
func (in *Inspection) Party(role string) *Party {
	for i := range in.Parties {
		if in.Parties[i].Role == role {
			return &in.Parties[i]
		}
	}
	return nil
}

// Case is what a held parcel becomes: it goes to supervisor review and
// may be referred to the police.
type Case struct {
	Number       string    `json:"number"` // human-readable serial
	InspectionID string    `json:"inspection_id"`
	Status       string    `json:"status"` // open | under_review | referred | handed_over | closed
	Outcome      string    `json:"outcome,omitempty"`
	Risk         string    `json:"risk_level,omitempty"` // grey | green | amber | red
	Sensitive    bool      `json:"sensitive,omitempty"`  // insider-sensitive: referral goes to the alternate recipient
	Station      string    `json:"station,omitempty"`    // depot code of the station it came from; empty for this depot's own
	Pending      string    `json:"pending,omitempty"`    // what it waits for: second_opening | expert | confirm_referral
	OpenedAt     time.Time `json:"opened_at"`            // UTC
	UpdatedAt    time.Time `json:"updated_at"`           // UTC
}

// CustodyEvent is one hand-over of a held parcel.
type CustodyEvent struct {
	Case  string    `json:"case"` // case number
	From  string    `json:"from"` // who handed it over
	To    string    `json:"to"`   // who took it
	At    time.Time `json:"at"`   // UTC
	Seals []string  `json:"seals,omitempty"`
	Note  string    `json:"note,omitempty"`
}

// FieldError is a problem with one field. Field is a dotted path such as
// "sender.id.number"; Code is an i18n key the UI translates.
type FieldError = coded.FieldError

func oneOf(v string, set []string) bool {
	for _, s := range set {
		if v == s {
			return true
		}
	}
	return false
}
