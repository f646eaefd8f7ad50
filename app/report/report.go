package report

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/jung-kurt/gofpdf"

	"tusk/app/chart"
	"tusk/app/sop"
	"tusk/app/store"
	"tusk/assets"
	"tusk/i18n"
)

// Options are the monthly report's depot, month and language.
type Options struct {
	Depot   store.Depot
	Year    int
	Month   time.Month
	Lang    string    // the depot's language if empty
	Pack    *sop.Pack // names products and species; nil leaves card IDs
	Font    []byte    // a single-face TrueType; the bundled font if nil
	Created time.Time // printed and stored in the PDF; now if zero
}

// MonthLabel is "2026-11".
func MonthLabel(year int, month time.Month) string { return fmt.Sprintf("%04d-%02d", year, int(month)) }

// ParseMonth reads "2026-11".
func ParseMonth(s string) (int, time.Month, error) {
	t, err := time.Parse("2006-01", s)
	if err != nil {
		return 0, 0, fmt.Errorf("month %q: want YYYY-MM", s)
	}
	return t.Year(), t.Month(), nil
}

// Source is what Make asks of the store: the counts, and the audit entry
// that says the report was made.
type Source interface {
	Stats(ctx context.Context, actor *store.User, f store.StatsFilter) (*store.Stats, error)
	Audit(ctx context.Context, actor *store.User, action, subject, detail string) error
}

// Make counts the month's cases and renders the report. Needs CapDecide
// (through store.Stats); audited as report.make.
func Make(ctx context.Context, s Source, actor *store.User, opt Options) ([]byte, error) {
	from, to := store.MonthRange(opt.Year, opt.Month)
	st, err := s.Stats(ctx, actor, store.StatsFilter{From: from, To: to})
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := Render(&b, st, opt); err != nil {
		return nil, err
	}
	if err := s.Audit(ctx, actor, "report.make", "report:"+MonthLabel(opt.Year, opt.Month),
		fmt.Sprintf("held=%d referred=%d bytes=%d", st.Held, st.Referred, b.Len())); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

const (
	fontFamily = "tusk"
	margin     = 15.0
	lineH      = 5.2
)

type pdfDoc struct {
	pdf   *gofpdf.Fpdf
	t     *i18n.Translator
	l     Labels
	width float64
}

// Render writes the monthly report of st as an A4 PDF.
func Render(w io.Writer, st *store.Stats, opt Options) error {
	lang := opt.Lang
	if lang == "" {
		lang = opt.Depot.Language
	}
	t := i18n.New(lang)
	font := opt.Font
	if font == nil {
		font = assets.Font()
	}
	created := opt.Created
	if created.IsZero() {
		created = time.Now()
	}
	l := Labels{T: t, Pack: opt.Pack, StaffRef: true}
	charts, err := Charts(st, l, chart.Size)
	if err != nil {
		return err
	}

	pdf := gofpdf.New("P", "mm", "A4", "")
	pdf.SetCreationDate(created)
	pdf.SetModificationDate(created)
	pdf.SetCatalogSort(true)
	pdf.SetCompression(true)
	pdf.SetMargins(margin, margin, margin)
	pdf.SetAutoPageBreak(true, margin+6)
	pdf.AddUTF8FontFromBytes(fontFamily, "", font)
	pdf.SetFont(fontFamily, "", 10)
	month := MonthLabel(opt.Year, opt.Month)
	title := t.T("dashboard.report_title")
	pdf.SetTitle(title+" "+month, true)
	pdf.SetSubject(opt.Depot.Code+" "+month, true)
	pdf.SetCreator("Tusk", false)
	pdf.AliasNbPages("{nb}")
	pdf.SetFooterFunc(func() {
		pdf.SetY(-margin)
		pdf.SetFont(fontFamily, "", 8)
		pdf.SetTextColor(100, 100, 100)
		pdf.CellFormat(0, 4, opt.Depot.Code+" · "+month+" · "+t.T("dashboard.report_page", "Page", pdf.PageNo(), "Pages", "{nb}"), "", 0, "C", false, 0, "")
		pdf.SetTextColor(0, 0, 0)
	})
	pw, _ := pdf.GetPageSize()
	d := &pdfDoc{pdf: pdf, t: t, l: l, width: pw - 2*margin}

	pdf.AddPage()
	pdf.SetFont(fontFamily, "", 18)
	d.para(title+" · "+month, 8)
	pdf.SetFont(fontFamily, "", 11)
	d.para(opt.Depot.Name+" · "+opt.Depot.Code+" · "+opt.Depot.Country, lineH+0.6)
	pdf.SetFont(fontFamily, "", 8.5)
	pdf.SetTextColor(90, 90, 90)
	d.para(t.T("dashboard.report_made", "Date", created.Format("2006-01-02 15:04 MST"))+"  "+t.T("dashboard.report_privacy"), 4.2)
	pdf.SetTextColor(0, 0, 0)
	pdf.Ln(3)

	d.heading(t.T("dashboard.report_counts"))
	closed := []string{}
	for _, o := range store.Outcomes {
		closed = append(closed, fmt.Sprintf("%s %d", t.T("dashboard.outcome."+o), st.Outcomes[o]))
	}
	rows := [][]string{
		{t.T("dashboard.held"), fmt.Sprint(st.Held)},
		{t.T("dashboard.refused"), fmt.Sprint(st.Refused)},
		{t.T("dashboard.referred"), fmt.Sprint(st.Referred)},
		{t.T("dashboard.handed_over"), fmt.Sprint(st.HandedOver)},
		{t.T("dashboard.closed"), fmt.Sprintf("%d (%s)", st.Closed, join(closed))},
		{t.T("dashboard.still_open"), fmt.Sprint(st.Open)},
		{t.T("dashboard.hit_rate"), Percent(st.HitRate) + "  (" + t.T("dashboard.hit_rate_means") + ")"},
		{t.T("dashboard.handover_median"), Hours(t, st.Handover)},
		{t.T("dashboard.handover_p90"), p90Hours(t, st.Handover)},
	}
	d.table([]string{"", ""}, []float64{0.42, 0.58}, rows, false)

	d.heading(t.T("dashboard.report_products"))
	rows = nil
	for i, k := range st.ByProduct.Keys {
		if i == 10 {
			break
		}
		species, appendix := "", ""
		if opt.Pack != nil {
			if sp := opt.Pack.CardSpecies(k); sp != nil {
				species = sp.Names.In(lang) + " (" + sp.Scientific + ")"
				appendix = sp.CITES.Appendix
			}
		}
		rows = append(rows, []string{fmt.Sprint(i + 1), l.Product(k), species, appendix, fmt.Sprint(st.ByProduct.Totals[i])})
	}
	d.table([]string{"#", t.T("dashboard.product"), t.T("dashboard.species"), t.T("dashboard.cites"), t.T("dashboard.cases")},
		[]float64{0.05, 0.37, 0.36, 0.1, 0.12}, rows, true)

	d.heading(t.T("dashboard.report_routes"))
	rows = nil
	for i, k := range st.ByRoute.Keys {
		if i == 10 {
			break
		}
		rows = append(rows, []string{fmt.Sprint(i + 1), l.Route(k), fmt.Sprint(st.ByRoute.Totals[i]),
			Percent(float64(st.ByRoute.Totals[i]) / float64(max(st.Held, 1)))})
	}
	d.table([]string{"#", t.T("dashboard.route"), t.T("dashboard.cases"), t.T("dashboard.share")}, []float64{0.05, 0.55, 0.2, 0.2}, rows, true)

	d.heading(t.T("dashboard.report_stations"))
	d.groupTable(t.T("dashboard.station"), st.Stations, func(g store.GroupStats) string { return g.Name })
	d.heading(t.T("dashboard.report_inspectors"))
	d.groupTable(t.T("dashboard.inspector_ref"), st.Inspectors, l.Inspector)

	// The charts, two to a page, the bar lists at their own height.
	for _, c := range charts {
		if c.ID == ChartInspectors || c.ID == ChartStations {
			continue // in the tables above
		}
		d.image(c)
	}
	if err := pdf.Error(); err != nil {
		return err
	}
	return pdf.Output(w)
}

func p90Hours(t *i18n.Translator, d store.Durations) string {
	if d.N == 0 {
		return "—"
	}
	return Hours(t, store.Durations{N: d.N, Median: d.P90}) + "  (n = " + fmt.Sprint(d.N) + ")"
}

func join(parts []string) string {
	out := ""
	for i, p := range parts {
		if i > 0 {
			out += " · "
		}
		out += p
	}
	return out
}

func (d *pdfDoc) heading(s string) {
	d.pdf.Ln(2)
	if _, y := d.pdf.GetXY(); y > 260 {
		d.pdf.AddPage()
	}
	d.pdf.SetFont(fontFamily, "", 12.5)
	d.pdf.CellFormat(0, 7, s, "B", 1, "L", false, 0, "")
	d.pdf.SetFont(fontFamily, "", 9.5)
	d.pdf.Ln(1)
}

// table draws rows with column widths as fractions of the text width;
// cells wrap, and a row never splits across pages.
func (d *pdfDoc) table(head []string, frac []float64, rows [][]string, withHead bool) {
	pdf := d.pdf
	ws := make([]float64, len(frac))
	for i, f := range frac {
		ws[i] = f * d.width
	}
	row := func(cells []string, fill bool) {
		wrapped := make([][]string, len(cells))
		lines := 1
		for i, c := range cells {
			wrapped[i] = d.wrap(c, ws[i]-2)
			lines = max(lines, len(wrapped[i]))
		}
		h := float64(lines)*lineH + 1
		_, y := pdf.GetXY()
		_, ph := pdf.GetPageSize()
		if y+h > ph-margin-6 {
			pdf.AddPage()
			_, y = pdf.GetXY()
		}
		x := margin
		for i := range cells {
			if fill {
				pdf.SetFillColor(235, 238, 242)
				pdf.Rect(x, y, ws[i], h, "F")
			}
			pdf.Line(x, y+h, x+ws[i], y+h)
			for j, line := range wrapped[i] {
				pdf.SetXY(x+1, y+0.5+float64(j)*lineH)
				pdf.CellFormat(ws[i]-2, lineH, line, "", 0, "L", false, 0, "")
			}
			x += ws[i]
		}
		pdf.SetXY(margin, y+h)
	}
	pdf.SetDrawColor(200, 200, 200)
	if withHead {
		row(head, true)
	}
	if len(rows) == 0 {
		d.para(d.t.T("dashboard.no_cases"), lineH+1)
		return
	}
	for _, r := range rows {
		row(r, false)
	}
}

// para writes text across the text width, wrapped by wrap.
func (d *pdfDoc) para(s string, h float64) {
	for _, line := range d.wrap(s, d.width) {
		d.pdf.CellFormat(0, h, line, "", 1, "L", false, 0, "")
	}
}

// wrap splits s into lines no wider than w at the current font size:
// at spaces, or between any two characters of a word too long for a line
// (Chinese has no spaces). gofpdf's own MultiCell drops a character where
// it breaks a line of CJK text.
func (d *pdfDoc) wrap(s string, w float64) []string {
	var lines []string
	var line []rune
	lastSpace := -1
	for _, r := range s {
		line = append(line, r)
		if r == ' ' {
			lastSpace = len(line) - 1
		}
		if d.pdf.GetStringWidth(string(line)) <= w || len(line) == 1 {
			continue
		}
		cut := len(line) - 1 // break before this rune
		if lastSpace > 0 {
			cut = lastSpace
		}
		lines = append(lines, strings.TrimRight(string(line[:cut]), " "))
		line = []rune(strings.TrimLeft(string(line[cut:]), " "))
		lastSpace = -1
		for i, r := range line {
			if r == ' ' {
				lastSpace = i
			}
		}
	}
	if len(line) > 0 || len(lines) == 0 {
		lines = append(lines, string(line))
	}
	return lines
}

func (d *pdfDoc) groupTable(first string, gs []store.GroupStats, name func(store.GroupStats) string) {
	t := d.t
	var rows [][]string
	for _, g := range gs {
		rows = append(rows, []string{name(g), fmt.Sprint(g.Held), fmt.Sprint(g.Referred), fmt.Sprint(g.HandedOver), Percent(g.HitRate), Hours(t, g.Handover)})
	}
	d.table([]string{first, t.T("dashboard.held"), t.T("dashboard.referred"), t.T("dashboard.handed_over"), t.T("dashboard.hit_rate"), t.T("dashboard.handover_median")},
		[]float64{0.3, 0.12, 0.14, 0.14, 0.14, 0.16}, rows, true)
}

// image places a chart at the text width, on a new page when it does not fit.
func (d *pdfDoc) image(c Chart) {
	pdf := d.pdf
	png, err := chart.PNG(c.Image)
	if err != nil {
		pdf.SetError(err)
		return
	}
	b := c.Image.Bounds()
	h := d.width * float64(b.Dy()) / float64(b.Dx())
	_, y := pdf.GetXY()
	_, ph := pdf.GetPageSize()
	if y+h+4 > ph-margin-6 {
		pdf.AddPage()
		_, y = pdf.GetXY()
	}
	pdf.RegisterImageOptionsReader("chart-"+c.ID, gofpdf.ImageOptions{ImageType: "PNG"}, bytes.NewReader(png))
	pdf.ImageOptions("chart-"+c.ID, margin, y+2, d.width, h, false, gofpdf.ImageOptions{ImageType: "PNG"}, 0, "")
	pdf.SetXY(margin, y+h+6)
}
