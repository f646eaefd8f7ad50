package export

import (
	"io"

	"tusk/app/inspect"
)

// CITESColumns are the columns of the non-nominal table, after the CITES
// annual illegal-trade report: one line per product found in a case. No
// names, ID numbers, phone numbers, addresses, waybills or free text.
var CITESColumns = []string{
	"reference", "date_of_seizure", "country_of_seizure", "place_of_seizure",
	"scientific_name", "common_name", "cites_appendix", "trade_term_code", "trade_term", "card",
	"quantity", "unit", "weight_kg",
	"concealment", "detection_method", "transport_mode", "carrier",
	"country_of_origin", "countries_of_transit", "country_of_destination",
	"status", "outcome",
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
		q, unit := pr.Quantity()
		row := []string{
			c.Number, o.day(c.HeldAt), seizureCountry(c), place(c),
			pr.Scientific, pr.Species, pr.Appendix, pr.TradeTermCode, pr.TradeTerm, pr.Card,
			q, unit, num(pr.WeightKg),
			o.Concealment(in), o.Detection(in), TransportMode(p.Courier), p.Courier,
			p.Origin.Country, list(p.Transit), p.Destination.Country,
			c.Status, c.Outcome,
		}
		if err := x.write(row); err != nil {
			return err
		}
	}
	return nil
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
