package export

import (
	"bytes"
	"encoding/json"
	"io"
)

// The JSON export is one array of objects, one object per case on its own
// line, so a script can read it whole and a person can still grep it.
// Keys are the CSV column ids; lists are arrays, products are objects.

type jsonCase struct {
	CaseNumber         string    `json:"case_number"`
	Station            string    `json:"station"`
	Status             string    `json:"status"`
	Outcome            string    `json:"outcome,omitempty"`
	PoliceRef          string    `json:"police_ref,omitempty"`
	Sensitive          bool      `json:"sensitive"`
	HeldAt             string    `json:"held_at"`
	ReferredAt         string    `json:"referred_at,omitempty"`
	HandedOverAt       string    `json:"handed_over_at,omitempty"`
	ClosedAt           string    `json:"closed_at,omitempty"`
	RiskLevel          string    `json:"risk_level"`
	RiskScore          int       `json:"risk_score"`
	Action             string    `json:"action,omitempty"`
	Inspector          string    `json:"inspector,omitempty"`
	Inspection         string    `json:"inspection"`
	Stage              string    `json:"stage"`
	Direction          string    `json:"direction,omitempty"`
	Courier            string    `json:"courier,omitempty"`
	TransportMode      string    `json:"transport_mode"`
	Waybill            string    `json:"waybill"`
	OriginCountry      string    `json:"origin_country,omitempty"`
	OriginCity         string    `json:"origin_city,omitempty"`
	DestinationCountry string    `json:"destination_country,omitempty"`
	DestinationCity    string    `json:"destination_city,omitempty"`
	TransitCountries   []string  `json:"transit_countries"`
	DeclaredContents   []decl    `json:"declared_contents"`
	DeclaredWeightKg   float64   `json:"declared_weight_kg,omitempty"`
	MeasuredWeightKg   float64   `json:"measured_weight_kg,omitempty"`
	ContentsCheck      string    `json:"contents_check,omitempty"`
	Products           []Product `json:"products"`
	Concealment        string    `json:"concealment,omitempty"`
	DetectionMethod    string    `json:"detection_method"`
	ChecklistYes       []string  `json:"checklist_yes"`
	Seals              []string  `json:"seals"`
	Storage            string    `json:"storage,omitempty"`
	// Personal exports only.
	Parties        []party `json:"parties,omitempty"`
	Notes          string  `json:"notes,omitempty"`
	DecisionReason string  `json:"decision_reason,omitempty"`
}

type decl struct {
	Name     string  `json:"name"`
	Category string  `json:"category,omitempty"`
	Quantity int     `json:"quantity,omitempty"`
	Value    float64 `json:"value,omitempty"`
	Currency string  `json:"currency,omitempty"`
}

type party struct {
	Role     string `json:"role"`
	Name     string `json:"name,omitempty"`
	Phone    string `json:"phone,omitempty"`
	Address  string `json:"address,omitempty"`
	Country  string `json:"country,omitempty"`
	IDType   string `json:"id_type,omitempty"`
	IDNumber string `json:"id_number,omitempty"`
	IDName   string `json:"id_name,omitempty"`
}

type jsonWriter struct {
	w    io.Writer
	o    Options
	rows int
	buf  bytes.Buffer
	enc  *json.Encoder
	err  error
}

func newJSON(w io.Writer, o Options) *jsonWriter {
	x := &jsonWriter{w: w, o: o}
	x.enc = json.NewEncoder(&x.buf)
	x.enc.SetEscapeHTML(false)
	return x
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func (x *jsonWriter) Write(c *Case) error {
	if x.err != nil {
		return x.err
	}
	in, o := c.Inspection, x.o
	p := in.Parcel
	j := jsonCase{
		CaseNumber: c.Number, Station: c.Station, Status: c.Status, Outcome: c.Outcome, PoliceRef: c.PoliceRef, Sensitive: c.Sensitive,
		HeldAt: o.stamp(c.HeldAt), ReferredAt: o.stamp(c.Referred), HandedOverAt: o.stamp(c.Handed), ClosedAt: o.stamp(c.Closed),
		RiskLevel: c.Risk, RiskScore: c.Score, Inspector: c.Inspector,
		Inspection: in.ID, Stage: p.Stage, Direction: p.Direction, Courier: p.Courier, TransportMode: TransportMode(p.Courier), Waybill: p.Waybill,
		OriginCountry: p.Origin.Country, OriginCity: p.Origin.City, DestinationCountry: p.Destination.Country, DestinationCity: p.Destination.City,
		TransitCountries: nonNil(p.Transit), DeclaredContents: []decl{},
		DeclaredWeightKg: p.DeclaredWeightKg, MeasuredWeightKg: p.MeasuredWeightKg, ContentsCheck: in.ContentsCheck,
		Products: o.Products(in), Concealment: o.Concealment(in), DetectionMethod: o.Detection(in),
		ChecklistYes: nonNil(yesItems(in)), Seals: []string{},
	}
	if j.Products == nil {
		j.Products = []Product{}
	}
	for _, d := range p.Contents {
		j.DeclaredContents = append(j.DeclaredContents, decl(d))
	}
	if d := in.Decision; d != nil {
		j.Action, j.Storage, j.Seals = d.Action, d.Storage, nonNil(d.Seals)
	}
	if o.Personal && c.Personal {
		for _, pt := range in.Parties {
			q := party{Role: pt.Role, Name: pt.Name, Phone: pt.Phone, Address: pt.Address, Country: pt.Country}
			if pt.ID != nil {
				q.IDType, q.IDNumber, q.IDName = pt.ID.Type, pt.ID.Number, pt.ID.Name
			}
			j.Parties = append(j.Parties, q)
		}
		j.Notes = in.Notes
		j.DecisionReason = decisionReason(in.Decision, x.o.Pack)
	}
	x.buf.Reset()
	if x.rows == 0 {
		x.buf.WriteString("[\n")
	} else {
		x.buf.WriteString(",\n")
	}
	if x.err = x.enc.Encode(j); x.err != nil {
		return x.err
	}
	x.buf.Truncate(x.buf.Len() - 1) // Encode's newline: the comma goes first
	if _, x.err = x.w.Write(x.buf.Bytes()); x.err != nil {
		return x.err
	}
	x.rows++
	return nil
}

func (x *jsonWriter) Close() error {
	if x.err != nil {
		return x.err
	}
	end := "\n]\n"
	if x.rows == 0 {
		end = "[]\n"
	}
	_, x.err = io.WriteString(x.w, end)
	return x.err
}

func (x *jsonWriter) Rows() int { return x.rows }
