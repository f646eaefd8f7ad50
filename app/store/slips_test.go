package store

import (
	"errors"
	"io/fs"
	"strings"
	"testing"

	"tusk/app/inspect"
)

// Issue 13: every Save as… issued a new slip number for the same
// referral. One referral has one number; a correction is an explicit
// re-issue that supersedes it, and the register then names the slip in
// force for the old one. (With RecordSlip accepting a second slip for a
// case, as before, "a second number" fails.)
func TestOneSlipPerReferralAndReissue(t *testing.T) {
	d := newDepot(t)
	s := d.s
	c := decided(t, d, "RR123456785CN", inspect.ActionHold, "pangolin-scales")
	if _, err := s.CurrentSlip(ctx, d.sup, c.Number); !errors.Is(err, ErrNoSlip) {
		t.Fatalf("current slip before any: %v", err)
	}
	no1, _ := s.NextSlipNumber(ctx)
	p1, r1 := slipFor(t, d, c.Number, no1)
	if err := s.RecordSlip(ctx, d.sup, c.Number, no1, p1, r1, SlipOut{Action: SlipSaved, Where: "/tmp/a.pdf"}); err != nil {
		t.Fatal(err)
	}
	cur, err := s.CurrentSlip(ctx, d.sup, c.Number)
	if err != nil || cur.Number != no1 || cur.Payload != p1 || string(cur.Record) != string(r1) {
		t.Fatalf("current slip %+v %v", cur, err)
	}
	if _, err := s.CurrentSlip(ctx, d.insp, c.Number); !errors.Is(err, ErrForbidden) {
		t.Errorf("inspector read the record: %v", err)
	}

	no2, _ := s.NextSlipNumber(ctx)
	p2, r2 := slipFor(t, d, c.Number, no2)
	if err := s.RecordSlip(ctx, d.sup, c.Number, no2, p2, r2, SlipOut{}); !errors.Is(err, ErrSlipIssued) {
		t.Fatalf("second number for one referral: %v", err)
	}
	var fe FieldError
	if err := s.ReissueSlip(ctx, d.sup, c.Number, no1, no2, p2, r2, " ", SlipOut{}); !errors.As(err, &fe) || fe.Field != "reason" {
		t.Errorf("re-issue without a reason: %v", err)
	}
	if err := s.ReissueSlip(ctx, d.sup, c.Number, "S-1999-0001", no2, p2, r2, "wrong addressee", SlipOut{}); !errors.Is(err, ErrSlipNotCurrent) {
		t.Errorf("re-issue of a slip not in force: %v", err)
	}
	if err := s.ReissueSlip(ctx, d.insp, c.Number, no1, no2, p2, r2, "wrong addressee", SlipOut{}); !errors.Is(err, ErrForbidden) {
		t.Errorf("inspector re-issued: %v", err)
	}
	if err := s.ReissueSlip(ctx, d.sup, c.Number, no1, no2, p2, r2, "wrong addressee", SlipOut{Action: SlipPrinted}); err != nil {
		t.Fatal(err)
	}
	cur, _ = s.CurrentSlip(ctx, d.sup, c.Number)
	if cur.Number != no2 || cur.Supersedes != no1 || cur.Reason != "wrong addressee" {
		t.Errorf("in force after re-issue: %+v", cur)
	}
	no3, _ := s.NextSlipNumber(ctx)
	p3, r3 := slipFor(t, d, c.Number, no3)
	if err := s.ReissueSlip(ctx, d.sup, c.Number, no2, no3, p3, r3, "seal number typo", SlipOut{}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ slip, want string }{{no1, no3}, {no2, no3}, {no3, ""}, {"S-1999-0042", ""}} {
		if got, err := s.SlipSupersededBy(ctx, tc.slip); err != nil || got != tc.want {
			t.Errorf("SlipSupersededBy(%s) = %q %v, want %q", tc.slip, got, err, tc.want)
		}
	}
	// An old slip still verifies (it was issued), and the register says
	// what replaced it.
	if _, _, err := s.VerifySlip(ctx, p1); err != nil {
		t.Errorf("superseded slip no longer verifies: %v", err)
	}

	// Copies are audited against the slip in force, in one transaction.
	if err := s.SlipHandedOut(ctx, d.sup, c.Number, no3, SlipOut{Action: SlipSaved, Where: "/tmp/copy-zh.pdf"}); err != nil {
		t.Fatal(err)
	}
	if err := s.SlipHandedOut(ctx, d.sup, c.Number, "S-1999-0001", SlipOut{Action: SlipSaved}); !errors.Is(err, ErrNotFound) {
		t.Errorf("copy of an unknown slip: %v", err)
	}
	if err := s.SlipHandedOut(ctx, d.insp, c.Number, no3, SlipOut{Action: SlipPrinted}); !errors.Is(err, ErrForbidden) {
		t.Errorf("inspector handed out: %v", err)
	}
	es, _ := s.AuditFor(ctx, "case:"+c.Number, 100)
	var got []string
	for _, e := range es {
		if strings.HasPrefix(e.Action, "slip.") {
			got = append(got, e.Action+" "+e.Detail)
		}
	}
	joined := strings.Join(got, "\n")
	for _, want := range []string{"slip.save slip=" + no1 + " file=/tmp/a.pdf", "slip.reissue slip=" + no2, "supersedes=" + no1,
		"slip.print slip=" + no2, "slip.save slip=" + no3 + " file=/tmp/copy-zh.pdf"} {
		if !strings.Contains(joined, want) {
			t.Errorf("audit lacks %q:\n%s", want, joined)
		}
	}
	verifyAudit(t, s)
}

// A database from before 0014 with three numbers for one case reads them
// as a chain: the newest is in force and the older ones name it.
func TestMigration0014ChainsOldSlips(t *testing.T) {
	d := newDepot(t)
	s := d.s
	c := decided(t, d, "RR123456785CN", inspect.ActionHold, "pangolin-scales")
	var caseID int64
	if err := s.db.QueryRowContext(ctx, `SELECT id FROM cases WHERE number = ?`, c.Number).Scan(&caseID); err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"S-2026-0001", "S-2026-0002", "S-2026-0003"} {
		if _, err := s.db.ExecContext(ctx, `INSERT INTO slips(number, case_id, key_fingerprint, payload, record, record_sha256, made_at)
			VALUES (?, ?, 'fp', 'TUSK1:x', x'7b7d', '', '2026-11-23T00:00:00.000Z')`, n, caseID); err != nil {
			t.Fatal(err)
		}
	}
	body, err := fs.ReadFile(migrations, "migrations/0014_slip_reissue.sql")
	if err != nil {
		t.Fatal(err)
	}
	i := strings.Index(string(body), "UPDATE slips")
	stmt := string(body)[i:]
	stmt = stmt[:strings.Index(stmt, ";")]
	if _, err := s.db.ExecContext(ctx, stmt); err != nil {
		t.Fatal(err)
	}
	for slip, want := range map[string]string{"S-2026-0001": "S-2026-0003", "S-2026-0002": "S-2026-0003", "S-2026-0003": ""} {
		if got, err := s.SlipSupersededBy(ctx, slip); err != nil || got != want {
			t.Errorf("%s superseded by %q %v, want %q", slip, got, err, want)
		}
	}
}
