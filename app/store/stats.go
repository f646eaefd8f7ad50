package store

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
)

// Statistics for the supervisor's dashboard and the monthly report
//
// Stats counts the cases held in a period, by ISO week of the depot's
// local day. A case counts once per suspected product, so the product
// series may add up to more than the cases held. The rates follow the
// cohort of cases held in the period: of the parcels held, how many were
// referred, and how long those handed over waited. Nothing here is
// personal: no parties, no waybills; inspectors are staff and appear by
// name for the supervisor (the report chooses what to print).

// StatsFilter selects the cases Stats counts. Zero values do not filter.
type StatsFilter struct {
	From, To    time.Time // held in [From, To)
	Station     string    // depot code; this depot's own code means its own cases
	InspectorID int64
}

// Week is one ISO week of the depot's calendar.
type Week struct {
	Year, Week int
	Start      time.Time // Monday 00:00, depot time
}

// Label is "2026-W07".
func (w Week) Label() string { return fmt.Sprintf("%04d-W%02d", w.Year, w.Week) }

// Series counts cases per week under keys: card IDs, origin countries,
// or routes "CN>VN". Keys are sorted by their total, largest first; the
// empty key means not known (no product identified, no country).
type Series struct {
	Keys   []string
	Totals []int   // per key
	Weekly [][]int // Weekly[week][key], aligned with Stats.Weeks and Keys
}

// Total returns the count of key, 0 if absent.
func (s Series) Total(key string) int {
	if i := slices.Index(s.Keys, key); i >= 0 {
		return s.Totals[i]
	}
	return 0
}

// Durations summarises hold-to-handover times.
type Durations struct {
	N           int
	Median, P90 time.Duration
}

// GroupStats are one station's or one inspector's figures.
type GroupStats struct {
	Key        string // station code, or the inspector's user ID as text
	Name       string // the station code again, or the inspector's name
	Station    string // for an inspector: the station they work at
	Held       int
	Referred   int
	HandedOver int
	HitRate    float64 // Referred / Held
	Handover   Durations
}

// Stats are the dashboard's figures for one filter.
type Stats struct {
	Filter     StatsFilter
	Weeks      []Week
	Held       int // cases opened: parcels held or refused
	Refused    int // of them, refused at the counter
	Referred   int // referred to the police (referred_at set)
	HandedOver int
	Closed     int
	Open       int            // still open, under review or referred
	Outcomes   map[string]int // closed cases by outcome
	HitRate    float64        // Referred / Held, 0 when nothing was held

	Handover       Durations
	HandoverWeekly []Durations // by week of holding, aligned with Weeks
	HeldWeekly     []int
	ReferredWeekly []int

	ByProduct, ByOrigin, ByRoute Series

	Stations   []GroupStats // this depot first, then by code
	Inspectors []GroupStats // by cases held, then name
}

// RouteKey joins an origin and a destination as Stats keys routes.
func RouteKey(origin, destination string) string { return origin + ">" + destination }

// StatsWeeks lists the ISO weeks that [from, to) touches, in depot time.
func StatsWeeks(from, to time.Time) []Week {
	var out []Week
	if !to.After(from) {
		return out
	}
	d := localDay(from)
	d = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, d.Location())
	d = d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7)) // back to Monday
	for d.Before(to) {
		y, w := d.ISOWeek()
		out = append(out, Week{Year: y, Week: w, Start: d})
		d = d.AddDate(0, 0, 7)
	}
	return out
}

// LastWeeks is [Monday n-1 weeks ago, next Monday): the dashboard's
// default period, the current week included.
func LastWeeks(now time.Time, n int) (from, to time.Time) {
	d := localDay(now)
	d = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, d.Location())
	monday := d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
	return monday.AddDate(0, 0, -7*(n-1)), monday.AddDate(0, 0, 7)
}

// MonthRange is [first day, first day of the next month) in depot time.
func MonthRange(year int, month time.Month) (from, to time.Time) {
	from = time.Date(year, month, 1, 0, 0, 0, 0, time.Local)
	return from, from.AddDate(0, 1, 0)
}

// statsRow is what Stats reads of one case.
type statsRow struct {
	station, products, origin, destination  string
	held, referred, handed, closed, outcome string
	status, inspStatus                      string
	inspectorID                             int64
	inspector, inspectorStation             string
}

// Stats counts the cases a filter selects. Needs CapDecide.
func (s *Store) Stats(ctx context.Context, actor *User, f StatsFilter) (*Stats, error) {
	if !actor.Can(CapDecide) {
		return nil, ErrForbidden
	}
	own := ""
	if d, err := s.Depot(ctx); err == nil {
		own = d.Code
	}
	var where []string
	var args []any
	if !f.From.IsZero() {
		where, args = append(where, `c.held_at >= ?`), append(args, fmtTime(f.From))
	}
	if !f.To.IsZero() {
		where, args = append(where, `c.held_at < ?`), append(args, fmtTime(f.To))
	}
	if f.Station != "" {
		station := f.Station
		if strings.EqualFold(station, own) {
			station = ""
		}
		where, args = append(where, `c.station = ?`), append(args, station)
	}
	if f.InspectorID != 0 {
		where, args = append(where, `c.inspector_id = ?`), append(args, f.InspectorID)
	}
	cond := ""
	if len(where) > 0 {
		cond = ` WHERE ` + strings.Join(where, " AND ")
	}
	rows, err := s.db.QueryContext(ctx, `SELECT c.station, c.products, c.origin, c.destination, c.held_at, c.referred_at,
		c.handed_at, c.closed_at, c.outcome, c.status, i.status, c.inspector_id, COALESCE(u.name, ''), COALESCE(u.station, '')
		FROM cases c JOIN inspections i ON i.id = c.inspection_id LEFT JOIN users u ON u.id = c.inspector_id`+cond+`
		ORDER BY c.held_at`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []statsRow
	for rows.Next() {
		var r statsRow
		if err := rows.Scan(&r.station, &r.products, &r.origin, &r.destination, &r.held, &r.referred, &r.handed,
			&r.closed, &r.outcome, &r.status, &r.inspStatus, &r.inspectorID, &r.inspector, &r.inspectorStation); err != nil {
			return nil, err
		}
		if r.station == "" {
			r.station = own
		}
		if r.inspectorStation == "" {
			r.inspectorStation = r.station
		}
		list = append(list, r)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return aggregate(f, own, list), nil
}

// aggregate turns the case rows into Stats; pure, so it is tested and
// benchmarked without a database.
func aggregate(f StatsFilter, own string, list []statsRow) *Stats {
	from, to := f.From, f.To
	if len(list) > 0 {
		if from.IsZero() {
			from = parseTime(list[0].held)
		}
		if to.IsZero() {
			to = parseTime(list[len(list)-1].held).Add(time.Nanosecond)
		}
	}
	st := &Stats{Filter: f, Weeks: StatsWeeks(from, to), Outcomes: map[string]int{}}
	nw := len(st.Weeks)
	index := make(map[int]int, nw)
	for i, wk := range st.Weeks {
		index[wk.Year*100+wk.Week] = i
	}
	weekOf := func(t time.Time) int {
		y, w := localDay(t).ISOWeek()
		if i, ok := index[y*100+w]; ok {
			return i
		}
		return -1
	}
	st.HeldWeekly, st.ReferredWeekly = make([]int, nw), make([]int, nw)
	products, origins, routes := newCounter(nw), newCounter(nw), newCounter(nw)
	var all []time.Duration
	weekly := make([][]time.Duration, nw)
	stations := map[string]*groupAcc{}
	inspectors := map[string]*groupAcc{}
	for _, r := range list {
		held := parseTime(r.held)
		w := weekOf(held)
		st.Held++
		if r.inspStatus == "refused" {
			st.Refused++
		}
		referred := r.referred != ""
		if referred {
			st.Referred++
		}
		var wait time.Duration
		handed := r.handed != ""
		if handed {
			st.HandedOver++
			if wait = parseTime(r.handed).Sub(held); wait < 0 {
				wait = 0 // a handover time typed before the hold: count it as at once
			}
			all = append(all, wait)
		}
		if r.status == "closed" {
			st.Closed++
			st.Outcomes[r.outcome]++
		} else {
			st.Open++
		}
		if w >= 0 {
			st.HeldWeekly[w]++
			if referred {
				st.ReferredWeekly[w]++
			}
			if handed {
				weekly[w] = append(weekly[w], wait)
			}
		}
		cards := strings.Fields(r.products)
		if len(cards) == 0 {
			cards = []string{""}
		}
		for _, c := range cards {
			products.add(c, w)
		}
		origins.add(r.origin, w)
		routes.add(RouteKey(r.origin, r.destination), w)
		for _, g := range []struct {
			m                   map[string]*groupAcc
			key, name, location string
		}{
			{stations, r.station, r.station, r.station},
			{inspectors, fmt.Sprint(r.inspectorID), r.inspector, r.inspectorStation},
		} {
			a := g.m[g.key]
			if a == nil {
				a = &groupAcc{GroupStats: GroupStats{Key: g.key, Name: g.name, Station: g.location}}
				g.m[g.key] = a
			}
			a.Held++
			if referred {
				a.Referred++
			}
			if handed {
				a.HandedOver++
				a.waits = append(a.waits, wait)
			}
		}
	}
	st.HitRate = rate(st.Referred, st.Held)
	st.Handover = summarise(all)
	st.HandoverWeekly = make([]Durations, nw)
	for i, ws := range weekly {
		st.HandoverWeekly[i] = summarise(ws)
	}
	st.ByProduct, st.ByOrigin, st.ByRoute = products.series(), origins.series(), routes.series()
	st.Stations = groups(stations, func(a, b GroupStats) int {
		if (a.Key == own) != (b.Key == own) {
			if a.Key == own {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Key, b.Key)
	})
	st.Inspectors = groups(inspectors, func(a, b GroupStats) int {
		if a.Held != b.Held {
			return b.Held - a.Held
		}
		return strings.Compare(a.Name, b.Name)
	})
	return st
}

type groupAcc struct {
	GroupStats
	waits []time.Duration
}

func groups(m map[string]*groupAcc, cmp func(a, b GroupStats) int) []GroupStats {
	out := make([]GroupStats, 0, len(m))
	for _, a := range m {
		g := a.GroupStats
		g.HitRate = rate(g.Referred, g.Held)
		g.Handover = summarise(a.waits)
		out = append(out, g)
	}
	slices.SortFunc(out, cmp)
	return out
}

func rate(n, of int) float64 {
	if of == 0 {
		return 0
	}
	return float64(n) / float64(of)
}

// summarise takes the median and the 90th percentile by nearest rank.
func summarise(ds []time.Duration) Durations {
	if len(ds) == 0 {
		return Durations{}
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	n := len(s)
	med := s[n/2]
	if n%2 == 0 {
		med = (s[n/2-1] + s[n/2]) / 2
	}
	p90 := s[(9*n+9)/10-1] // nearest rank: ceil(0.9 n)
	return Durations{N: n, Median: med, P90: p90}
}

// counter counts keys in total and per week.
type counter struct {
	weeks  int
	totals map[string]int
	weekly map[string][]int
}

func newCounter(weeks int) *counter {
	return &counter{weeks: weeks, totals: map[string]int{}, weekly: map[string][]int{}}
}

func (c *counter) add(key string, week int) {
	c.totals[key]++
	if week < 0 {
		return
	}
	if c.weekly[key] == nil {
		c.weekly[key] = make([]int, c.weeks)
	}
	c.weekly[key][week]++
}

func (c *counter) series() Series {
	var s Series
	for k := range c.totals {
		s.Keys = append(s.Keys, k)
	}
	sort.Slice(s.Keys, func(i, j int) bool {
		a, b := s.Keys[i], s.Keys[j]
		if c.totals[a] != c.totals[b] {
			return c.totals[a] > c.totals[b]
		}
		return a < b
	})
	s.Totals = make([]int, len(s.Keys))
	s.Weekly = make([][]int, c.weeks)
	for w := range s.Weekly {
		s.Weekly[w] = make([]int, len(s.Keys))
	}
	for i, k := range s.Keys {
		s.Totals[i] = c.totals[k]
		for w, n := range c.weekly[k] {
			s.Weekly[w][i] = n
		}
	}
	return s
}

// StatsInspector is one inspector who held cases, for the dashboard's
// inspector choice.
type StatsInspector struct {
	ID      int64
	Name    string
	Station string // depot code; this depot's own for its staff
}

// CaseInspectors lists the inspectors who held at least one case, by
// name, with imported stations' inspectors too. Needs CapDecide.
func (s *Store) CaseInspectors(ctx context.Context, actor *User) ([]StatsInspector, error) {
	if !actor.Can(CapDecide) {
		return nil, ErrForbidden
	}
	own := ""
	if d, err := s.Depot(ctx); err == nil {
		own = d.Code
	}
	rows, err := s.db.QueryContext(ctx, `SELECT u.id, u.name, u.station FROM users u
		WHERE EXISTS (SELECT 1 FROM cases c WHERE c.inspector_id = u.id) ORDER BY u.name COLLATE NOCASE, u.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []StatsInspector
	for rows.Next() {
		var i StatsInspector
		if err := rows.Scan(&i.ID, &i.Name, &i.Station); err != nil {
			return nil, err
		}
		if i.Station == "" {
			i.Station = own
		}
		out = append(out, i)
	}
	return out, rows.Err()
}
