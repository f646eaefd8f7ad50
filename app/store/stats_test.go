package store

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"tusk/app/inspect"
)

// heldAt logs one held parcel at a given time with its products and route.
func heldAt(t *testing.T, d *depotWithStaff, at time.Time, actor *User, action string, cards []string, origin, dest string) *inspect.Case {
	t.Helper()
	d.clk.t = at
	in, err := d.s.StartInspection(ctx, actor, fmt.Sprintf("RR%09dTZ", at.Unix()%1e9), inspect.StageXray)
	if err != nil {
		t.Fatal(err)
	}
	in.Parcel.Origin, in.Parcel.Destination = inspect.Place{Country: origin}, inspect.Place{Country: dest}
	in.Parties = []inspect.Party{{Role: inspect.RoleSender, Name: "Juma Hassan", Phone: "+255 712 345 678"}}
	for _, c := range cards {
		in.Findings = append(in.Findings, inspect.Finding{Card: c, Confidence: inspect.ConfidenceHigh})
	}
	if err := d.s.SaveDraft(ctx, actor, in); err != nil {
		t.Fatal(err)
	}
	c, err := d.s.Decide(ctx, actor, in.ID, inspect.Decision{Action: action, Reason: "x-ray", Seals: []string{"S-1"}, Storage: "cage"},
		inspect.Assessment{Score: 70, Level: inspect.LevelRed})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestStats(t *testing.T) {
	d := newDepot(t)
	// Monday 2 November 2026 is the first day of ISO week 45.
	mon := time.Date(2026, 11, 2, 10, 0, 0, 0, time.Local)
	from := time.Date(2026, 11, 2, 0, 0, 0, 0, time.Local)
	to := from.AddDate(0, 0, 21) // weeks 45, 46, 47
	c1 := heldAt(t, d, mon, d.insp, inspect.ActionHold, []string{"pangolin-scales"}, "TZ", "CN")
	c2 := heldAt(t, d, mon.AddDate(0, 0, 1), d.insp, inspect.ActionRefuse, []string{"ivory-carving", "pangolin-scales"}, "TZ", "VN")
	c3 := heldAt(t, d, mon.AddDate(0, 0, 8), d.insp2, inspect.ActionHold, nil, "CM", "CN")
	c4 := heldAt(t, d, mon.AddDate(0, 0, 15), d.insp2, inspect.ActionHold, []string{"pangolin-scales"}, "TZ", "CN")
	heldAt(t, d, mon.AddDate(0, 0, -3), d.insp, inspect.ActionHold, []string{"rhino-horn"}, "ZA", "CN") // before the period
	// c1 and c2 referred and handed over after 2 h and 6 h; c4 released.
	for i, c := range []*inspect.Case{c1, c2} {
		d.clk.t = mon.AddDate(0, 0, 20)
		decide(t, d, d.sup, c.Number, CaseDecision{Kind: KindRefer, Addressee: "tz-police"})
		held := mon.AddDate(0, 0, i)
		decide(t, d, d.sup, c.Number, CaseDecision{Kind: KindHandover, Officer: "Insp. Mrisho", Unit: "WCU", HandoverAt: held.Add(time.Duration(2+4*i) * time.Hour)})
	}
	decide(t, d, d.sup, c1.Number, CaseDecision{Kind: KindClose, Outcome: OutcomeSeizure, PoliceRef: "WCU/1"})
	decide(t, d, d.sup, c4.Number, CaseDecision{Kind: KindRelease, Reason: "resin", Outcome: OutcomeNotWildlife})
	// c3 came from another station, held by that station's inspector.
	if _, err := d.s.DB().Exec(`INSERT INTO users(name, role, pin_hash, language, active, created_at, updated_at, station)
		VALUES ('Baraka Mollel', 'inspector', '', 'sw', 0, '', '', 'TZ-ARU1')`); err != nil {
		t.Fatal(err)
	}
	if _, err := d.s.DB().Exec(`UPDATE cases SET station = 'TZ-ARU1', inspector_id = (SELECT id FROM users WHERE name = 'Baraka Mollel') WHERE number = ?`, c3.Number); err != nil {
		t.Fatal(err)
	}

	st, err := d.s.Stats(ctx, d.sup, StatsFilter{From: from, To: to})
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Weeks) != 3 || st.Weeks[0].Label() != "2026-W45" || st.Weeks[2].Label() != "2026-W47" {
		t.Fatalf("weeks %+v", st.Weeks)
	}
	for _, c := range []struct {
		name      string
		got, want int
	}{
		{"held", st.Held, 4}, {"refused", st.Refused, 1}, {"referred", st.Referred, 2}, {"handed over", st.HandedOver, 2},
		{"closed", st.Closed, 2}, {"open", st.Open, 2}, {"seizures", st.Outcomes[OutcomeSeizure], 1}, {"not wildlife", st.Outcomes[OutcomeNotWildlife], 1},
		{"pangolin", st.ByProduct.Total("pangolin-scales"), 3}, {"ivory", st.ByProduct.Total("ivory-carving"), 1},
		{"no product", st.ByProduct.Total(""), 1}, {"rhino outside", st.ByProduct.Total("rhino-horn"), 0},
		{"from TZ", st.ByOrigin.Total("TZ"), 3}, {"TZ>CN", st.ByRoute.Total("TZ>CN"), 2}, {"CM>CN", st.ByRoute.Total(RouteKey("CM", "CN")), 1},
		{"held week 45", st.HeldWeekly[0], 2}, {"referred week 45", st.ReferredWeekly[0], 2}, {"held week 47", st.HeldWeekly[2], 1},
		{"pangolin week 47", st.ByProduct.Weekly[2][0], 1},
	} {
		if c.got != c.want {
			t.Errorf("%s: %d, want %d", c.name, c.got, c.want)
		}
	}
	if st.ByProduct.Keys[0] != "pangolin-scales" {
		t.Errorf("product keys not by total: %v", st.ByProduct.Keys)
	}
	if st.HitRate != 0.5 {
		t.Errorf("hit rate %v", st.HitRate)
	}
	if st.Handover.N != 2 || st.Handover.Median != 4*time.Hour || st.Handover.P90 != 6*time.Hour || st.HandoverWeekly[0].N != 2 {
		t.Errorf("handover %+v weekly %+v", st.Handover, st.HandoverWeekly)
	}
	if len(st.Stations) != 2 || st.Stations[0].Key != "GZ-01" || st.Stations[0].Held != 3 || st.Stations[1].Key != "TZ-ARU1" || st.Stations[1].Held != 1 {
		t.Errorf("stations %+v", st.Stations)
	}
	if len(st.Inspectors) != 3 || st.Inspectors[0].Name != "Neema Mushi" || st.Inspectors[0].Held != 2 || st.Inspectors[0].HitRate != 1 {
		t.Errorf("inspectors %+v", st.Inspectors)
	}
	for _, g := range st.Inspectors {
		if g.Name == "Baraka Mollel" && g.Station != "TZ-ARU1" {
			t.Errorf("imported inspector's station %q", g.Station)
		}
	}

	// Filters: a station, an inspector.
	for _, c := range []struct {
		f    StatsFilter
		held int
	}{
		{StatsFilter{From: from, To: to, Station: "gz-01"}, 3},
		{StatsFilter{From: from, To: to, Station: "TZ-ARU1"}, 1},
		{StatsFilter{From: from, To: to, InspectorID: d.insp2.ID}, 1},
		{StatsFilter{}, 5},
	} {
		got, err := d.s.Stats(ctx, d.sup, c.f)
		if err != nil || got.Held != c.held {
			t.Errorf("%+v: held %v, want %d (%v)", c.f, got, c.held, err)
		}
	}
	ins, err := d.s.CaseInspectors(ctx, d.sup)
	if err != nil || len(ins) != 3 || ins[0].Name != "Baraka Mollel" || ins[0].Station != "TZ-ARU1" || ins[1].Station != "GZ-01" {
		t.Errorf("case inspectors %+v %v", ins, err)
	}
	// Only supervisors see the figures.
	for _, u := range []*User{d.insp, d.tr, nil} {
		if _, err := d.s.Stats(ctx, u, StatsFilter{}); !errors.Is(err, ErrForbidden) {
			t.Errorf("stats for %v: %v", u, err)
		}
		if _, err := d.s.CaseInspectors(ctx, u); !errors.Is(err, ErrForbidden) {
			t.Errorf("inspectors for %v: %v", u, err)
		}
	}
}

func TestSummarise(t *testing.T) {
	h := time.Hour
	for _, c := range []struct {
		in       []time.Duration
		med, p90 time.Duration
	}{
		{nil, 0, 0},
		{[]time.Duration{3 * h}, 3 * h, 3 * h},
		{[]time.Duration{4 * h, 2 * h}, 3 * h, 4 * h},
		{[]time.Duration{5 * h, 1 * h, 3 * h}, 3 * h, 5 * h},
		{[]time.Duration{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 5, 9},
		{[]time.Duration{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 6, 10},
	} {
		got := summarise(c.in)
		if got.N != len(c.in) || got.Median != c.med || got.P90 != c.p90 {
			t.Errorf("summarise(%v) = %+v, want median %v p90 %v", c.in, got, c.med, c.p90)
		}
	}
}

func TestStatsWeeks(t *testing.T) {
	for _, c := range []struct {
		from, to time.Time
		want     string
	}{
		{time.Date(2026, 11, 4, 12, 0, 0, 0, time.Local), time.Date(2026, 11, 5, 0, 0, 0, 0, time.Local), "2026-W45"},
		{time.Date(2026, 12, 28, 0, 0, 0, 0, time.Local), time.Date(2027, 1, 5, 0, 0, 0, 0, time.Local), "2026-W53 2027-W01"},
		{time.Date(2027, 1, 1, 0, 0, 0, 0, time.Local), time.Date(2027, 1, 1, 0, 0, 0, 0, time.Local), ""},
	} {
		var got []string
		for _, w := range StatsWeeks(c.from, c.to) {
			got = append(got, w.Label())
			if w.Start.Weekday() != time.Monday {
				t.Errorf("week %s starts on %s", w.Label(), w.Start.Weekday())
			}
		}
		if strings.Join(got, " ") != c.want {
			t.Errorf("StatsWeeks(%v, %v) = %v, want %s", c.from, c.to, got, c.want)
		}
	}
	from, to := LastWeeks(time.Date(2026, 11, 25, 15, 0, 0, 0, time.Local), 12)
	if n := len(StatsWeeks(from, to)); n != 12 || from.Weekday() != time.Monday || !to.After(time.Date(2026, 11, 25, 15, 0, 0, 0, time.Local)) {
		t.Errorf("LastWeeks: %v – %v, %d weeks", from, to, n)
	}
}

// BenchmarkStats counts a year of a busy depot: 5,000 cases.
func BenchmarkStatsAggregate(b *testing.B) {
	from := time.Date(2026, 1, 5, 0, 0, 0, 0, time.Local)
	cards := []string{"pangolin-scales", "ivory-carving", "rhino-horn-powder", "tiger-bone", "grey-parrot-live", "hawksbill-worked"}
	origins := []string{"TZ", "CM", "NG", "VN", "CN", "ZA", "KE"}
	var list []statsRow
	for i := range 5000 {
		held := from.Add(time.Duration(i) * 100 * time.Minute)
		r := statsRow{station: "GZ-01", products: " " + cards[i%len(cards)] + " ", origin: origins[i%7], destination: origins[(i+3)%7],
			held: fmtTime(held), status: "open", inspStatus: "held", inspectorID: int64(i % 9), inspector: fmt.Sprint("Inspector ", i%9)}
		if i%3 == 0 {
			r.referred, r.handed, r.status = fmtTime(held.Add(time.Hour)), fmtTime(held.Add(time.Duration(i%40)*time.Hour)), "handed_over"
		}
		list = append(list, r)
	}
	f := StatsFilter{From: from, To: from.AddDate(1, 0, 0)}
	b.ReportAllocs()
	for b.Loop() {
		aggregate(f, "GZ-01", list)
	}
}
