package store

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"tusk/app/inspect"
)

// queueGenVersion changes whenever queueDB changes, so a stale cached
// database is never used.
const queueGenVersion = 2

var (
	benchProducts = []string{"pangolin-scales", "ivory-carving", "rhino-horn-powder", "tiger-bone", "hawksbill-worked",
		"helmeted-hornbill-casque", "shark-fin", "totoaba-maw", "bear-bile", "saiga-horn"}
	benchCountries = []string{"TZ", "NG", "CM", "VN", "CN", "MZ", "KE", "CD", "LA", "TH"}
	benchStations  = []string{"", "GZ-02", "HN-01", "DAR-03"}
)

// queueDB returns a database with n inspections, of which cases become
// cases spread over four stations, ten products, ten countries and eight
// inspectors; built once and cached in the temp folder.
func queueDB(b *testing.B, n, cases int) string {
	b.Helper()
	name := fmt.Sprintf("tusk-bench-queue-s%d-g%d-n%d-c%d.db", schemaFiles(), queueGenVersion, n, cases)
	return cachedDB(b, name, func(s *Store) { fillQueueDB(b, s, n, cases) })
}

// fillQueueDB logs n inspections into s, cases of them held as cases.
func fillQueueDB(b *testing.B, s *Store, n, cases int) {
	d := staffDepot(b, s)
	var inspectors []int64
	for i := range 8 {
		u, err := s.AddUser(ctx, d.sup, NewUser{Name: fmt.Sprintf("Inspector %d", i), Role: Inspector, PIN: "135790", Language: "en"})
		if err != nil {
			b.Fatal(err)
		}
		inspectors = append(inspectors, u.ID)
	}
	rng := rand.New(rand.NewPCG(3, uint64(n)))
	start := time.Date(2025, 1, 1, 8, 0, 0, 0, time.UTC)
	every := n / cases
	// A million parcels span about a year, whatever n is.
	step := 30 * time.Second * time.Duration(1_000_000/n)
	const batch = 50_000
	caseNo := 0
	for from := 0; from < n; from += batch {
		tx, err := s.db.BeginTx(ctx, nil)
		if err != nil {
			b.Fatal(err)
		}
		insIn, err := tx.PrepareContext(ctx, `INSERT INTO inspections(id, number, waybill, stage, status, inspector_id,
			created_at, updated_at, decided_at, risk_score, risk_level, data, station) VALUES (?, ?, ?, 'acceptance', ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			b.Fatal(err)
		}
		insCase, err := tx.PrepareContext(ctx, `INSERT INTO cases(number, inspection_id, status, risk_level, opened_at, updated_at,
			station, inspector_id, risk_score, held_at, due_at, products, origin, destination, search)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			b.Fatal(err)
		}
		for i := from; i < min(from+batch, n); i++ {
			at := start.Add(time.Duration(i) * step)
			when := fmtTime(at)
			inspector := inspectors[rng.IntN(len(inspectors))]
			waybill := fmt.Sprintf("RR%09dCN", i)
			isCase := i%every == every-1 && caseNo < cases
			if !isCase {
				data := `{"id":"I-B-` + strconv.Itoa(i) + `","parcel":{"waybill":"` + waybill + `","stage":"acceptance"},"status":"cleared"}`
				if _, err := insIn.ExecContext(ctx, i+1, "I-B-"+strconv.Itoa(i), waybill, "cleared", inspector, when, when, when, 5, "green", data, ""); err != nil {
					b.Fatal(err)
				}
				continue
			}
			caseNo++
			station := benchStations[rng.IntN(len(benchStations))]
			in := inspect.Inspection{
				ID: "I-B-" + strconv.Itoa(i), Status: inspect.StatusHeld,
				Parcel: inspect.Parcel{Waybill: waybill, Stage: inspect.StageXray,
					Origin:      inspect.Place{Country: benchCountries[rng.IntN(len(benchCountries))]},
					Destination: inspect.Place{Country: benchCountries[rng.IntN(len(benchCountries))]}},
				Parties: []inspect.Party{{Role: inspect.RoleSender, Name: fmt.Sprintf("Sender %d", rng.IntN(20000)),
					Phone: fmt.Sprintf("07%08d", rng.IntN(1e8)), ID: &inspect.IDDocument{Type: inspect.DocTZNIDA, Number: fmt.Sprintf("19800101-%012d", rng.IntN(1e9))}}},
				Findings: []inspect.Finding{{Card: benchProducts[rng.IntN(len(benchProducts))], Confidence: inspect.ConfidenceHigh}},
			}
			data, _ := json.Marshal(in)
			score := 20 + rng.IntN(80)
			level := inspect.LevelAmber
			if score >= 60 {
				level = inspect.LevelRed
			}
			if _, err := insIn.ExecContext(ctx, i+1, in.ID, waybill, "held", inspector, when, when, when, score, level, data, station); err != nil {
				b.Fatal(err)
			}
			// Most old cases are closed; recent ones still wait.
			status := inspect.CaseClosed
			if caseNo > cases-2000 {
				status = []string{inspect.CaseOpen, inspect.CaseUnderReview, inspect.CaseReferred}[rng.IntN(3)]
			} else if rng.IntN(10) == 0 {
				status = inspect.CaseHandedOver
			}
			q := QueueColumns(&in)
			if _, err := insCase.ExecContext(ctx, fmt.Sprintf("C-B-%06d", caseNo), i+1, status, level, when, when,
				station, inspector, score, when, fmtTime(at.Add(24*time.Hour)), q.Products, q.Origin, q.Destination, q.Search); err != nil {
				b.Fatal(err)
			}
		}
		insIn.Close()
		insCase.Close()
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReviewQueue reads the first page of the review queue, with
// filters, at 1,000,000 inspections and 50,000 cases (goal: < 50 ms).
// "baseline" is the same page with no filter and no count, read by plain
// SQL, in the same run.
func BenchmarkReviewQueue(b *testing.B) {
	n, cases := 1_000_000, 50_000
	if testing.Short() {
		n, cases = 20_000, 1_000
	}
	path := queueDB(b, n, cases)
	s, err := Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	sup := &User{ID: 1, Name: "bench supervisor", Role: Supervisor, Active: true}
	for _, tc := range []struct {
		name string
		f    QueueFilter
	}{
		{"waiting", QueueFilter{}},
		{"status+station+risk", QueueFilter{Statuses: []string{inspect.CaseOpen, inspect.CaseUnderReview}, Station: "GZ-02", MinScore: 50}},
		{"product+origin+dates", QueueFilter{Statuses: inspect.CaseStatuses, Product: "pangolin-scales", Origin: "NG", From: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2025, 9, 1, 0, 0, 0, 0, time.UTC)}},
		{"inspector+overdue+oldest", QueueFilter{InspectorID: 5, Overdue: true, OldestFirst: true}},
		{"text", QueueFilter{Statuses: inspect.CaseStatuses, Text: "sender 1234"}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			items, total, err := s.Queue(ctx, sup, tc.f)
			if err != nil {
				b.Fatal(err)
			}
			if len(items) == 0 {
				b.Fatalf("empty page (total %d): the filter matches nothing", total)
			}
			var times []time.Duration
			for b.Loop() {
				t0 := time.Now()
				if _, _, err := s.Queue(ctx, sup, tc.f); err != nil {
					b.Fatal(err)
				}
				times = append(times, time.Since(t0))
			}
			reportPercentiles(b, times)
			b.ReportMetric(float64(total), "matches")
		})
	}
	b.Run("baseline", func(b *testing.B) {
		for b.Loop() {
			rows, err := s.db.QueryContext(ctx, `SELECT c.number, i.data FROM cases c JOIN inspections i ON i.id = c.inspection_id ORDER BY c.id DESC LIMIT 50`)
			if err != nil {
				b.Fatal(err)
			}
			for rows.Next() {
				var num string
				var data []byte
				if err := rows.Scan(&num, &data); err != nil {
					b.Fatal(err)
				}
			}
			rows.Close()
		}
	})
}
