package export

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"tusk/app/inspect"
)

// What the content pack does not say, in small tables of our own: the
// words are English and stable, so tables from several depots and years
// aggregate.

// concealments names the checklist items whose "yes" describes how goods
// were hidden (the CITES report's "method of concealment"). Other items
// are red flags, not concealment.
var concealments = map[string]string{
	"packaging-heavy-wrapping": "wrapped in many layers (tape, foil, carbon paper)",
	"packaging-masking-smell":  "smell masked",
	"packaging-wrong-box":      "packaging does not fit the declared goods",
	"packaging-resealed":       "parcel opened and resealed",
	"xray-hidden-layer":        "false bottom or hidden layer",
	"opened-hidden-inside":     "hidden inside other goods",
	"opened-painted":           "painted, dyed or coated",
	"second-repacked":          "repacked in transit",
	"live-containers":          "in tubes, bottles, socks or small cages",
	"live-incubator":           "in an incubator or heated container",
}

// stages names the inspection stages as detection methods.
var stages = map[string]string{
	inspect.StageAcceptance: "acceptance inspection at the counter",
	inspect.StageXray:       "X-ray screening",
	inspect.StageTransit:    "inspection at sorting or transit",
	inspect.StageDelivery:   "inspection at delivery",
}

// postal are couriers that are postal operators (lower case, spaces
// removed); any other courier is a courier company.
var postal = []string{"ems", "chinapost", "posta", "tanzaniaposts", "laposte", "campost", "vnpost", "vietnampost", "post", "usps", "royalmail"}

// TransportMode is "postal parcel" for a postal operator's parcel and
// "courier parcel" otherwise.
func TransportMode(courier string) string {
	c := strings.ToLower(strings.Join(strings.Fields(courier), ""))
	if slices.Contains(postal, c) || strings.HasSuffix(c, "post") {
		return "postal parcel"
	}
	return "courier parcel"
}

// Concealment describes how the goods were hidden: the concealment items
// answered yes, in answer order, and what the goods were declared as when
// the contents did not match the declaration.
func (o Options) Concealment(in *inspect.Inspection) string {
	var parts []string
	for _, a := range in.Answers {
		if a.Value != inspect.AnswerYes {
			continue
		}
		if s := concealments[a.Item]; s != "" && !slices.Contains(parts, s) {
			parts = append(parts, s)
		}
	}
	if in.ContentsCheck == inspect.ContentsMismatch {
		var cats []string
		for _, d := range in.Parcel.Contents {
			name := d.Category
			if o.Pack != nil {
				if c := o.Pack.CategoryByID[d.Category]; c != nil && c.Names["en"] != "" {
					name = strings.ToLower(c.Names["en"])
				}
			}
			if name != "" && !slices.Contains(cats, name) {
				cats = append(cats, name)
			}
		}
		s := "mis-declared"
		if len(cats) > 0 {
			s += " as " + strings.Join(cats, ", ")
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "; ")
}

// Detection is the detection method: the stage, then the checklist groups
// (in pack order) of the items answered yes, named in English by the pack.
func (o Options) Detection(in *inspect.Inspection) string {
	s := stages[in.Parcel.Stage]
	if s == "" {
		s = in.Parcel.Stage
	}
	if o.Pack == nil {
		return s
	}
	yes := map[string]bool{}
	for _, a := range in.Answers {
		if a.Value != inspect.AnswerYes {
			continue
		}
		if it := o.Pack.ItemByID[a.Item]; it != nil {
			yes[it.Group] = true
		}
	}
	var groups []string
	for _, g := range o.Pack.Checklists.Groups {
		if yes[g.ID] {
			groups = append(groups, g.Names["en"])
		}
	}
	if in.LiveSigns && !yes["live"] {
		groups = append(groups, "Signs of live animals")
	}
	if len(groups) > 0 {
		s += "; indicators: " + strings.Join(groups, ", ")
	}
	return s
}

// Product is one product found, named from the pack.
type Product struct {
	Card          string  `json:"card"`
	Species       string  `json:"species,omitempty"` // English common name
	Scientific    string  `json:"scientific_name,omitempty"`
	Appendix      string  `json:"cites_appendix,omitempty"`
	TradeTermCode string  `json:"trade_term_code,omitempty"` // CITES code, e.g. IVC
	TradeTerm     string  `json:"trade_term,omitempty"`      // English, e.g. Ivory carving
	Count         int     `json:"count,omitempty"`
	WeightKg      float64 `json:"weight_kg,omitempty"`
	Confidence    string  `json:"confidence,omitempty"`
}

// Quantity is the CITES quantity and unit: the count in pieces when the
// items were counted, else the weight in kg, else nothing.
func (p Product) Quantity() (string, string) {
	switch {
	case p.Count > 0:
		return strconv.Itoa(p.Count), "pieces"
	case p.WeightKg > 0:
		return num(p.WeightKg), "kg"
	}
	return "", ""
}

// Products names the findings of an inspection from the pack. A card the
// pack no longer has keeps its ID and nothing else.
func (o Options) Products(in *inspect.Inspection) []Product {
	var out []Product
	for _, f := range in.Findings {
		p := Product{Card: f.Card, Count: f.Count, WeightKg: f.WeightKg, Confidence: f.Confidence}
		if o.Pack != nil {
			if c := o.Pack.CardByID[f.Card]; c != nil {
				if sp := o.Pack.SpeciesByID[c.Species]; sp != nil {
					p.Species, p.Scientific, p.Appendix = sp.Names["en"], sp.Scientific, sp.CITES.Appendix
				}
				if fm := o.Pack.FormByID[c.Form]; fm != nil {
					p.TradeTermCode, p.TradeTerm = fm.TradeTerm, fm.Names["en"]
				}
			}
		}
		out = append(out, p)
	}
	return out
}

// seizureCountry is the station's country, or, for a case imported from
// a station whose country is unknown here, the country the parcel was at:
// its origin when outbound, its destination when inbound.
func seizureCountry(c *Case) string {
	if c.Country != "" {
		return c.Country
	}
	p := c.Inspection.Parcel
	if p.Direction == inspect.DirectionInbound {
		return p.Destination.Country
	}
	return p.Origin.Country
}

// place is the station's name and code.
func place(c *Case) string {
	switch {
	case c.Place != "" && c.Station != "":
		return c.Place + " (" + c.Station + ")"
	case c.Place != "":
		return c.Place
	}
	return c.Station
}

// yesItems lists the checklist items answered yes, in answer order.
func yesItems(in *inspect.Inspection) []string {
	var out []string
	for _, a := range in.Answers {
		if a.Value == inspect.AnswerYes {
			out = append(out, a.Item)
		}
	}
	return out
}

// num writes a weight without trailing zeros, "" for zero.
func num(v float64) string {
	if v == 0 {
		return ""
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// stamp writes a time in ISO 8601 with its UTC offset, "" when unset.
func (o Options) stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(o.Location).Format(time.RFC3339)
}

// day writes a date in ISO 8601, "" when unset.
func (o Options) day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(o.Location).Format(time.DateOnly)
}
