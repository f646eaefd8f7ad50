package store

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"tusk/app/inspect"
)

// reportPercentiles adds p50 and p99 of per-iteration timings, in ms.
func reportPercentiles(b *testing.B, times []time.Duration) {
	if len(times) == 0 {
		return
	}
	slices.Sort(times)
	at := func(q float64) float64 {
		return float64(times[min(len(times)-1, int(q*float64(len(times))))].Nanoseconds()) / 1e6
	}
	b.ReportMetric(at(0.50), "p50-ms")
	b.ReportMetric(at(0.99), "p99-ms")
}

// BenchmarkSaveInspection is one autosave of a full inspection (3 parties,
// 36 checklist answers, 2 findings, an assessment) as a durable commit
// (synchronous=FULL in WAL: one fsync per save). field=notes changes free
// text, as typing a note does; field=phone changes the sender's phone, so
// the party keys are rewritten as well.
func BenchmarkSaveInspection(b *testing.B) {
	for _, field := range []string{"notes", "phone"} {
		b.Run("field="+field, func(b *testing.B) {
			d := newDepot(b)
			in, err := d.s.StartInspection(ctx, d.insp, "RR123456785CN", "")
			if err != nil {
				b.Fatal(err)
			}
			fill(in, "19900101-12345-67890-12", "+255 712 345 678")
			data, _ := json.Marshal(in)
			b.SetBytes(int64(len(data)))
			var times []time.Duration
			for i := 0; b.Loop(); i++ {
				if field == "notes" {
					in.Notes = "note " + strconv.Itoa(i)
				} else {
					in.Parties[0].Phone = fmt.Sprintf("+255 712 %06d", i%1000000)
				}
				t0 := time.Now()
				if err := d.s.SaveDraft(ctx, d.insp, in); err != nil {
					b.Fatal(err)
				}
				times = append(times, time.Since(t0))
			}
			reportPercentiles(b, times)
		})
	}
}

// BenchmarkSaveInspectionBaseline is the floor under SaveDraft: the same
// JSON written into the same row by a bare UPDATE in its own durable
// transaction, with no access check, no match keys and no marshalling.
func BenchmarkSaveInspectionBaseline(b *testing.B) {
	d := newDepot(b)
	in, _ := d.s.StartInspection(ctx, d.insp, "RR123456785CN", "")
	fill(in, "19900101-12345-67890-12", "+255 712 345 678")
	data, _ := json.Marshal(in)
	b.SetBytes(int64(len(data)))
	var times []time.Duration
	for b.Loop() {
		t0 := time.Now()
		if err := d.s.write(ctx, func(tx *Tx) error {
			_, err := tx.ExecContext(ctx, `UPDATE inspections SET data = ?, updated_at = ? WHERE number = ?`, data, fmtTime(tx.now), in.ID)
			return err
		}); err != nil {
			b.Fatal(err)
		}
		times = append(times, time.Since(t0))
	}
	reportPercentiles(b, times)
}

// BenchmarkRepeatSenderLookup is RepeatCounts for a parcel at the counter
// (sender and receiver: their ID, phone keys against the flagged history)
// in a depot that has logged N parcels, 3 % of them held. The
// parcels=1000 case is the baseline: the ratio shows how the look-up
// grows with the history (an index probe: logarithmically).
//
// The 1,000,000-parcel database takes a few minutes to build the first
// time; it is cached in os.TempDir() under a name with the schema and
// generator versions, so reruns start at once. -short skips it.
func BenchmarkRepeatSenderLookup(b *testing.B) {
	for _, n := range []int{1_000, 1_000_000} {
		b.Run("parcels="+strconv.Itoa(n), func(b *testing.B) {
			if n > 100_000 && testing.Short() {
				b.Skip("1M-parcel database: not with -short")
			}
			path := repeatDB(b, n)
			s, err := Open(ctx, path)
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			insp := &User{ID: 2, Name: "bench inspector", Role: Inspector, Active: true}
			rng := rand.New(rand.NewPCG(7, uint64(n)))
			probes := make([]*inspect.Inspection, 256)
			for i := range probes {
				probes[i] = benchParcel(rng, n, int64(i))
			}
			hits := 0
			for _, p := range probes {
				rep, err := s.RepeatCounts(ctx, insp, p)
				if err != nil {
					b.Fatal(err)
				}
				if rep[inspect.RoleSender] > 0 {
					hits++
				}
			}
			if hits == 0 {
				b.Fatal("no probe found a repeat sender: the generator and the look-up disagree")
			}
			var times []time.Duration
			for i := 0; b.Loop(); i++ {
				t0 := time.Now()
				if _, err := s.RepeatCounts(ctx, insp, probes[i%len(probes)]); err != nil {
					b.Fatal(err)
				}
				times = append(times, time.Since(t0))
			}
			reportPercentiles(b, times)
			b.ReportMetric(float64(hits)/float64(len(probes))*100, "%probes-hit")
		})
	}
}

// repeatGenVersion changes whenever benchParcel or repeatDB changes, so a
// stale cached database is never used.
const repeatGenVersion = 1

func schemaFiles() int {
	names, _ := fs.Glob(migrations, "migrations/*.sql")
	return len(names)
}

// benchParcel is a synthetic parcel of a depot with n parcels: senders
// come from a pool of n/5 (a tenth of them frequent, sending half the
// parcels), receivers from n/2.
func benchParcel(rng *rand.Rand, n int, serial int64) *inspect.Inspection {
	senders := max(n/5, 10)
	var sender int
	if rng.IntN(2) == 0 {
		sender = rng.IntN(max(senders/10, 1))
	} else {
		sender = rng.IntN(senders)
	}
	receiver := rng.IntN(max(n/2, 10))
	return &inspect.Inspection{
		ID: "I-BENCH-" + strconv.FormatInt(serial, 10),
		Parcel: inspect.Parcel{Waybill: fmt.Sprintf("RR%09dCN", serial), Stage: inspect.StageAcceptance,
			Origin: inspect.Place{Country: "TZ"}, Destination: inspect.Place{Country: "CN"}},
		Parties: []inspect.Party{
			{Role: inspect.RoleSender, Name: fmt.Sprintf("Sender %d", sender), Phone: fmt.Sprintf("07%08d", sender),
				ID: &inspect.IDDocument{Type: inspect.DocTZNIDA, Number: fmt.Sprintf("19800101-%012d", sender)}},
			{Role: inspect.RoleReceiver, Name: fmt.Sprintf("Receiver %d", receiver), Phone: fmt.Sprintf("+86 139 %08d", receiver)},
		},
	}
}

// repeatDB returns a database with n logged parcels, built once and cached.
func repeatDB(b *testing.B, n int) string {
	b.Helper()
	name := fmt.Sprintf("tusk-bench-repeat-s%d-g%d-n%d.db", schemaFiles(), repeatGenVersion, n)
	return cachedDB(b, name, func(s *Store) { fillRepeatDB(b, s, n) })
}

// cachedDB returns the path of a benchmark database in the temp folder,
// built by build the first time (then analysed) and reused after.
func cachedDB(b *testing.B, name string, build func(s *Store)) string {
	b.Helper()
	path := filepath.Join(os.TempDir(), name)
	if _, err := os.Stat(path); err == nil {
		return path
	}
	t0 := time.Now()
	tmp := path + ".building"
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Remove(tmp + suffix)
	}
	s, err := Open(ctx, tmp)
	if err != nil {
		b.Fatal(err)
	}
	build(s)
	if _, err := s.db.ExecContext(ctx, `ANALYZE`); err != nil {
		b.Fatal(err)
	}
	if err := s.Close(); err != nil {
		b.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		b.Fatal(err)
	}
	st, _ := os.Stat(path)
	b.Logf("built %s (%d MB) in %s", path, st.Size()>>20, time.Since(t0).Round(time.Second))
	return path
}

// fillRepeatDB logs n parcels into s.
func fillRepeatDB(b *testing.B, s *Store, n int) {
	d := staffDepot(b, s)
	if d.insp.ID != 2 {
		b.Fatalf("inspector has ID %d", d.insp.ID)
	}
	var secret []byte
	if err := s.write(ctx, func(tx *Tx) error {
		var err error
		secret, err = tx.matchSecret(ctx)
		return err
	}); err != nil {
		b.Fatal(err)
	}
	// Bulk load: big transactions with prepared statements, bypassing
	// SaveDraft (which would fsync per parcel) but writing the same rows.
	rng := rand.New(rand.NewPCG(1, uint64(n)))
	start := time.Date(2025, 1, 1, 8, 0, 0, 0, time.UTC)
	const batch = 50_000
	for from := 0; from < n; from += batch {
		tx, err := s.db.BeginTx(ctx, nil)
		if err != nil {
			b.Fatal(err)
		}
		insIn, err := tx.PrepareContext(ctx, `INSERT INTO inspections(id, number, waybill, stage, status, inspector_id,
			created_at, updated_at, decided_at, risk_score, risk_level, data) VALUES (?, ?, ?, 'acceptance', ?, 2, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			b.Fatal(err)
		}
		insKey, err := tx.PrepareContext(ctx, `INSERT OR IGNORE INTO party_keys(inspection_id, role, kind, key, flagged) VALUES (?, ?, ?, ?, ?)`)
		if err != nil {
			b.Fatal(err)
		}
		for i := from; i < min(from+batch, n); i++ {
			in := benchParcel(rng, n, int64(i))
			at := fmtTime(start.Add(time.Duration(i) * 30 * time.Second))
			status, level, score, flagged := inspect.StatusCleared, inspect.LevelGreen, 5, 0
			if rng.IntN(100) < 3 {
				status, level, score, flagged = inspect.StatusHeld, inspect.LevelAmber, 45, 1
			}
			// The JSON is trimmed to the parcel: the look-up never reads it.
			data, _ := json.Marshal(struct {
				ID     string         `json:"id"`
				Parcel inspect.Parcel `json:"parcel"`
				Status string         `json:"status"`
			}{in.ID, in.Parcel, status})
			if _, err := insIn.ExecContext(ctx, i+1, in.ID, in.Parcel.Waybill, status, at, at, at, score, level, data); err != nil {
				b.Fatal(err)
			}
			for _, k := range matchKeys(secret, in) {
				if _, err := insKey.ExecContext(ctx, i+1, k.role, k.kind, []byte(k.key), flagged); err != nil {
					b.Fatal(err)
				}
			}
		}
		insIn.Close()
		insKey.Close()
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
	}
}
