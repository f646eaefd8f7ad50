package export

import (
	"io"
	"strconv"

	"tusk/app/inspect"
)

// CITESColumns are the columns of the non-nominal table: one line per
// product found in a case, no names, ID numbers, phone numbers, addresses,
// waybills or free text.
//
// The first twenty follow, in order, the fields of the CITES annual
// illegal trade report (format adopted at SC66 from SC66 Doc. 30.2,
// guidelines approved at SC71): date and place of seizure, the agency,
// the species, the description of the specimens in the terms and units of
// the CITES annual report guidelines, quantity and unit, the reason for
// the seizure, mode of transport, method of concealment, suspected
// origin, transit and final destination, the legal basis, the sanction,
// the disposal of the specimens, their estimated value and the
// offenders' nationality. A depot cannot know the agency, the reason in
// law, the legal basis, the sanction, the disposal, the value or (without
// personal data) the nationality: those columns stay empty for the
// authority to fill in. Tusk's own columns follow.
var CITESColumns = []string{
	"date_of_seizure", "country_of_seizure", "place_of_seizure", "seizing_agency",
	"scientific_name", "description_of_specimens", "trade_term_code", "quantity", "unit",
	"reason_for_seizure", "mode_of_transport", "method_of_concealment",
	"country_of_origin", "countries_of_transit", "country_of_destination",
	"legal_basis", "sanction", "disposal_of_specimens", "estimated_value", "nationality_of_offenders",
	// Tusk's own, for the authority to ask back and to filter.
	"reference", "common_name", "cites_appendix", "card", "weight_kg", "detection_method", "carrier", "status", "outcome",
}

// OutcomeNotWildlife is the outcome of a case whose goods turned out not
// to be wildlife: such a case is no seizure and has no line in the table.
const OutcomeNotWildlife = "not_wildlife"

type citesCSV struct {
	*table
	o Options
}

func newCITES(w io.Writer, o Options) (*citesCSV, error) {
	t, err := newTable(w, CITESColumns)
	if err != nil {
		return nil, err
	}
	return &citesCSV{table: t, o: o}, nil
}

// Write adds one line per finding. A case with no product found, one
// closed as not wildlife, or a parcel refused under the postal rules (a
// prohibited article that is not wildlife, such as a power bank) adds none.
func (x *citesCSV) Write(c *Case) error {
	if c.Outcome == OutcomeNotWildlife || postalOnly(c.Inspection) {
		return nil
	}
	in, o := c.Inspection, x.o
	p := in.Parcel
	for _, pr := range o.Products(in) {
		q, unit := citesQuantity(pr)
		row := []string{
			o.day(c.HeldAt), seizureCountry(c), place(c), "",
			pr.Scientific, pr.TradeTerm, pr.TradeTermCode, q, unit,
			"", TransportMode(p.Courier), o.Concealment(in),
			p.Origin.Country, list(p.Transit), p.Destination.Country,
			"", "", "", "", "",
			c.Number, pr.Species, pr.Appendix, pr.Card, num(pr.WeightKg), o.Detection(in), p.Courier, c.Status, c.Outcome,
		}
		if err := x.write(row); err != nil {
			return err
		}
	}
	return nil
}

// citesQuantity is the quantity in the units of the CITES annual report
// guidelines: a count of specimens has no unit, a weight is in kg.
func citesQuantity(p Product) (string, string) {
	switch {
	case p.Count > 0:
		return strconv.Itoa(p.Count), ""
	case p.WeightKg > 0:
		return num(p.WeightKg), "kg"
	}
	return "", ""
}

// postalOnly: the parcel's last assessment refused it under the postal
// rules, with no wildlife sign.
func postalOnly(in *inspect.Inspection) bool {
	return in != nil && in.Assessment != nil && in.Assessment.Action == inspect.ActionRefusePostal
}

// compile-time checks that the writers are Writers.
var (
	_ Writer = (*caseCSV)(nil)
	_ Writer = (*jsonWriter)(nil)
	_ Writer = (*citesCSV)(nil)
)
