package dashboard

import (
	"bytes"
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"tusk/app/inspect"
	"tusk/app/report"
	"tusk/app/store"
	"tusk/i18n"
)

// dashCases holds three parcels in the last weeks as the inspector; the
// supervisor refers and hands over the first two, 2 h and 4 h after holding.
func (h *harness) dashCases() {
	h.t.Helper()
	insp, sup := h.users[store.Inspector], h.users[store.Supervisor]
	now := h.now
	for i, card := range []string{"pangolin-scales", "pangolin-scales", "ivory-carving"} {
		held := now.Add(-time.Duration(10+i) * 24 * time.Hour)
		h.st.Now = func() time.Time { return held }
		in, err := h.st.StartInspection(bg, insp, "TZ30000000"+string(rune('1'+i)), inspect.StageAcceptance)
		if err != nil {
			h.t.Fatal(err)
		}
		in.Parcel.Origin, in.Parcel.Destination = inspect.Place{Country: "TZ"}, inspect.Place{Country: "CN"}
		in.Parties = []inspect.Party{{Role: inspect.RoleSender, Name: "Juma Hassan"}}
		in.Findings = []inspect.Finding{{Card: card, Confidence: inspect.ConfidenceHigh}}
		if err := h.st.SaveDraft(bg, insp, in); err != nil {
			h.t.Fatal(err)
		}
		c, err := h.st.Decide(bg, insp, in.ID, inspect.Decision{Action: inspect.ActionHold, Reason: "x-ray", Seals: []string{"S-1"}, Storage: "Cage 1"},
			inspect.Assessment{Level: inspect.LevelRed, Score: 80})
		if err != nil {
			h.t.Fatal(err)
		}
		if i < 2 {
			if _, err := h.st.DecideCase(bg, sup, c.Number, store.CaseDecision{Kind: store.KindRefer, Addressee: "tz-police"}); err != nil {
				h.t.Fatal(err)
			}
			if _, err := h.st.DecideCase(bg, sup, c.Number, store.CaseDecision{Kind: store.KindHandover, Officer: "Insp. Mrisho", Unit: "WCU",
				HandoverAt: held.Add(time.Duration(2+2*i) * time.Hour)}); err != nil {
				h.t.Fatal(err)
			}
		}
	}
	h.st.Now = func() time.Time { return h.now }
}

func TestDashboardShowsFiguresAndSaves(t *testing.T) {
	h := newHarness(t)
	h.dashCases()
	s := h.open("en")
	for _, want := range []struct{ label, value string }{
		{"held", "3"}, {"referred", "2"}, {"hit rate", "66.7%"}, {"median", "3 h"},
	} {
		got := map[string]string{"held": s.held.Text, "referred": s.referred.Text, "hit rate": s.hitRate.Text, "median": s.handover.Text}[want.label]
		if got != want.value {
			t.Errorf("%s shows %q, want %q", want.label, got, want.value)
		}
		if !h.sees(want.value) {
			t.Errorf("%q not visible", want.value)
		}
	}
	if s.period.Selected != "Last 12 weeks" {
		t.Errorf("period %q", s.period.Selected)
	}
	for _, want := range []string{"Held", "Hit rate", "Save a chart as PNG", "Monthly report (PDF)"} {
		if !h.sees(want) {
			t.Errorf("%q not shown", want)
		}
	}
	if len(s.charts) != len(report.ChartIDs) || s.stats.ByProduct.Total("pangolin-scales") != 2 {
		t.Fatalf("%d charts, stats %+v", len(s.charts), s.stats.ByProduct)
	}

	// Save as PNG writes the image on screen.
	dir := t.TempDir()
	path := filepath.Join(dir, "products.png")
	if err := s.saveChart(report.ChartProducts, path); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil || img.Bounds() != s.charts[report.ChartProducts].img.Image.Bounds() {
		t.Fatalf("saved PNG: %v", err)
	}
	if !strings.Contains(s.message.Text, path) {
		t.Errorf("message %q", s.message.Text)
	}
	if err := s.saveChart(report.ChartProducts, filepath.Join(dir, "no", "such", "dir.png")); err == nil || !strings.HasPrefix(s.message.Text, "Could not save") {
		t.Errorf("bad folder: %v, %q", err, s.message.Text)
	}

	// Filters: an inspector with no cases gives zeros; a month back too.
	s.inspector.SetSelectedIndex(1)
	if s.held.Text != "3" {
		t.Errorf("the case inspector's own figures: %q", s.held.Text)
	}
	s.inspector.SetSelectedIndex(0)
	s.period.SetSelectedIndex(len(s.period.Options) - 1) // a year ago
	if s.held.Text != "0" || s.handover.Text != "—" {
		t.Errorf("an empty month shows %q, %q", s.held.Text, s.handover.Text)
	}

	// The monthly report of the month the cases fall in.
	held := h.now.Add(-10 * 24 * time.Hour)
	for i, m := range s.months {
		if m.Year() == held.Year() && m.Month() == held.Month() {
			s.month.SetSelectedIndex(i)
		}
	}
	pdf := filepath.Join(dir, "report.pdf")
	if err := s.saveReport(pdf); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(pdf); !bytes.HasPrefix(b, []byte("%PDF")) {
		t.Error("report is not a PDF")
	}
}

func TestDashboardInChinese(t *testing.T) {
	h := newHarness(t)
	h.dashCases()
	s := h.open("zh")
	for _, want := range []string{"命中率", "将图表保存为PNG", "月度报告（PDF）"} {
		if !h.sees(want) {
			t.Errorf("%q not shown", want)
		}
	}
	if c := s.charts[report.ChartProducts]; !strings.Contains(c.chart.Title, "每周") {
		t.Errorf("chart title %q", c.chart.Title)
	}
}

// The charts' export is one menu button with a proper label in every
// language, listing the charts by title; the chosen one goes to the save
// dialog. Before, a label ending in "…" came out as "Export···" in the
// app's CJK font.
func TestDashboardExportMenu(t *testing.T) {
	h := newHarness(t)
	h.dashCases()
	for _, lang := range []string{"en", "zh", "vi", "sw", "fr"} {
		s := h.open(lang)
		label := s.export.Text
		if label != i18n.T("dash.export_chart") || strings.HasPrefix(label, "dash.") {
			t.Errorf("%s: export button %q", lang, label)
		}
		for _, bad := range []string{"…", "...", "···"} {
			if strings.Contains(label, bad) {
				t.Errorf("%s: export button %q has %q", lang, label, bad)
			}
		}
		if s.export.Icon == nil {
			t.Errorf("%s: no arrow says a menu opens", lang)
		}
		test.Tap(s.export)
		if s.menu == nil || !s.menu.Visible() {
			t.Fatalf("%s: no menu", lang)
		}
		items := s.exportMenu.Items
		if len(items) != len(report.ChartIDs) || len(s.menu.Items) != len(items) {
			t.Fatalf("%s: %d charts in the menu", lang, len(items))
		}
		for i, it := range items {
			if it.Label != s.order[i].chart.Title {
				t.Errorf("%s: item %d %q, chart %q", lang, i, it.Label, s.order[i].chart.Title)
			}
		}
		test.Tap(s.menu.Items[0].(fyne.Tappable))
		if h.env.Dialogs.Open() != 1 {
			t.Errorf("%s: choosing a chart opened %d dialogs", lang, h.env.Dialogs.Open())
		}
		h.env.Dialogs.CloseAll()
		s.menu.Hide()
	}
}

// What the supervisor sees, as drawn: the filters, the four figures, the
// report row, the export menu button and the charts, at 1024×700 in
// English and Chinese. A layout that jumps or a control that goes
// missing fails here (testdata/*.xml; a changed drawing is written to
// testdata/failed/ to review).
func TestDashboardRendersAsDrawn(t *testing.T) {
	h := newHarness(t)
	h.dashCases()
	for _, lang := range []string{"en", "zh"} {
		h.open(lang)
		test.AssertRendersToMarkup(t, "dashboard_"+lang+".xml", h.w.Canvas())
	}
}
