package report

import (
	"bytes"
	"context"
	"image"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jung-kurt/gofpdf"

	"tusk/app/inspect"
	"tusk/app/sop"
	"tusk/app/store"
	"tusk/assets"
	"tusk/data"
	"tusk/i18n"
)

var ctx = context.Background()

// personal is what must never reach the report.
var personal = []string{"Juma Hassan", "255712345678", "712 345", "Li Ming", "19900101", "RR1234", "Neema", "Mushi", "Kariakoo Street"}

// fixture is a depot with four cases held in November 2026 and one in
// October, two of them referred and handed over.
func fixture(t testing.TB) (*store.Store, *store.User) {
	t.Helper()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	now := time.Date(2026, 11, 3, 9, 0, 0, 0, time.Local)
	st.Now = func() time.Time { return now }
	sup, err := st.Setup(ctx, store.Depot{Code: "TZ-DAR1", Name: "Dar es Salaam Kariakoo", Country: "TZ", Language: "en"},
		store.NewUser{Name: "Amina Juma", PIN: "246810", Language: "en"})
	if err != nil {
		t.Fatal(err)
	}
	insp, err := st.AddUser(ctx, sup, store.NewUser{Name: "Neema Mushi", Role: store.Inspector, PIN: "135790", Language: "sw"})
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range []struct {
		day    int
		month  time.Month
		card   string
		origin string
		refer  bool
	}{
		{3, 11, "pangolin-scales", "TZ", true},
		{4, 11, "pangolin-scales", "TZ", true},
		{10, 11, "ivory-carving", "CM", false},
		{17, 11, "rhino-horn-powder", "TZ", false},
		{20, 10, "tiger-bone", "VN", false},
	} {
		now = time.Date(2026, p.month, p.day, 10, 0, 0, 0, time.Local)
		in, err := st.StartInspection(ctx, insp, "RR12340000"+string(rune('0'+i))+"TZ", inspect.StageXray)
		if err != nil {
			t.Fatal(err)
		}
		in.Parcel.Origin, in.Parcel.Destination = inspect.Place{Country: p.origin}, inspect.Place{Country: "CN", City: "Guangzhou"}
		in.Parties = []inspect.Party{
			{Role: inspect.RoleSender, Name: "Juma Hassan", Phone: "+255 712 345 678", Address: "Kariakoo Street 12",
				ID: &inspect.IDDocument{Type: inspect.DocTZNIDA, Number: "19900101-12345-67890-12"}},
			{Role: inspect.RoleReceiver, Name: "Li Ming", Phone: "+86 139 8765 4321"}}
		in.Findings = []inspect.Finding{{Card: p.card, Confidence: inspect.ConfidenceHigh}}
		if err := st.SaveDraft(ctx, insp, in); err != nil {
			t.Fatal(err)
		}
		c, err := st.Decide(ctx, insp, in.ID, inspect.Decision{Action: inspect.ActionHold, Reason: "x-ray", Seals: []string{"S-1"}, Storage: "cage"},
			inspect.Assessment{Score: 70, Level: inspect.LevelRed})
		if err != nil {
			t.Fatal(err)
		}
		if p.refer {
			now = now.Add(time.Hour)
			if _, err := st.DecideCase(ctx, sup, c.Number, store.CaseDecision{Kind: store.KindRefer, Addressee: "tz-police"}); err != nil {
				t.Fatal(err)
			}
			if _, err := st.DecideCase(ctx, sup, c.Number, store.CaseDecision{Kind: store.KindHandover, Officer: "Insp. Mrisho", Unit: "WCU",
				HandoverAt: now.Add(time.Duration(3+2*i) * time.Hour)}); err != nil {
				t.Fatal(err)
			}
		}
	}
	now = time.Date(2026, 12, 2, 9, 0, 0, 0, time.Local)
	return st, sup
}

func pack(t testing.TB) *sop.Pack {
	t.Helper()
	p, err := sop.Load(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// pdfText extracts a PDF's text with pdftotext, or skips the test.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext (poppler-utils) not installed")
	}
	path := filepath.Join(t.TempDir(), "r.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-layout", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

func TestMonthlyReport(t *testing.T) {
	st, sup := fixture(t)
	p := pack(t)
	for _, c := range []struct {
		lang string
		want []string
	}{
		{"en", []string{"Monthly summary", "2026-11", "Dar es Salaam Kariakoo", "TZ-DAR1", "Held", "4", "Referred to police", "50%",
			"5 h", "Pangolin scales", "Manis", "TZ → CN", "INS-0002", "Top routes", "By station"}},
		{"zh", []string{"月度汇总", "2026-11", "穿山甲鳞片", "命中率", "50%", "TZ → CN"}},
		{"vi", []string{"Tóm tắt hằng tháng", "Vảy tê tê"}},
	} {
		t.Run(c.lang, func(t *testing.T) {
			pdf, err := Make(ctx, st, sup, Options{Depot: mustDepot(t, st), Year: 2026, Month: 11, Lang: c.lang, Pack: p,
				Created: time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)})
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(pdf, []byte("%PDF")) {
				t.Fatal("not a PDF")
			}
			text := pdfText(t, pdf)
			// pdftotext spaces runs of text its own way: compare without spaces.
			flat := strings.Join(strings.Fields(text), "")
			for _, w := range c.want {
				if !strings.Contains(flat, strings.Join(strings.Fields(w), "")) {
					t.Errorf("%q not on the page", w)
				}
			}
			for _, w := range personal {
				if strings.Contains(text, w) {
					t.Errorf("personal data %q in the report", w)
				}
			}
			// October's tiger bone is outside the month.
			if strings.Contains(flat, "Tiger bone") || strings.Contains(flat, "虎骨") {
				t.Error("a case of another month is counted")
			}
		})
	}
	// Making it is audited; an inspector may not.
	entries, _ := st.RecentAudit(ctx, 1)
	if len(entries) != 1 || entries[0].Action != "report.make" || entries[0].Subject != "report:2026-11" {
		t.Errorf("audit %+v", entries)
	}
	users, _ := st.Users(ctx, false)
	for _, u := range users {
		if u.Role == store.Inspector {
			if _, err := Make(ctx, st, u, Options{Year: 2026, Month: 11}); err == nil {
				t.Error("an inspector made the report")
			}
		}
	}
}

func mustDepot(t *testing.T, st *store.Store) store.Depot {
	t.Helper()
	d, err := st.Depot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return *d
}

func TestEmptyMonthReport(t *testing.T) {
	st, sup := fixture(t)
	pdf, err := Make(ctx, st, sup, Options{Depot: mustDepot(t, st), Year: 2025, Month: 1})
	if err != nil {
		t.Fatal(err)
	}
	if text := pdfText(t, pdf); !strings.Contains(text, "No cases in this period.") {
		t.Errorf("empty month does not say so:\n%s", text)
	}
}

func TestChartsLabelsInEveryLanguage(t *testing.T) {
	st, sup := fixture(t)
	from, to := store.MonthRange(2026, 11)
	stats, err := st.Stats(ctx, sup, store.StatsFilter{From: from, To: to})
	if err != nil {
		t.Fatal(err)
	}
	p := pack(t)
	for _, l := range i18n.Languages {
		charts, err := Charts(stats, Labels{T: i18n.New(l.Code), Pack: p}, image.Pt(800, 360))
		if err != nil {
			t.Fatal(err)
		}
		if len(charts) != len(ChartIDs) {
			t.Fatalf("%s: %d charts", l.Code, len(charts))
		}
		for i, c := range charts {
			if c.ID != ChartIDs[i] || c.Image == nil || c.Title == "" || strings.HasPrefix(c.Title, "dashboard.") {
				t.Errorf("%s: chart %d %+v", l.Code, i, c.ID)
			}
		}
	}
	l := Labels{T: i18n.New("zh"), Pack: p}
	if got := l.Product("pangolin-scales"); got != "穿山甲鳞片" {
		t.Errorf("product in Chinese %q", got)
	}
	if got := l.Country("TZ"); !strings.Contains(got, "(TZ)") {
		t.Errorf("country %q", got)
	}
	if got := l.Route(store.RouteKey("", "CN")); got != "始发地未记录 → CN" {
		t.Errorf("route %q", got)
	}
	if got := (Labels{T: i18n.New("en"), StaffRef: true}).Inspector(store.GroupStats{Key: "7", Name: "Neema Mushi", Station: "TZ-DAR1"}); got != "INS-0007 · TZ-DAR1" {
		t.Errorf("staff ref %q", got)
	}
}

func TestParseMonth(t *testing.T) {
	for _, c := range []struct {
		in string
		ok bool
	}{{"2026-11", true}, {"2026-1", false}, {"11/2026", false}, {"", false}} {
		y, m, err := ParseMonth(c.in)
		if (err == nil) != c.ok || (c.ok && MonthLabel(y, m) != c.in) {
			t.Errorf("ParseMonth(%q) = %d %d %v", c.in, y, m, err)
		}
	}
}

// TestWrapKeepsEveryCharacter guards against gofpdf's MultiCell, which
// drops the character where it breaks a line of Chinese.
func TestWrapKeepsEveryCharacter(t *testing.T) {
	pdf := newTestDoc(t)
	for _, s := range []string{
		"Carved hornbill casque ('hornbill ivory', 鹤顶红)",
		"仅含统计数字：不含寄件人、收件人、证件号或电话号码；检查员以员工编号表示。",
		"Chỉ có số liệu: không có người gửi, người nhận, số giấy tờ hay số điện thoại",
		"", "a", "Supercalifragilisticexpialidocious",
	} {
		for _, w := range []float64{8, 20, 45, 200} {
			lines := pdf.wrap(s, w)
			joined := strings.Join(lines, "")
			if strings.ReplaceAll(joined, " ", "") != strings.ReplaceAll(s, " ", "") {
				t.Errorf("wrap(%q, %v) lost text: %q", s, w, lines)
			}
			for _, l := range lines {
				if len([]rune(l)) > 1 && pdf.pdf.GetStringWidth(l) > w {
					t.Errorf("wrap(%q, %v): line %q too wide", s, w, l)
				}
			}
		}
	}
}

func newTestDoc(t *testing.T) *pdfDoc {
	t.Helper()
	pdf := gofpdf.New("P", "mm", "A4", "")
	pdf.AddUTF8FontFromBytes(fontFamily, "", assets.Font())
	pdf.SetFont(fontFamily, "", 10)
	pdf.AddPage()
	return &pdfDoc{pdf: pdf, t: i18n.New("en"), width: 180}
}

// BenchmarkMonthlyReport counts and renders the fixture's month.
func BenchmarkMonthlyReport(b *testing.B) {
	st, sup := fixture(b)
	p := pack(b)
	opt := Options{Depot: store.Depot{Code: "TZ-DAR1", Name: "Dar es Salaam Kariakoo", Language: "zh"}, Year: 2026, Month: 11, Pack: p, Created: time.Unix(0, 0)}
	for b.Loop() {
		if _, err := Make(ctx, st, sup, opt); err != nil {
			b.Fatal(err)
		}
	}
}

// Countries the pack does not list have their names in the reader's
// language too: the origins chart showed "NG" and "KZ" bare.
func TestCountriesByNameInEveryLanguage(t *testing.T) {
	p := pack(t)
	for _, code := range []string{"NG", "KZ"} {
		if p.CountryByCode[code] != nil {
			t.Fatalf("the pack lists %s: pick a country it does not", code)
		}
	}
	want := map[string]map[string]string{
		"en": {"NG": "Nigeria (NG)", "KZ": "Kazakhstan (KZ)"},
		"zh": {"NG": "尼日利亚 (NG)", "KZ": "哈萨克斯坦 (KZ)"},
		"vi": {"NG": "Nigeria (NG)", "KZ": "Kazakhstan (KZ)"},
		"sw": {"NG": "Nigeria (NG)", "KZ": "Kazakistani (KZ)"},
		"fr": {"NG": "Nigéria (NG)", "KZ": "Kazakhstan (KZ)"},
	}
	for _, lang := range i18n.Languages {
		l := Labels{T: i18n.New(lang.Code), Pack: p}
		for code, name := range want[lang.Code] {
			if got := l.Country(code); got != name {
				t.Errorf("%s: %s is %q, want %q", lang.Code, code, got, name)
			}
		}
		if got := l.Country("XX"); got != "XX" {
			t.Errorf("%s: a code that names no country reads %q", lang.Code, got)
		}
	}
}

// A route whose destination (or origin) was not recorded says so in
// words, in every language; "CN → ?" read as a typo.
func TestRouteWithAnEndNotRecorded(t *testing.T) {
	for _, lang := range i18n.Languages {
		l := Labels{T: i18n.New(lang.Code)}
		for _, key := range []string{store.RouteKey("CN", ""), store.RouteKey("", "CN"), store.RouteKey("", "")} {
			got := l.Route(key)
			if strings.Contains(got, "?") || strings.Contains(got, "dash.") || got == "" {
				t.Errorf("%s: route %q reads %q", lang.Code, key, got)
			}
		}
		if got := l.Route(store.RouteKey("CN", "VN")); got != "CN → VN" {
			t.Errorf("%s: a whole route reads %q", lang.Code, got)
		}
	}
	if got := (Labels{T: i18n.New("en")}).Route(store.RouteKey("CN", "")); got != "CN → destination not recorded" {
		t.Errorf("route %q", got)
	}
}
