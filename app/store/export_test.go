package store

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"tusk/app/export"
	"tusk/app/inspect"
	"tusk/app/sop"
	"tusk/data"
)

// exportAll runs an export and collects the cases and the progress calls.
func exportAll(t *testing.T, d *depotWithStaff, actor *User, req ExportRequest) ([]*export.Case, [][2]int, ExportResult, error) {
	t.Helper()
	var got []*export.Case
	var prog [][2]int
	req.Progress = func(done, total int) { prog = append(prog, [2]int{done, total}) }
	res, err := d.s.ExportCases(ctx, actor, req, func(c *export.Case) error { got = append(got, c); return nil })
	return got, prog, res, err
}

func TestExportCasesPersonalData(t *testing.T) {
	d := newDepot(t)
	decided(t, d, "RR123456785CN", inspect.ActionHold, "pangolin-scales")
	all := QueueFilter{Statuses: inspect.CaseStatuses}
	for _, tc := range []struct {
		name         string
		actor        func() *User
		format       export.Format
		personal     bool
		wantPersonal bool
		wantErr      error
	}{
		{"supervisor asks", func() *User { return d.sup }, export.CSV, true, true, nil},
		{"supervisor, JSON", func() *User { return d.sup }, export.JSON, true, true, nil},
		{"supervisor does not ask", func() *User { return d.sup }, export.CSV, false, false, nil},
		{"supervisor, CITES", func() *User { return d.sup }, export.CITES, true, false, nil},
		{"inspector asks", func() *User { return d.insp }, export.CSV, true, false, nil},
		{"trainer", func() *User { return d.tr }, export.CSV, false, false, ErrForbidden},
		{"nobody", func() *User { return nil }, export.CSV, false, false, ErrForbidden},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, _, res, err := exportAll(t, d, tc.actor(), ExportRequest{Filter: all, Format: tc.format, Personal: tc.personal})
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("err %v, want %v", err, tc.wantErr)
			}
			if err != nil {
				return
			}
			if len(got) != 1 || res.Cases != 1 || res.Personal != tc.wantPersonal {
				t.Fatalf("%d cases, result %+v", len(got), res)
			}
			c := got[0]
			in := c.Inspection
			hasPersonal := len(in.Parties) > 0 || in.Decision.Reason != "" || in.Notes != ""
			for _, a := range in.Answers {
				hasPersonal = hasPersonal || a.Note != ""
			}
			if c.Personal != tc.wantPersonal || hasPersonal != tc.wantPersonal {
				t.Errorf("personal %v, parties %d, reason %q; want personal %v", c.Personal, len(in.Parties), in.Decision.Reason, tc.wantPersonal)
			}
			if tc.wantPersonal && in.Party(inspect.RoleSender).ID.Number != "19900101-12345-67890-12" {
				t.Errorf("ID number not in full: %+v", in.Party(inspect.RoleSender).ID)
			}
			dep, _ := d.s.Depot(ctx)
			if c.Station != dep.Code || c.Country != dep.Country || c.Place != dep.Name || c.Inspector != "Neema Mushi" || in.ID == "" ||
				len(in.Findings) != 1 || in.Decision.Seals[0] != "S-1" || c.HeldAt.IsZero() {
				t.Errorf("case %+v, inspection %+v", c, in)
			}
			audit, _ := d.s.AuditFor(ctx, "cases", 100)
			last := audit[len(audit)-1]
			want := "format=" + string(tc.format) + " cases=1 personal=" + map[bool]string{true: "true", false: "false"}[tc.wantPersonal]
			if last.Action != "cases.export" || last.Detail != want || last.ActorID != tc.actor().ID {
				t.Errorf("audit %+v, want detail %q", last, want)
			}
		})
	}
}

func TestExportCasesFilterOrderAndBatches(t *testing.T) {
	defer func(n int) { exportBatchSize = n }(exportBatchSize)
	exportBatchSize = 2
	d := newDepot(t)
	var numbers []string
	for _, wb := range []string{"RR000000001CN", "RR000000002CN", "RR000000003CN", "RR000000004CN", "RR000000005CN"} {
		numbers = append(numbers, decided(t, d, wb, inspect.ActionHold, "pangolin-scales").Number)
	}
	decide(t, d, d.sup, numbers[1], CaseDecision{Kind: KindRelease, Reason: "resin", Outcome: OutcomeNotWildlife})
	for _, tc := range []struct {
		name   string
		filter QueueFilter
		want   []string
	}{
		{"every status", QueueFilter{Statuses: inspect.CaseStatuses}, numbers},
		{"as the queue: not closed", QueueFilter{}, []string{numbers[0], numbers[2], numbers[3], numbers[4]}},
		{"closed only", QueueFilter{Statuses: []string{inspect.CaseClosed}}, numbers[1:2]},
		{"text", QueueFilter{Statuses: inspect.CaseStatuses, Text: "000000004"}, numbers[3:4]},
		{"limit is ignored", QueueFilter{Statuses: inspect.CaseStatuses, Limit: 1, Offset: 3}, numbers},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, prog, res, err := exportAll(t, d, d.sup, ExportRequest{Filter: tc.filter, Format: export.CSV})
			if err != nil {
				t.Fatal(err)
			}
			var nums []string
			for _, c := range got {
				nums = append(nums, c.Number)
			}
			if strings.Join(nums, " ") != strings.Join(tc.want, " ") || res.Cases != len(tc.want) {
				t.Errorf("got %v, want %v (oldest first)", nums, tc.want)
			}
			n := len(tc.want)
			if len(prog) != n || prog[n-1] != [2]int{n, n} {
				t.Errorf("progress %v", prog)
			}
		})
	}
	if _, _, _, err := exportAll(t, d, d.sup, ExportRequest{Filter: QueueFilter{Statuses: []string{"lost"}}}); err == nil {
		t.Error("a bad status must fail")
	}
}

func TestExportCasesStops(t *testing.T) {
	defer func(n int) { exportBatchSize = n }(exportBatchSize)
	exportBatchSize = 2
	d := newDepot(t)
	for _, wb := range []string{"RR000000001CN", "RR000000002CN", "RR000000003CN"} {
		decided(t, d, wb, inspect.ActionHold, "pangolin-scales")
	}
	before, _ := d.s.AuditFor(ctx, "cases", 100)
	all := QueueFilter{Statuses: inspect.CaseStatuses}

	c, cancel := context.WithCancel(ctx)
	n := 0
	_, err := d.s.ExportCases(c, d.sup, ExportRequest{Filter: all, Format: export.CSV}, func(*export.Case) error {
		n++
		cancel()
		return nil
	})
	if !errors.Is(err, context.Canceled) || n != 1 {
		t.Errorf("cancelled: %v after %d cases", err, n)
	}
	boom := errors.New("disk full")
	if _, err := d.s.ExportCases(ctx, d.sup, ExportRequest{Filter: all}, func(*export.Case) error { return boom }); err != boom {
		t.Errorf("callback error: %v", err)
	}
	if after, _ := d.s.AuditFor(ctx, "cases", 100); len(after) != len(before) {
		t.Errorf("an export that did not finish was audited: %+v", after[len(before):])
	}
}

// BenchmarkExportCases exports every case of the review queue's benchmark
// database (1,000,000 inspections, 50,000 cases; -short: 20,000 and
// 1,000) in each format to io.Discard, through ExportCases and package
// export with the default pack. "baseline" reads the same rows with one
// plain query and decodes the JSON, writing nothing. The database is
// copied first: an export appends to the audit trail.
func BenchmarkExportCases(b *testing.B) {
	n, cases := 1_000_000, 50_000
	if testing.Short() {
		n, cases = 20_000, 1_000
	}
	src := queueDB(b, n, cases)
	path := filepath.Join(b.TempDir(), FileName)
	if err := copyFile(src, path); err != nil {
		b.Fatal(err)
	}
	s, err := Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	pack, err := sop.Load(data.FS)
	if err != nil {
		b.Fatal(err)
	}
	sup := &User{ID: 1, Name: "bench supervisor", Role: Supervisor, Active: true}
	all := QueueFilter{Statuses: inspect.CaseStatuses}
	for _, f := range export.Formats {
		b.Run(string(f), func(b *testing.B) {
			var got int
			for b.Loop() {
				w, err := export.New(io.Discard, f, export.Options{Pack: pack, Personal: f.Nominal()})
				if err != nil {
					b.Fatal(err)
				}
				res, err := s.ExportCases(ctx, sup, ExportRequest{Filter: all, Format: f, Personal: f.Nominal()}, w.Write)
				if err != nil {
					b.Fatal(err)
				}
				if err := w.Close(); err != nil {
					b.Fatal(err)
				}
				got = res.Cases
			}
			b.ReportMetric(float64(got), "cases")
			b.ReportMetric(float64(got)*float64(b.N)/b.Elapsed().Seconds(), "cases/s")
		})
	}
	b.Run("baseline", func(b *testing.B) {
		var got int
		for b.Loop() {
			rows, err := s.db.QueryContext(ctx, `SELECT c.number, i.data FROM cases c JOIN inspections i ON i.id = c.inspection_id ORDER BY c.held_at, c.id`)
			if err != nil {
				b.Fatal(err)
			}
			got = 0
			for rows.Next() {
				var num string
				var data []byte
				var in inspect.Inspection
				if err := rows.Scan(&num, &data); err != nil {
					b.Fatal(err)
				}
				if err := json.Unmarshal(data, &in); err != nil {
					b.Fatal(err)
				}
				got++
			}
			rows.Close()
		}
		b.ReportMetric(float64(got), "cases")
		b.ReportMetric(float64(got)*float64(b.N)/b.Elapsed().Seconds(), "cases/s")
	})
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
