// Package report turns store.Stats into the dashboard's charts and into
// the monthly summary PDF for the company and the CITES authority. The
// report carries counts only: no parties, no waybills, no ID or phone
// numbers, and inspectors by an opaque staff reference, never by name.
package report

import (
	"fmt"
	"image"
	"math"
	"strings"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"tusk/app/chart"
	"tusk/app/sop"
	"tusk/app/store"
	"tusk/i18n"
)

// Chart IDs, which also name the saved PNG files.
const (
	ChartProducts   = "products"
	ChartOrigins    = "origins"
	ChartRoutes     = "routes"
	ChartHitRate    = "hit_rate"
	ChartHandover   = "handover"
	ChartStations   = "stations"
	ChartInspectors = "inspectors"
)

// ChartIDs lists the charts in the order the dashboard shows them.
var ChartIDs = []string{ChartProducts, ChartOrigins, ChartRoutes, ChartHitRate, ChartHandover, ChartStations, ChartInspectors}

// Chart is one drawn chart.
type Chart struct {
	ID    string
	Title string
	Image *image.RGBA
}

// Labels names what the stats key by ID, in one language.
type Labels struct {
	T    *i18n.Translator
	Pack *sop.Pack // nil: card IDs and country codes stay as they are
	// StaffRef, when set, names an inspector by an opaque reference
	// instead of by name (the PDF leaves the company).
	StaffRef bool
}

// Product is a card's title in the language, or its ID.
func (l Labels) Product(id string) string {
	if id == "" {
		return l.T.T("dashboard.no_product")
	}
	if l.Pack != nil {
		if c := l.Pack.CardByID[id]; c != nil {
			return c.Title.In(l.T.Lang())
		}
	}
	return id
}

// Country is a country's name in the reader's language with its code:
// from the pack, else from the Unicode CLDR names (CountryName), so a
// country the pack does not list reads "Nigeria (NG)", not "NG".
func (l Labels) Country(code string) string {
	if code == "" {
		return l.T.T("dashboard.unknown_country")
	}
	if l.Pack != nil {
		if c := l.Pack.CountryByCode[code]; c != nil {
			return c.Names.In(l.T.Lang()) + " (" + code + ")"
		}
	}
	if name := CountryName(code, l.T.Lang()); name != "" {
		return name + " (" + code + ")"
	}
	return code
}

// CountryName is the name of the country with ISO 3166 code in language
// lang, from golang.org/x/text/language/display (the Unicode CLDR's
// names, which cover all five of Tusk's languages), or "" when the code
// names no country.
func CountryName(code, lang string) string {
	r, err := language.ParseRegion(code)
	if err != nil || !r.IsCountry() {
		return ""
	}
	tag, err := language.Parse(lang)
	if err != nil {
		tag = language.English
	}
	namer := display.Regions(tag)
	if namer == nil {
		namer = display.Regions(language.English)
	}
	return namer.Name(r)
}

// Route is "TZ → CN"; codes keep it short. An end not recorded says so
// in words: "CN → ?" read as a typo.
func (l Labels) Route(key string) string {
	o, d, ok := strings.Cut(key, ">")
	switch {
	case !ok:
		return key
	case o == "" && d == "":
		return l.T.T("dash.route_unknown")
	case d == "":
		return l.T.T("dash.route_no_destination", "Origin", o)
	case o == "":
		return l.T.T("dash.route_no_origin", "Destination", d)
	}
	return o + " → " + d
}

// Inspector names an inspector: by name, or by staff reference.
func (l Labels) Inspector(g store.GroupStats) string {
	name := g.Name
	if l.StaffRef || name == "" {
		name = StaffRef(g.Key)
	}
	if g.Station != "" {
		name += " · " + g.Station
	}
	return name
}

// StaffRef is an inspector's opaque reference: their user number.
func StaffRef(key string) string {
	var id int64
	fmt.Sscan(key, &id)
	return fmt.Sprintf("INS-%04d", id)
}

// Week is the short label of a week on a chart's axis.
func (l Labels) Week(w store.Week) string { return l.T.T("dashboard.week_short", "Week", w.Week) }

// Percent writes a rate as "50%".
func Percent(r float64) string { return chart.Number(math.Round(r*1000)/10) + "%" }

// Hours writes a duration in hours with one decimal, "—" for none.
func Hours(t *i18n.Translator, d store.Durations) string {
	if d.N == 0 {
		return "—"
	}
	return t.T("dashboard.hours", "Hours", chart.Number(math.Round(d.Median.Hours()*10)/10))
}

// maxSeries is how many keys a stacked chart shows before "other".
const maxSeries = 6

// stacked folds a series into at most maxSeries named keys plus "other".
func stacked(title string, st *store.Stats, s store.Series, name func(string) string, l Labels) chart.Stacked {
	c := chart.Stacked{Title: title, Empty: l.T.T("dashboard.no_cases")}
	for _, w := range st.Weeks {
		c.Categories = append(c.Categories, l.Week(w))
	}
	n := min(len(s.Keys), maxSeries)
	if len(s.Keys) == maxSeries+1 {
		n = len(s.Keys) // one more key reads better than "other" for one
	}
	for k := 0; k < n; k++ {
		v := make([]float64, len(st.Weeks))
		for w := range st.Weeks {
			v[w] = float64(s.Weekly[w][k])
		}
		c.Series = append(c.Series, chart.Series{Label: fmt.Sprintf("%s (%d)", name(s.Keys[k]), s.Totals[k]), Values: v})
	}
	if n < len(s.Keys) {
		v := make([]float64, len(st.Weeks))
		total := 0
		for k := n; k < len(s.Keys); k++ {
			total += s.Totals[k]
			for w := range st.Weeks {
				v[w] += float64(s.Weekly[w][k])
			}
		}
		c.Series = append(c.Series, chart.Series{Label: fmt.Sprintf("%s (%d)", l.T.T("dashboard.other"), total), Values: v})
	}
	return c
}

// groupBars lists stations or inspectors by cases held, with the rate.
func groupBars(title string, gs []store.GroupStats, name func(store.GroupStats) string, l Labels) chart.Bars {
	c := chart.Bars{Title: title, Empty: l.T.T("dashboard.no_cases")}
	for _, g := range gs {
		c.Bars = append(c.Bars, chart.Bar{Label: name(g), Value: float64(g.Held),
			Text: l.T.T("dashboard.group_bar", "Held", g.Held, "Referred", g.Referred, "Rate", Percent(g.HitRate))})
	}
	return c
}

// Charts draws every chart of the stats at size (chart.Size if zero).
func Charts(st *store.Stats, l Labels, size image.Point) ([]Chart, error) {
	r, err := chart.Default()
	if err != nil {
		return nil, err
	}
	if size == (image.Point{}) {
		size = chart.Size
	}
	t := l.T
	var out []Chart
	add := func(id, title string, img *image.RGBA) { out = append(out, Chart{ID: id, Title: title, Image: img}) }

	title := t.T("dashboard.chart_products")
	add(ChartProducts, title, r.StackedBars(stacked(title, st, st.ByProduct, l.Product, l), size))
	title = t.T("dashboard.chart_origins")
	add(ChartOrigins, title, r.StackedBars(stacked(title, st, st.ByOrigin, l.Country, l), size))

	title = t.T("dashboard.chart_routes")
	routes := chart.Bars{Title: title, Empty: t.T("dashboard.no_cases")}
	for i, k := range st.ByRoute.Keys {
		if i == 12 {
			break
		}
		routes.Bars = append(routes.Bars, chart.Bar{Label: l.Route(k), Value: float64(st.ByRoute.Totals[i]),
			Text: fmt.Sprintf("%d (%s)", st.ByRoute.Totals[i], Percent(float64(st.ByRoute.Totals[i])/float64(max(st.Held, 1))))})
	}
	add(ChartRoutes, title, r.BarList(routes, chart.BarsSize(size.X, len(routes.Bars))))

	weeks := make([]string, len(st.Weeks))
	for i, w := range st.Weeks {
		weeks[i] = l.Week(w)
	}
	title = t.T("dashboard.chart_hit_rate")
	rates := make([]float64, len(st.Weeks))
	for i := range st.Weeks {
		rates[i] = math.NaN()
		if st.HeldWeekly[i] > 0 {
			rates[i] = float64(st.ReferredWeekly[i]) / float64(st.HeldWeekly[i])
		}
	}
	add(ChartHitRate, title, r.LineChart(chart.Lines{Title: title, Categories: weeks, Empty: t.T("dashboard.no_cases"),
		Series: []chart.Series{{Label: t.T("dashboard.hit_rate"), Values: rates}}, Format: Percent, Max: 1}, size))

	title = t.T("dashboard.chart_handover")
	med, p90 := make([]float64, len(st.Weeks)), make([]float64, len(st.Weeks))
	for i, d := range st.HandoverWeekly {
		med[i], p90[i] = math.NaN(), math.NaN()
		if d.N > 0 {
			med[i], p90[i] = roundHours(d.Median), roundHours(d.P90)
		}
	}
	add(ChartHandover, title, r.LineChart(chart.Lines{Title: title, Categories: weeks, Empty: t.T("dashboard.no_handovers"),
		Series: []chart.Series{{Label: t.T("dashboard.median"), Values: med}, {Label: t.T("dashboard.p90"), Values: p90}}}, size))

	title = t.T("dashboard.chart_stations")
	bars := groupBars(title, st.Stations, func(g store.GroupStats) string { return g.Name }, l)
	add(ChartStations, title, r.BarList(bars, chart.BarsSize(size.X, len(bars.Bars))))
	title = t.T("dashboard.chart_inspectors")
	bars = groupBars(title, st.Inspectors, l.Inspector, l)
	add(ChartInspectors, title, r.BarList(bars, chart.BarsSize(size.X, len(bars.Bars))))
	return out, nil
}

func roundHours(d time.Duration) float64 { return math.Round(d.Hours()*10) / 10 }
