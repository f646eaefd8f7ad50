package dashboard

import (
	"fmt"
	"io"
	"os"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tusk/app/chart"
	"tusk/app/report"
	"tusk/app/sop"
	"tusk/app/store"
	"tusk/app/ui/widgets"
	"tusk/i18n"
)

// dashWeeks is the default period: the last 12 weeks, this one included.
const dashWeeks = 12

// dashMonths is how many past months the period and report choices offer.
const dashMonths = 13

// view is one showing of the dashboard: filters, headline figures, the
// charts with a Save as PNG each, and the monthly PDF report.
type view struct {
	sc *Screen

	period, station, inspector *widget.Select
	months                     []time.Time // first days, newest first; period index i+1 is months[i]
	stations                   []string    // depot codes, aligned with station options after "all"
	inspectors                 []store.StatsInspector

	held, referred, hitRate, handover *widget.Label
	charts                            map[string]*chartView
	chartBox                          *fyne.Container
	order                             []*chartView // as shown
	// export saves one chart as PNG, chosen from its menu; one button
	// instead of a Save as PNG under each of seven charts.
	export     *widget.Button
	menu       *widget.PopUpMenu // the export menu while open
	exportMenu *fyne.Menu
	stats      *store.Stats

	month   *widget.Select // report month
	lang    *widget.Select
	report  *widget.Button
	message *widget.Label
}

// chartView is one chart as drawn: the image shown is the image saved.
type chartView struct {
	chart report.Chart
	img   *canvas.Image
}

// Build shows the supervisor's charts.
func (sc *Screen) Build() fyne.CanvasObject {
	env := sc.env()
	s := &view{sc: sc, charts: map[string]*chartView{}, message: &widget.Label{Wrapping: fyne.TextWrapWord}}
	sc.cur = s
	now := sc.now()
	first := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.Local)
	periods := []string{i18n.T("dashboard.last_weeks")}
	var months []string
	for i := range dashMonths {
		m := first.AddDate(0, -i, 0)
		s.months = append(s.months, m)
		periods = append(periods, report.MonthLabel(m.Year(), m.Month()))
		months = append(months, report.MonthLabel(m.Year(), m.Month()))
	}
	s.period = widgets.NewSelect(periods, nil)
	s.period.SetSelectedIndex(0)

	stationOpts := []string{i18n.T("dashboard.all_stations")}
	s.stations, _ = sc.d.Store.Stations(sc.ctx())
	stationOpts = append(stationOpts, s.stations...)
	s.station = widgets.NewSelect(stationOpts, nil)
	s.station.SetSelectedIndex(0)

	inspOpts := []string{i18n.T("dashboard.all_inspectors")}
	s.inspectors, _ = sc.d.Store.CaseInspectors(sc.ctx(), sc.user())
	for _, in := range s.inspectors {
		inspOpts = append(inspOpts, in.Name+" · "+in.Station)
	}
	s.inspector = widgets.NewSelect(inspOpts, nil)
	s.inspector.SetSelectedIndex(0)
	for _, sel := range []*widget.Select{s.period, s.station, s.inspector} {
		sel.OnChanged = func(string) { env.Act(s.refresh)() }
	}

	s.held, s.referred, s.hitRate, s.handover = figure(), figure(), figure(), figure()
	figures := container.NewGridWithColumns(4,
		figureCard("dashboard.held", s.held), figureCard("dashboard.referred", s.referred),
		figureCard("dashboard.hit_rate", s.hitRate), figureCard("dashboard.handover_median", s.handover))

	// The monthly report: last complete month by default.
	s.month = widgets.NewSelect(months, nil)
	s.month.SetSelectedIndex(min(1, len(months)-1))
	lang := i18n.Default
	if d := env.Depot(); d != nil {
		lang = d.Language
	}
	s.lang = widgets.LanguageSelect(lang, nil)
	s.report = &widget.Button{Text: i18n.T("dashboard.report_button"), Icon: fynetheme.DocumentSaveIcon(), Importance: widget.HighImportance,
		OnTapped: env.Act(s.saveReportDialog)}
	reportBox := container.NewVBox(
		&widget.Label{Text: i18n.T("dashboard.report_help"), Wrapping: fyne.TextWrapWord, Importance: widget.LowImportance},
		container.NewHBox(widget.NewLabel(i18n.T("dashboard.month")), s.month, widget.NewLabel(i18n.T("dashboard.language")), s.lang, s.report))

	s.chartBox = container.NewVBox()
	// A menu button: the arrow says a list opens, where an ellipsis drawn
	// by the CJK font came out as "Export···".
	s.export = &widget.Button{Text: i18n.T("dash.export_chart"), Icon: fynetheme.MenuDropDownIcon(), IconPlacement: widget.ButtonIconTrailingText,
		OnTapped: env.Act(s.showExportMenu)}
	filters := widgets.FormGrid(widgets.NewField("dashboard.period", s.period), widgets.NewField("dashboard.station", s.station), widgets.NewField("dashboard.inspector", s.inspector))
	notices := fyne.CanvasObject(container.NewVBox())
	if sc.d.Notices != nil {
		notices = sc.d.Notices()
	}
	// The message line takes no room until there is something to say.
	s.message.Hide()
	top := container.NewVBox(widgets.Heading("nav.dashboard"), notices, filters, figures, widget.NewSeparator(), reportBox, s.message, widget.NewSeparator())
	s.refresh()
	return container.NewVScroll(container.NewPadded(container.NewVBox(top, container.NewHBox(s.export), s.chartBox)))
}

func (sc *Screen) now() time.Time {
	if sc.d.Env.Now != nil {
		return sc.d.Env.Now()
	}
	return time.Now()
}

// pack is the content pack shown now, or nil.
func (sc *Screen) pack() *sop.Pack {
	if sc.d.Env.Pack == nil {
		return nil
	}
	return sc.d.Env.Pack()
}

func figure() *widget.Label {
	return &widget.Label{Text: "—", SizeName: fynetheme.SizeNameHeadingText, TextStyle: fyne.TextStyle{Bold: true}, Alignment: fyne.TextAlignCenter}
}

func figureCard(key string, value *widget.Label) fyne.CanvasObject {
	return widget.NewCard("", "", container.NewVBox(value, &widget.Label{Text: i18n.T(key), Alignment: fyne.TextAlignCenter, Wrapping: fyne.TextWrapWord}))
}

// filter is what the selects choose.
func (s *view) filter() store.StatsFilter {
	var f store.StatsFilter
	if i := s.period.SelectedIndex(); i > 0 && i-1 < len(s.months) {
		m := s.months[i-1]
		f.From, f.To = store.MonthRange(m.Year(), m.Month())
	} else {
		f.From, f.To = store.LastWeeks(s.sc.now(), dashWeeks)
	}
	if i := s.station.SelectedIndex(); i > 0 && i-1 < len(s.stations) {
		f.Station = s.stations[i-1]
	}
	if i := s.inspector.SelectedIndex(); i > 0 && i-1 < len(s.inspectors) {
		f.InspectorID = s.inspectors[i-1].ID
	}
	return f
}

// refresh counts and redraws everything for the chosen filter. The whole
// dashboard takes some 20 ms, so it runs in the callback.
func (s *view) refresh() {
	sc := s.sc
	st, err := sc.d.Store.Stats(sc.ctx(), sc.user(), s.filter())
	if err != nil {
		s.say(widget.DangerImportance, i18n.T(widgets.ErrorKey(err)))
		return
	}
	s.stats = st
	s.held.SetText(fmt.Sprint(st.Held))
	s.referred.SetText(fmt.Sprint(st.Referred))
	s.hitRate.SetText(report.Percent(st.HitRate))
	s.handover.SetText(report.Hours(i18n.Current(), st.Handover))
	charts, err := report.Charts(st, report.Labels{T: i18n.Current(), Pack: sc.pack()}, chart.Size)
	if err != nil {
		s.say(widget.DangerImportance, err.Error())
		return
	}
	s.chartBox.Objects = nil
	s.order = nil
	for _, c := range charts {
		dc := &chartView{chart: c}
		dc.img = canvas.NewImageFromImage(c.Image)
		dc.img.FillMode = canvas.ImageFillContain
		b := c.Image.Bounds()
		// Shown at 60% of the drawn size: crisp, and two fit on a laptop screen.
		dc.img.SetMinSize(fyne.NewSize(float32(b.Dx())*0.6, float32(b.Dy())*0.6))
		s.charts[c.ID] = dc
		s.order = append(s.order, dc)
		s.chartBox.Add(dc.img)
		s.chartBox.Add(widget.NewSeparator())
	}
	s.chartBox.Refresh()
}

// showExportMenu lists the charts by title under the export button; the
// one chosen is saved as PNG.
func (s *view) showExportMenu() {
	var items []*fyne.MenuItem
	for _, dc := range s.order {
		items = append(items, fyne.NewMenuItem(dc.chart.Title, s.sc.env().Act(func() { s.saveChartDialog(dc) })))
	}
	c := s.sc.env().Win.Canvas()
	s.exportMenu = fyne.NewMenu("", items...)
	s.menu = widget.NewPopUpMenu(s.exportMenu, c)
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(s.export)
	s.menu.ShowAtPosition(pos.Add(fyne.NewPos(0, s.export.Size().Height)))
}

// writeChart writes the chart's PNG: the very image on screen.
func writeChart(dc *chartView, w io.Writer) error {
	b, err := chart.PNG(dc.chart.Image)
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// saveChart writes a chart's PNG to path and says so.
func (s *view) saveChart(id, path string) error {
	dc := s.charts[id]
	if dc == nil {
		return store.ErrNotFound
	}
	f, err := os.Create(path)
	if err == nil {
		err = writeChart(dc, f)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	s.saved(path, err)
	return err
}

func (s *view) saveChartDialog(dc *chartView) {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			return
		}
		err = writeChart(dc, w)
		if cerr := w.Close(); err == nil {
			err = cerr
		}
		s.saved(w.URI().Path(), err)
	}, s.sc.env().Win)
	d.SetFileName(dc.chart.ID + ".png")
	s.sc.env().Dialogs.Track(d)
}

// reportOptions are the chosen month and language.
func (s *view) reportOptions() report.Options {
	opt := report.Options{Lang: widgets.SelectedLanguage(s.lang), Pack: s.sc.pack(), Created: s.sc.now()}
	if d := s.sc.env().Depot(); d != nil {
		opt.Depot = *d
	}
	if i := s.month.SelectedIndex(); i >= 0 && i < len(s.months) {
		opt.Year, opt.Month = s.months[i].Year(), s.months[i].Month()
	}
	return opt
}

// saveReport makes the chosen month's PDF and writes it to path.
func (s *view) saveReport(path string) error {
	pdf, err := report.Make(s.sc.ctx(), s.sc.d.Store, s.sc.user(), s.reportOptions())
	if err == nil {
		err = os.WriteFile(path, pdf, 0o644)
	}
	s.saved(path, err)
	return err
}

// saveReportDialog asks where to save; the PDF is made once chosen.
func (s *view) saveReportDialog() {
	sc := s.sc
	opt := s.reportOptions()
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			return
		}
		pdf, err := report.Make(sc.ctx(), sc.d.Store, sc.user(), opt)
		if err == nil {
			_, err = w.Write(pdf)
		}
		if cerr := w.Close(); err == nil {
			err = cerr
		}
		s.saved(w.URI().Path(), err)
	}, sc.env().Win)
	code := "tusk"
	if dep := sc.env().Depot(); dep != nil {
		code = dep.Code
	}
	d.SetFileName(code + "-" + report.MonthLabel(opt.Year, opt.Month) + ".pdf")
	sc.env().Dialogs.Track(d)
}

func (s *view) saved(path string, err error) {
	if err != nil {
		problem := i18n.T(widgets.ErrorKey(err))
		if widgets.ErrorKey(err) == "common.err.unexpected" {
			problem = err.Error() // a file system's own words name the folder at fault
		}
		s.say(widget.DangerImportance, i18n.T("dashboard.save_failed", "Problem", problem))
		return
	}
	s.say(widget.SuccessImportance, i18n.T("dashboard.saved", "Path", path))
}

// say shows a message under the report row.
func (s *view) say(imp widget.Importance, text string) {
	s.message.Importance = imp
	s.message.SetText(text)
	s.message.Show()
}
