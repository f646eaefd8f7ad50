package store

import (
	"errors"
	"slices"
	"testing"
	"time"

	"tusk/app/inspect"
)

// A power bank refused under the postal rules is decided and audited, but
// it opens no case: no slip, no review queue, no CITES export, no flagged
// repeat-sender keys, and the dashboard's held/refused/referred counts and
// the monthly report stay at zero.
func TestDecideRefusePostal(t *testing.T) {
	d := newDepot(t)
	s := d.s
	in, err := s.StartInspection(ctx, d.insp, "RR000000011CN", "")
	if err != nil {
		t.Fatal(err)
	}
	fill(in, "19900101-12345-67890-12", "+255 712 345 678")
	if err := s.SaveDraft(ctx, d.insp, in); err != nil {
		t.Fatal(err)
	}
	a := inspect.Assessment{Score: 0, Level: inspect.LevelGreen, Action: inspect.ActionRefusePostal}
	// The reason is the one thing a postal refusal needs.
	_, err = s.Decide(ctx, d.insp, in.ID, inspect.Decision{Action: inspect.ActionRefusePostal, Reason: "  "}, a)
	var fe FieldErrors
	if !errors.As(err, &fe) || len(fe) != 1 || fe[0].Field != "reason" {
		t.Fatalf("no reason: %v", err)
	}
	c, err := s.Decide(ctx, d.insp, in.ID, inspect.Decision{Action: inspect.ActionRefusePostal,
		Reason: "Lithium power bank: refused under the postal rules", Seals: []string{"S-1"}, Storage: "Safe"}, a)
	if err != nil || c != nil {
		t.Fatalf("refuse_postal: case %+v, %v", c, err)
	}
	got, err := s.Inspection(ctx, d.insp, in.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != inspect.StatusRefusedPostal || got.Decision == nil || got.Decision.Action != inspect.ActionRefusePostal ||
		len(got.Decision.Seals) != 0 || got.Decision.Storage != "" {
		t.Errorf("decided inspection: status %q decision %+v", got.Status, got.Decision)
	}
	if _, err := s.CaseOf(ctx, d.insp, in.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("case of a postal refusal: %v", err)
	}
	if _, err := s.Decide(ctx, d.insp, in.ID, inspect.Decision{Action: inspect.ActionClear}, a); !errors.Is(err, ErrDecided) {
		t.Errorf("decided twice: %v", err)
	}
	var flagged, cases int
	s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM party_keys WHERE flagged = 1`).Scan(&flagged)
	s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM cases`).Scan(&cases)
	if flagged != 0 || cases != 0 {
		t.Errorf("flagged keys %d, cases %d", flagged, cases)
	}
	if items, n, err := s.Queue(ctx, d.sup, QueueFilter{Statuses: inspect.CaseStatuses}); err != nil || n != 0 || len(items) != 0 {
		t.Errorf("review queue: %d %v %v", n, items, err)
	}
	res, err := s.ExportCases(ctx, d.sup, ExportRequest{Filter: QueueFilter{Statuses: inspect.CaseStatuses}, Format: "cites"},
		func(*CaseRow) error { t.Error("a postal refusal in the CITES export"); return nil })
	if err != nil || res.Cases != 0 {
		t.Errorf("export: %+v %v", res, err)
	}
	st, err := s.Stats(ctx, d.sup, StatsFilter{From: d.clk.t.AddDate(0, -1, 0), To: d.clk.t.AddDate(0, 1, 0)})
	if err != nil || st.Held != 0 || st.Refused != 0 || st.Referred != 0 || st.Open != 0 {
		t.Errorf("stats %+v %v", st, err)
	}
	sums, err := s.Day(ctx, d.insp, d.clk.t, time.UTC, false)
	if err != nil || len(sums) != 1 || sums[0].Status != inspect.StatusRefusedPostal || sums[0].Case != "" {
		t.Errorf("day %+v %v", sums, err)
	}
	if got := auditActions(t, s, "inspection:"+in.ID); !slices.Equal(got, []string{"inspection.start", "inspection.refuse_postal"}) {
		t.Errorf("audit %v", got)
	}
	var integrity string
	s.db.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&integrity)
	if integrity != "ok" {
		t.Errorf("integrity after the widened CHECK: %s", integrity)
	}
	// Not evidence: its personal data goes after the retention period, as
	// a cleared parcel's does.
	if n, err := s.PurgePersonalData(ctx, d.sup, d.clk.t.Add(time.Hour)); err != nil || n != 1 {
		t.Errorf("purge: %d %v", n, err)
	}
	verifyAudit(t, s)
}
