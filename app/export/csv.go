package export

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"

	"tusk/app/inspect"
)

// bom makes Excel read the file as UTF-8 instead of the system code page.
const bom = "\uFEFF"

// Cell makes a string safe for a spreadsheet cell:
//   - a cell starting with =, +, -, @, tab or CR gets a leading ', so
//     Excel and LibreOffice show it as text instead of running it as a
//     formula (CSV injection);
//   - invalid UTF-8 becomes U+FFFD;
//   - CR LF and lone CR become LF, which encoding/csv reads back as is
//     (it would turn a quoted CR LF into LF anyway).
func Cell(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if s != "" && strings.IndexByte("=+-@\t\r", s[0]) >= 0 {
		s = "'" + s
	}
	if strings.IndexByte(s, '\r') >= 0 {
		s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	}
	return s
}

// table is a CSV file with BOM, CRLF and every cell made safe.
type table struct {
	w    *csv.Writer
	rows int
	rec  []string
}

func newTable(w io.Writer, header []string) (*table, error) {
	if _, err := io.WriteString(w, bom); err != nil {
		return nil, err
	}
	t := &table{w: csv.NewWriter(w)}
	t.w.UseCRLF = true
	if err := t.w.Write(header); err != nil {
		return nil, err
	}
	return t, nil
}

func (t *table) write(cells []string) error {
	t.rec = t.rec[:0]
	for _, c := range cells {
		t.rec = append(t.rec, Cell(c))
	}
	if err := t.w.Write(t.rec); err != nil {
		return err
	}
	t.rows++
	return nil
}

func (t *table) Close() error { t.w.Flush(); return t.w.Error() }
func (t *table) Rows() int    { return t.rows }

// CaseColumns are the CSV columns of every case export, in order.
var CaseColumns = []string{
	"case_number", "station", "status", "outcome", "police_ref", "sensitive",
	"held_at", "referred_at", "handed_over_at", "closed_at",
	"risk_level", "risk_score", "action", "inspector",
	"inspection", "stage", "direction", "courier", "transport_mode", "waybill",
	"origin_country", "origin_city", "destination_country", "destination_city", "transit_countries",
	"declared_contents", "declared_categories", "declared_weight_kg", "measured_weight_kg", "contents_check",
	"products", "species", "scientific_names", "cites_appendices", "trade_terms", "quantities",
	"concealment", "detection_method", "checklist_yes", "seals", "storage",
}

// PersonalColumns follow CaseColumns in an export with personal data.
var PersonalColumns = []string{
	"sender_name", "sender_phone", "sender_address", "sender_id_type", "sender_id_number", "sender_id_name",
	"receiver_name", "receiver_phone", "receiver_address", "receiver_id_type", "receiver_id_number", "receiver_id_name",
	"agent_name", "agent_phone", "agent_address", "agent_id_type", "agent_id_number", "agent_id_name",
	"notes", "decision_reason",
}

// list joins several values in one cell.
func list(v []string) string { return strings.Join(v, "; ") }

type caseCSV struct {
	*table
	o Options
}

func newCaseCSV(w io.Writer, o Options) (*caseCSV, error) {
	header := CaseColumns
	if o.Personal {
		header = append(append([]string{}, CaseColumns...), PersonalColumns...)
	}
	t, err := newTable(w, header)
	if err != nil {
		return nil, err
	}
	return &caseCSV{table: t, o: o}, nil
}

func (x *caseCSV) Write(c *Case) error {
	in, o := c.Inspection, x.o
	p := in.Parcel
	var declared, cats []string
	for _, d := range p.Contents {
		declared = append(declared, d.Name)
		cats = append(cats, d.Category)
	}
	var cards, species, sci, apps, terms, qty []string
	for _, pr := range o.Products(in) {
		cards = append(cards, pr.Card)
		species = append(species, pr.Species)
		sci = append(sci, pr.Scientific)
		apps = append(apps, pr.Appendix)
		terms = append(terms, pr.TradeTerm)
		q, unit := pr.Quantity()
		if pr.Count > 0 && pr.WeightKg > 0 {
			q += " " + unit + ", " + num(pr.WeightKg)
			unit = "kg"
		}
		qty = append(qty, strings.TrimSpace(q+" "+unit))
	}
	var action, storage string
	var seals []string
	if d := in.Decision; d != nil {
		action, storage, seals = d.Action, d.Storage, d.Seals
	}
	row := []string{
		c.Number, c.Station, c.Status, c.Outcome, c.PoliceRef, yesNo(c.Sensitive),
		o.stamp(c.HeldAt), o.stamp(c.Referred), o.stamp(c.Handed), o.stamp(c.Closed),
		c.Risk, strconv.Itoa(c.Score), action, c.Inspector,
		in.ID, p.Stage, p.Direction, p.Courier, TransportMode(p.Courier), p.Waybill,
		p.Origin.Country, p.Origin.City, p.Destination.Country, p.Destination.City, list(p.Transit),
		list(declared), list(cats), num(p.DeclaredWeightKg), num(p.MeasuredWeightKg), in.ContentsCheck,
		list(cards), list(species), list(sci), list(apps), list(terms), list(qty),
		o.Concealment(in), o.Detection(in), list(yesItems(in)), list(seals), storage,
	}
	if o.Personal {
		for _, role := range inspect.Roles {
			var pt inspect.Party
			if q := in.Party(role); q != nil && c.Personal {
				pt = *q
			}
			var id inspect.IDDocument
			if pt.ID != nil {
				id = *pt.ID
			}
			row = append(row, pt.Name, pt.Phone, pt.Address, id.Type, id.Number, id.Name)
		}
		notes, reason := "", ""
		if c.Personal {
			notes = in.Notes
			reason = decisionReason(in.Decision, x.o.Pack)
		}
		row = append(row, notes, reason)
	}
	return x.write(row)
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
