package ui

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
	"tusk/app/store"
	"tusk/app/ui/widgets"
	"tusk/i18n"
)

// dashWeeks is the default period: the last 12 weeks, this one included.
const dashWeeks = 12

// dashMonths is how many past months the period and report choices offer.
const dashMonths = 13

// dashScreen is the supervisor's dashboard: filters, headline figures,
// the charts with a Save as PNG each, and the monthly PDF report.
type dashScreen struct {
	period, station, inspector *widget.Select
	months                     []time.Time // first days, newest first; period index i+1 is months[i]
	stations                   []string    // depot codes, aligned with station options after "all"
	inspectors                 []store.StatsInspector

	held, referred, hitRate, handover *widget.Label
	charts                            map[string]*dashChart
	chartBox                          *fyne.Container
	stats                             *store.Stats

	month   *widget.Select // report month
	lang    *widget.Select
	report  *widget.Button
	message *widget.Label
}

// dashChart is one chart as drawn: the image shown is the image saved.
type dashChart struct {
	chart report.Chart
	img   *canvas.Image
	save  *widget.Button
}

// dashView is the dashboard's root, so tests reach the screen from the shell.
type dashView struct {
	widget.BaseWidget
	s       *dashScreen
	content fyne.CanvasObject
}

func (v *dashView) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(v.content) }

// buildDashboard shows the supervisor's charts.
func (u *UI) buildDashboard() fyne.CanvasObject {
	s := &dashScreen{charts: map[string]*dashChart{}, message: &widget.Label{Wrapping: fyne.TextWrapWord}}
	now := u.deps.Now()
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
	s.stations, _ = u.deps.Store.Stations(u.ctx())
	stationOpts = append(stationOpts, s.stations...)
	s.station = widgets.NewSelect(stationOpts, nil)
	s.station.SetSelectedIndex(0)

	inspOpts := []string{i18n.T("dashboard.all_inspectors")}
	s.inspectors, _ = u.deps.Store.CaseInspectors(u.ctx(), u.user)
	for _, in := range s.inspectors {
		inspOpts = append(inspOpts, in.Name+" · "+in.Station)
	}
	s.inspector = widgets.NewSelect(inspOpts, nil)
	s.inspector.SetSelectedIndex(0)
	for _, sel := range []*widget.Select{s.period, s.station, s.inspector} {
		sel.OnChanged = func(string) { u.idle.touch(); u.refreshDashboard(s) }
	}

	s.held, s.referred, s.hitRate, s.handover = figure(), figure(), figure(), figure()
	figures := container.NewGridWithColumns(4,
		figureCard("dashboard.held", s.held), figureCard("dashboard.referred", s.referred),
		figureCard("dashboard.hit_rate", s.hitRate), figureCard("dashboard.handover_median", s.handover))

	// The monthly report: last complete month by default.
	s.month = widgets.NewSelect(months, nil)
	s.month.SetSelectedIndex(min(1, len(months)-1))
	lang := i18n.Default
	if u.depot != nil {
		lang = u.depot.Language
	}
	s.lang = widgets.LanguageSelect(lang, nil)
	s.report = &widget.Button{Text: i18n.T("dashboard.report_button"), Icon: fynetheme.DocumentSaveIcon(), Importance: widget.HighImportance,
		OnTapped: u.act(func() { u.saveReportDialog(s) })}
	reportBox := container.NewVBox(
		&widget.Label{Text: i18n.T("dashboard.report_help"), Wrapping: fyne.TextWrapWord, Importance: widget.LowImportance},
		container.NewHBox(widget.NewLabel(i18n.T("dashboard.month")), s.month, widget.NewLabel(i18n.T("dashboard.language")), s.lang, s.report))

	s.chartBox = container.NewVBox()
	filters := widgets.FormGrid(widgets.NewField("dashboard.period", s.period), widgets.NewField("dashboard.station", s.station), widgets.NewField("dashboard.inspector", s.inspector))
	top := container.NewVBox(widgets.Heading("nav.dashboard"), u.silentStations(), filters, figures, widget.NewSeparator(), reportBox, s.message, widget.NewSeparator())
	u.refreshDashboard(s)
	v := &dashView{s: s, content: container.NewBorder(nil, nil, nil, nil, container.NewVScroll(container.NewPadded(container.NewVBox(top, s.chartBox))))}
	v.ExtendBaseWidget(v)
	return v
}

func figure() *widget.Label {
	return &widget.Label{Text: "—", SizeName: fynetheme.SizeNameHeadingText, TextStyle: fyne.TextStyle{Bold: true}, Alignment: fyne.TextAlignCenter}
}

func figureCard(key string, value *widget.Label) fyne.CanvasObject {
	return widget.NewCard("", "", container.NewVBox(value, &widget.Label{Text: i18n.T(key), Alignment: fyne.TextAlignCenter, Wrapping: fyne.TextWrapWord}))
}

// filter is what the selects choose.
func (u *UI) dashFilter(s *dashScreen) store.StatsFilter {
	var f store.StatsFilter
	if i := s.period.SelectedIndex(); i > 0 && i-1 < len(s.months) {
		m := s.months[i-1]
		f.From, f.To = store.MonthRange(m.Year(), m.Month())
	} else {
		f.From, f.To = store.LastWeeks(u.deps.Now(), dashWeeks)
	}
	if i := s.station.SelectedIndex(); i > 0 && i-1 < len(s.stations) {
		f.Station = s.stations[i-1]
	}
	if i := s.inspector.SelectedIndex(); i > 0 && i-1 < len(s.inspectors) {
		f.InspectorID = s.inspectors[i-1].ID
	}
	return f
}

// refreshDashboard counts and redraws everything for the chosen filter.
// The whole dashboard takes some 20 ms, so it runs in the callback.
func (u *UI) refreshDashboard(s *dashScreen) {
	st, err := u.deps.Store.Stats(u.ctx(), u.user, u.dashFilter(s))
	if err != nil {
		s.message.Importance = widget.DangerImportance
		s.message.SetText(i18n.T(widgets.ErrorKey(err)))
		return
	}
	s.stats = st
	s.held.SetText(fmt.Sprint(st.Held))
	s.referred.SetText(fmt.Sprint(st.Referred))
	s.hitRate.SetText(report.Percent(st.HitRate))
	s.handover.SetText(report.Hours(i18n.Current(), st.Handover))
	charts, err := report.Charts(st, report.Labels{T: i18n.Current(), Pack: u.pack()}, chart.Size)
	if err != nil {
		s.message.Importance = widget.DangerImportance
		s.message.SetText(err.Error())
		return
	}
	s.chartBox.Objects = nil
	for _, c := range charts {
		dc := &dashChart{chart: c}
		dc.img = canvas.NewImageFromImage(c.Image)
		dc.img.FillMode = canvas.ImageFillContain
		b := c.Image.Bounds()
		// Shown at 60% of the drawn size: crisp, and two fit on a laptop screen.
		dc.img.SetMinSize(fyne.NewSize(float32(b.Dx())*0.6, float32(b.Dy())*0.6))
		dc.save = &widget.Button{Text: i18n.T("dashboard.save_png"), Icon: fynetheme.DocumentSaveIcon(),
			OnTapped: u.act(func() { u.saveChartDialog(s, dc) })}
		s.charts[c.ID] = dc
		s.chartBox.Add(container.NewBorder(nil, container.NewHBox(dc.save), nil, nil, dc.img))
		s.chartBox.Add(widget.NewSeparator())
	}
	s.chartBox.Refresh()
}

// writeChart writes the chart's PNG: the very image on screen.
func writeChart(dc *dashChart, w io.Writer) error {
	b, err := chart.PNG(dc.chart.Image)
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// saveChart writes a chart's PNG to path and says so.
func (u *UI) saveChart(s *dashScreen, id, path string) error {
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
	u.dashSaved(s, path, err)
	return err
}

func (u *UI) saveChartDialog(s *dashScreen, dc *dashChart) {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			return
		}
		err = writeChart(dc, w)
		if cerr := w.Close(); err == nil {
			err = cerr
		}
		u.dashSaved(s, w.URI().Path(), err)
	}, u.win)
	d.SetFileName(dc.chart.ID + ".png")
	u.dialogs.Track(d)
}

// reportOptions are the chosen month and language.
func (u *UI) reportOptions(s *dashScreen) report.Options {
	opt := report.Options{Lang: widgets.SelectedLanguage(s.lang), Pack: u.pack(), Created: u.deps.Now()}
	if u.depot != nil {
		opt.Depot = *u.depot
	}
	if i := s.month.SelectedIndex(); i >= 0 && i < len(s.months) {
		opt.Year, opt.Month = s.months[i].Year(), s.months[i].Month()
	}
	return opt
}

// saveReport makes the chosen month's PDF and writes it to path.
func (u *UI) saveReport(s *dashScreen, path string) error {
	pdf, err := report.Make(u.ctx(), u.deps.Store, u.user, u.reportOptions(s))
	if err == nil {
		err = os.WriteFile(path, pdf, 0o644)
	}
	u.dashSaved(s, path, err)
	return err
}

// saveReportDialog asks where to save; the PDF is made once chosen.
func (u *UI) saveReportDialog(s *dashScreen) {
	opt := u.reportOptions(s)
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			return
		}
		pdf, err := report.Make(u.ctx(), u.deps.Store, u.user, opt)
		if err == nil {
			_, err = w.Write(pdf)
		}
		if cerr := w.Close(); err == nil {
			err = cerr
		}
		u.dashSaved(s, w.URI().Path(), err)
	}, u.win)
	code := "tusk"
	if u.depot != nil {
		code = u.depot.Code
	}
	d.SetFileName(code + "-" + report.MonthLabel(opt.Year, opt.Month) + ".pdf")
	u.dialogs.Track(d)
}

func (u *UI) dashSaved(s *dashScreen, path string, err error) {
	if err != nil {
		s.message.Importance = widget.DangerImportance
		problem := i18n.T(widgets.ErrorKey(err))
		if widgets.ErrorKey(err) == "common.err.unexpected" {
			problem = err.Error() // a file system's own words name the folder at fault
		}
		s.message.SetText(i18n.T("dashboard.save_failed", "Problem", problem))
		return
	}
	s.message.Importance = widget.SuccessImportance
	s.message.SetText(i18n.T("dashboard.saved", "Path", path))
}
