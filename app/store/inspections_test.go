package store

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"tusk/app/inspect"
)

// depotWithStaff is a set-up depot with a clock and one user per role,
// plus a second inspector.
type depotWithStaff struct {
	s                    *Store
	clk                  *testClock
	sup, insp, insp2, tr *User
}

func newDepot(tb testing.TB) *depotWithStaff {
	tb.Helper()
	s := openTest(tb)
	return staffDepot(tb, s)
}

func staffDepot(tb testing.TB, s *Store) *depotWithStaff {
	tb.Helper()
	clk := &testClock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)}
	s.Now = clk.Now
	d := &depotWithStaff{s: s, clk: clk, sup: setUp(tb, s)}
	add := func(name string, r Role) *User {
		u, err := s.AddUser(ctx, d.sup, NewUser{Name: name, Role: r, PIN: "135790", Language: "en"})
		if err != nil {
			tb.Fatal(err)
		}
		return u
	}
	d.insp = add("Neema Mushi", Inspector)
	d.insp2 = add("Jean Mbarga", Inspector)
	d.tr = add("Nguyen Thi Lan", Trainer)
	return d
}

func (d *depotWithStaff) tick(dur time.Duration) { d.clk.t = d.clk.t.Add(dur) }

// fill gives a draft what a thorough inspection records: three parties,
// 36 checklist answers, two findings, an assessment.
func fill(in *inspect.Inspection, senderID, senderPhone string) {
	in.Parcel.Courier = "posta"
	in.Parcel.Direction = inspect.DirectionOutbound
	in.Parcel.Contents = []inspect.DeclaredItem{
		{Name: "wooden handicraft", Category: "handicrafts", Quantity: 3, Value: 45.5, Currency: "USD"},
		{Name: "bracelet", Category: "jewellery", Quantity: 1},
	}
	in.Parcel.DeclaredWeightKg, in.Parcel.MeasuredWeightKg = 1.2, 2.5
	in.Parcel.Dimensions = inspect.Dimensions{Length: 30, Width: 20, Height: 10}
	in.Parcel.Origin = inspect.Place{Country: "TZ", City: "Dar es Salaam"}
	in.Parcel.Destination = inspect.Place{Country: "CN", City: "Guangzhou"}
	in.Parcel.Transit = []string{"HK"}
	in.Parcel.Payment = inspect.PaymentCash
	in.Parties = []inspect.Party{
		{Role: inspect.RoleSender, Name: "Juma Hassan", Phone: senderPhone, Address: "Plot 12, Kariakoo, Dar es Salaam", Country: "TZ",
			ID: &inspect.IDDocument{Type: inspect.DocTZNIDA, Number: senderID, BirthDate: "1990-01-01", Sex: "M"}},
		{Role: inspect.RoleReceiver, Name: "王先生", Phone: "+86 138 1234 5678", Address: "广州市白云区机场路 88 号"},
		{Role: inspect.RoleAgent, Name: "Asha Said", Phone: "0754 321 987", ThirdParty: true,
			ID: &inspect.IDDocument{Type: inspect.DocPassport, Number: "TZ1234567", Country: "TZ"}},
	}
	in.Answers = nil
	for i := range 36 {
		v := inspect.AnswerNo
		if i%7 == 0 {
			v = inspect.AnswerYes
		}
		in.Answers = append(in.Answers, inspect.Answer{Item: fmt.Sprintf("item-%02d", i), Value: v})
	}
	in.Answers[3].Note = "sender in a hurry, called 0712 345 678 twice"
	in.Findings = []inspect.Finding{
		{Card: "ivory-carving", Confidence: inspect.ConfidenceMedium, Count: 2, WeightKg: 0.4},
		{Card: "pangolin-scales", Confidence: inspect.ConfidenceLow, WeightKg: 0.1, Note: "few flakes"},
	}
	in.ContentsCheck = inspect.ContentsMismatch
	in.External = inspect.ExternalNotAvailable
	in.Notes = "sender gave phone +255 712 345 678"
	in.Assessment = &inspect.Assessment{Score: 75, Level: inspect.LevelRed, Action: inspect.ActionRefuse,
		Reasons: []inspect.Reason{{RuleID: "product-suspected", Weight: 40, Detail: "ivory-carving"}}}
}

var holdDecision = inspect.Decision{Action: inspect.ActionHold, Reason: "carving looks like ivory",
	Seals: []string{" S-0001 ", "S-0002", "S-0001", ""}, Storage: "Evidence cage B"}

func marshal(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func auditActions(t *testing.T, s *Store, subject string) []string {
	t.Helper()
	es, err := s.AuditFor(ctx, subject, 100)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Action)
	}
	return out
}

func verifyAudit(t *testing.T, s *Store) {
	t.Helper()
	if _, err := s.VerifyAudit(ctx); err != nil {
		t.Errorf("audit chain: %v", err)
	}
}

// TestMigration0002OnExisting0001 opens a database that only 0001 made,
// with a depot and a user in it, and checks 0002 lands on top of it.
func TestMigration0002OnExisting0001(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	db, err := sql.Open("sqlite", DSN(path))
	if err != nil {
		t.Fatal(err)
	}
	body, err := fs.ReadFile(migrations, "migrations/0001_foundation.sql")
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`,
		string(body),
		`INSERT INTO schema_migrations VALUES (1, '0001_foundation.sql', '2026-01-01T00:00:00.000Z')`,
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()

	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if v, _ := s.SchemaVersion(ctx); v < 2 {
		t.Fatalf("schema version %d after reopen", v)
	}
	for _, table := range []string{"inspections", "party_keys", "cases", "custody", "photos", "inspection_photos", "counters"} {
		var n int
		s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?`, table).Scan(&n)
		if n != 1 {
			t.Errorf("table %s missing", table)
		}
	}
	// The depot set up before the upgrade works with the new tables.
	d := staffDepot(t, s)
	in, err := d.s.StartInspection(ctx, d.insp, "RR123456785CN", "")
	if err != nil {
		t.Fatal(err)
	}
	if in.Station != "GZ-01" || in.Parcel.Stage != inspect.StageAcceptance {
		t.Errorf("started %+v", in)
	}
	verifyAudit(t, s)
}

func TestStartSaveDecideHold(t *testing.T) {
	d := newDepot(t)
	s := d.s
	in, err := s.StartInspection(ctx, d.insp, " rr123456785cn\r\n", inspect.StageXray)
	if err != nil {
		t.Fatal(err)
	}
	day := localDay(d.clk.t).Format("20060102")
	if in.ID != "I-"+day+"-0001" || in.Parcel.Waybill != "RR123456785CN" || in.Status != inspect.StatusDraft || in.Inspector != fmt.Sprint(d.insp.ID) {
		t.Fatalf("started %+v", in)
	}
	if got := auditActions(t, s, "inspection:"+in.ID); !slices.Equal(got, []string{"inspection.start"}) {
		t.Errorf("audit after start: %v", got)
	}

	// Autosave: many saves, no audit entries, the last one wins.
	d.tick(time.Second)
	fill(in, "19900101-12345-67890-12", "+255 712 345 678")
	for i := range 5 {
		in.Notes = fmt.Sprintf("note %d", i)
		d.tick(time.Second)
		if err := s.SaveDraft(ctx, d.insp, in); err != nil {
			t.Fatal(err)
		}
	}
	if got := auditActions(t, s, "inspection:"+in.ID); len(got) != 1 {
		t.Errorf("autosave wrote audit entries: %v", got)
	}
	back, err := s.Inspection(ctx, d.insp, in.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := *in
	want.UpdatedAt = d.clk.t
	if marshal(t, back) != marshal(t, &want) {
		t.Errorf("read back differs:\n got %s\nwant %s", marshal(t, back), marshal(t, &want))
	}
	var level string
	var score int
	s.db.QueryRowContext(ctx, `SELECT risk_score, risk_level FROM inspections WHERE number = ?`, in.ID).Scan(&score, &level)
	if score != 75 || level != inspect.LevelRed {
		t.Errorf("risk columns %d %s", score, level)
	}

	// Hold without reason, seals or storage: three field errors, nothing saved.
	before, _ := s.VerifyAudit(ctx)
	_, err = s.Decide(ctx, d.insp, in.ID, inspect.Decision{Action: inspect.ActionHold, Seals: []string{" ", ""}}, *in.Assessment)
	var fe FieldErrors
	if !errors.As(err, &fe) {
		t.Fatalf("hold without details: %v", err)
	}
	var codes []string
	for _, e := range fe {
		codes = append(codes, e.Field+"="+e.Code)
	}
	if want := []string{"reason=" + ErrDecideReason, "seals=" + ErrDecideSeals, "storage=" + ErrDecideStorage}; !slices.Equal(codes, want) {
		t.Errorf("field errors %v, want %v", codes, want)
	}
	after, _ := s.VerifyAudit(ctx)
	var cases int
	s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM cases`).Scan(&cases)
	if cur, _ := s.Inspection(ctx, d.insp, in.ID); after != before || cases != 0 || cur.Status != inspect.StatusDraft || cur.Decision != nil {
		t.Errorf("a refused decision saved something: audit %d→%d, %d cases, status %s", before, after, cases, cur.Status)
	}

	// Hold with everything: a case, custody, flagged keys, status held.
	d.tick(time.Minute)
	c, err := s.Decide(ctx, d.insp, in.ID, holdDecision, *in.Assessment)
	if err != nil {
		t.Fatal(err)
	}
	year := localDay(d.clk.t).Format("2006")
	if c == nil || c.Number != "C-"+year+"-0001" || c.Status != inspect.CaseOpen || c.InspectionID != in.ID || c.Risk != inspect.LevelRed || !c.OpenedAt.Equal(d.clk.t) {
		t.Fatalf("case %+v", c)
	}
	if got, err := s.CaseOf(ctx, d.sup, in.ID); err != nil || marshal(t, got) != marshal(t, c) {
		t.Errorf("CaseOf: %+v %v", got, err)
	}
	ev, err := s.Custody(ctx, d.sup, c.Number)
	if err != nil || len(ev) != 1 {
		t.Fatalf("custody %v %v", ev, err)
	}
	if e := ev[0]; e.From != d.insp.Name || e.To != "Evidence cage B" || !slices.Equal(e.Seals, []string{"S-0001", "S-0002"}) || !e.At.Equal(d.clk.t) {
		t.Errorf("first custody event %+v", e)
	}
	back, _ = s.Inspection(ctx, d.insp, in.ID)
	if back.Status != inspect.StatusHeld || back.Decision == nil || back.Decision.By != fmt.Sprint(d.insp.ID) ||
		back.Decision.Reason != "carving looks like ivory" || !back.Decision.At.Equal(d.clk.t) || back.Assessment.Score != 75 {
		t.Errorf("decided record %+v %+v", back.Status, back.Decision)
	}
	if len(back.Parties) != 3 || back.Parties[0].ID.Number != "19900101-12345-67890-12" {
		t.Errorf("decided record lost its data: %+v", back.Parties)
	}
	var unflagged int
	s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM party_keys WHERE flagged = 0`).Scan(&unflagged)
	var keys int
	s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM party_keys`).Scan(&keys)
	if unflagged != 0 || keys != 8 { // sender id+phone+name, receiver phone+name, agent id+phone+name
		t.Errorf("party keys: %d, %d unflagged", keys, unflagged)
	}
	if got := auditActions(t, s, "inspection:"+in.ID); !slices.Equal(got, []string{"inspection.start", "inspection.hold"}) {
		t.Errorf("inspection audit %v", got)
	}
	if got := auditActions(t, s, "case:"+c.Number); !slices.Equal(got, []string{"case.open"}) {
		t.Errorf("case audit %v", got)
	}

	// Decided records are never edited.
	in.Notes = "changed later"
	if err := s.SaveDraft(ctx, d.insp, in); !errors.Is(err, ErrDecided) {
		t.Errorf("SaveDraft after hold: %v", err)
	}
	if _, err := s.Decide(ctx, d.insp, in.ID, inspect.Decision{Action: inspect.ActionClear}, *in.Assessment); !errors.Is(err, ErrDecided) {
		t.Errorf("second decision: %v", err)
	}
	if err := s.DiscardDraft(ctx, d.insp, in.ID); !errors.Is(err, ErrDecided) {
		t.Errorf("discard after hold: %v", err)
	}
	// Custody is append-only.
	if _, err := s.db.ExecContext(ctx, `UPDATE custody SET to_name = 'elsewhere'`); err == nil {
		t.Error("custody row changed")
	}
	verifyAudit(t, s)
}

func TestDecideClearAndRefuse(t *testing.T) {
	d := newDepot(t)
	s := d.s
	a, _ := s.StartInspection(ctx, d.insp, "RR000000001CN", "")
	b, _ := s.StartInspection(ctx, d.insp, "RR000000002CN", "")
	fill(a, "19900101-12345-67890-12", "+255 712 345 678")
	fill(b, "19850505-11111-22222-33", "+255 700 000 001")
	for _, in := range []*inspect.Inspection{a, b} {
		if err := s.SaveDraft(ctx, d.insp, in); err != nil {
			t.Fatal(err)
		}
	}
	if b.ID[len(b.ID)-4:] != "0002" {
		t.Errorf("second number %s", b.ID)
	}
	c, err := s.Decide(ctx, d.insp, a.ID, inspect.Decision{Action: " clear "}, inspect.Assessment{Score: 10, Level: inspect.LevelGreen, Action: inspect.ActionClear})
	if err != nil || c != nil {
		t.Fatalf("clear: %v %v", c, err)
	}
	if _, err := s.CaseOf(ctx, d.insp, a.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("case of a cleared parcel: %v", err)
	}
	var flagged int
	s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM party_keys WHERE flagged = 1`).Scan(&flagged)
	if flagged != 0 {
		t.Errorf("clear flagged %d keys", flagged)
	}
	d.tick(time.Hour)
	c, err = s.Decide(ctx, d.insp, b.ID, inspect.Decision{Action: inspect.ActionRefuse, Reason: "refused to open", Seals: []string{"S-9"}, Storage: "Safe 1"},
		inspect.Assessment{Score: 80, Level: inspect.LevelRed, Action: inspect.ActionRefuse})
	if err != nil || c == nil || c.Number[len(c.Number)-4:] != "0001" {
		t.Fatalf("refuse: %+v %v", c, err)
	}
	sums, err := s.Day(ctx, d.insp, d.clk.t, time.UTC, false)
	if err != nil || len(sums) != 2 {
		t.Fatalf("day: %v %v", sums, err)
	}
	if sums[0].ID != a.ID || sums[0].Status != inspect.StatusCleared || sums[0].Case != "" || sums[0].RiskLevel != inspect.LevelGreen ||
		sums[1].Status != inspect.StatusRefused || sums[1].Case != c.Number || sums[1].RiskScore != 80 || sums[1].InspectorName != d.insp.Name ||
		sums[1].DecidedAt.IsZero() {
		t.Errorf("day summaries %+v", sums)
	}
	if got := auditActions(t, s, "inspection:"+a.ID); !slices.Equal(got, []string{"inspection.start", "inspection.clear"}) {
		t.Errorf("clear audit %v", got)
	}
	if got := auditActions(t, s, "inspection:"+b.ID); !slices.Equal(got, []string{"inspection.start", "inspection.refuse"}) {
		t.Errorf("refuse audit %v", got)
	}
	verifyAudit(t, s)
}

func TestCheckDecision(t *testing.T) {
	for _, tc := range []struct {
		name string
		d    inspect.Decision
		want []string
	}{
		{"clear", inspect.Decision{Action: "clear"}, nil},
		{"clear ignores the rest", inspect.Decision{Action: "clear", Seals: []string{""}}, nil},
		{"unknown action", inspect.Decision{Action: "release"}, []string{"action"}},
		{"empty action", inspect.Decision{}, []string{"action"}},
		{"hold complete", holdDecision, nil},
		{"hold blank", inspect.Decision{Action: "hold", Reason: "  ", Seals: []string{" "}, Storage: "\t"}, []string{"reason", "seals", "storage"}},
		{"hold no seals", inspect.Decision{Action: "hold", Reason: "r", Storage: "s"}, []string{"seals"}},
		{"refuse no storage", inspect.Decision{Action: "refuse", Reason: "r", Seals: []string{"1"}}, []string{"storage"}},
		{"refuse no reason", inspect.Decision{Action: "refuse", Seals: []string{"1"}, Storage: "s"}, []string{"reason"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := tc.d
			d.Seals = slices.Clone(d.Seals)
			var got []string
			for _, e := range CheckDecision(&d) {
				got = append(got, e.Field)
				if !strings.HasPrefix(e.Code, "inspect.decide.err.") {
					t.Errorf("code %q", e.Code)
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestInspectionRoles(t *testing.T) {
	d := newDepot(t)
	s := d.s
	if _, err := s.StartInspection(ctx, d.tr, "RR123456785CN", ""); !errors.Is(err, ErrForbidden) {
		t.Errorf("trainer started an inspection: %v", err)
	}
	if _, err := s.StartInspection(ctx, nil, "RR123456785CN", ""); !errors.Is(err, ErrForbidden) {
		t.Errorf("nobody started an inspection: %v", err)
	}
	if _, err := s.StartInspection(ctx, d.insp, "RR123456785CN", "customs"); err == nil {
		t.Error("unknown stage accepted")
	}
	in, err := s.StartInspection(ctx, d.insp, "RR123456785CN", "")
	if err != nil {
		t.Fatal(err)
	}
	fill(in, "19900101-12345-67890-12", "+255 712 345 678")
	if err := s.SaveDraft(ctx, d.insp, in); err != nil {
		t.Fatal(err)
	}

	// A draft belongs to its inspector (and to those who decide).
	for _, tc := range []struct {
		name  string
		actor *User
		want  error
	}{
		{"owner", d.insp, nil},
		{"supervisor", d.sup, nil},
		{"other inspector", d.insp2, ErrForbidden},
		{"trainer", d.tr, ErrForbidden},
		{"nobody", nil, ErrForbidden},
	} {
		t.Run("read draft/"+tc.name, func(t *testing.T) {
			if _, err := s.Inspection(ctx, tc.actor, in.ID); !errors.Is(err, tc.want) && !(err == nil && tc.want == nil) {
				t.Errorf("read: %v, want %v", err, tc.want)
			}
		})
		t.Run("save draft/"+tc.name, func(t *testing.T) {
			if err := s.SaveDraft(ctx, tc.actor, in); !errors.Is(err, tc.want) && !(err == nil && tc.want == nil) {
				t.Errorf("save: %v, want %v", err, tc.want)
			}
		})
	}
	if ds, err := s.Drafts(ctx, d.insp2); err != nil || len(ds) != 0 {
		t.Errorf("other inspector's drafts: %v %v", ds, err)
	}
	if got, err := s.LatestDraft(ctx, d.insp2); err != nil || got != nil {
		t.Errorf("other inspector's latest draft: %v %v", got, err)
	}
	if _, err := s.Drafts(ctx, d.tr); !errors.Is(err, ErrForbidden) {
		t.Errorf("trainer drafts: %v", err)
	}
	if _, err := s.Decide(ctx, d.insp2, in.ID, holdDecision, inspect.Assessment{}); !errors.Is(err, ErrForbidden) {
		t.Errorf("other inspector decided: %v", err)
	}
	if _, err := s.Day(ctx, d.insp, d.clk.t, nil, true); !errors.Is(err, ErrForbidden) {
		t.Errorf("inspector asked for everyone's day: %v", err)
	}
	if sums, err := s.Day(ctx, d.sup, d.clk.t, nil, true); err != nil || len(sums) != 1 {
		t.Errorf("supervisor's day of everyone: %v %v", sums, err)
	}
	if sums, err := s.WaybillHistory(ctx, d.insp2, "RR123456785CN"); err != nil || len(sums) != 0 {
		t.Errorf("other inspector sees a draft in the history: %v %v", sums, err)
	}
	if _, err := s.WaybillHistory(ctx, d.tr, "RR123456785CN"); !errors.Is(err, ErrForbidden) {
		t.Errorf("trainer waybill history: %v", err)
	}

	// Once decided, colleagues read it in full; a trainer reads it masked.
	if _, err := s.Decide(ctx, d.insp, in.ID, holdDecision, *in.Assessment); err != nil {
		t.Fatal(err)
	}
	full, err := s.Inspection(ctx, d.insp2, in.ID)
	if err != nil || full.Parties[0].ID.Number != "19900101-12345-67890-12" || full.Parties[0].Name != "Juma Hassan" {
		t.Errorf("colleague reads a decided record: %+v %v", full, err)
	}
	masked, err := s.Inspection(ctx, d.tr, in.ID)
	if err != nil {
		t.Fatal(err)
	}
	p := masked.Parties
	if p[0].Name != "J*** H*****" || p[0].ID.Number != "1990****-*****-***90-12" || p[0].Phone != "+255 *** **5 678" ||
		p[1].Name != "王**" || p[1].Phone != "+86 *** **** 5678" || p[0].ID.BirthDate != "****-**-**" ||
		strings.Contains(masked.Notes, "712") || masked.Parcel.Waybill != "RR123456785CN" {
		t.Errorf("trainer sees %+v %+v %+v, notes %q", p[0], *p[0].ID, p[1], masked.Notes)
	}
	if sums, err := s.WaybillHistory(ctx, d.insp2, "rr 123456785 cn"); err != nil || len(sums) != 1 || sums[0].Status != inspect.StatusHeld {
		t.Errorf("waybill history: %v %v", sums, err)
	}
	verifyAudit(t, s)
}

// TestDraftRecoveryAfterReopen closes the store in the middle of an
// inspection, as a crash would, and gets every saved field back.
func TestDraftRecoveryAfterReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	d := staffDepot(t, s)
	older, _ := s.StartInspection(ctx, d.insp, "RR000000001CN", "")
	d.tick(time.Minute)
	in, err := s.StartInspection(ctx, d.insp, "RR123456785CN", inspect.StageAcceptance)
	if err != nil {
		t.Fatal(err)
	}
	fill(in, "19900101-12345-67890-12", "+255 712 345 678")
	d.tick(time.Second)
	if err := s.SaveDraft(ctx, d.insp, in); err != nil {
		t.Fatal(err)
	}
	saved := d.clk.t
	in.Notes = "typed but never saved"
	s.Close()

	s, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got, err := s.LatestDraft(ctx, d.insp)
	if err != nil || got == nil {
		t.Fatalf("latest draft: %v %v", got, err)
	}
	want := *in
	want.Notes = "sender gave phone +255 712 345 678"
	want.UpdatedAt = saved
	if marshal(t, got) != marshal(t, &want) {
		t.Errorf("recovered draft differs:\n got %s\nwant %s", marshal(t, got), marshal(t, &want))
	}
	ds, err := s.Drafts(ctx, d.insp)
	if err != nil || len(ds) != 2 || ds[0].ID != in.ID || ds[1].ID != older.ID {
		t.Errorf("drafts newest first: %+v %v", ds, err)
	}
	verifyAudit(t, s)
}

func TestDiscardDraft(t *testing.T) {
	d := newDepot(t)
	s := d.s
	in, _ := s.StartInspection(ctx, d.insp, "RR123456785CN", "")
	fill(in, "19900101-12345-67890-12", "+255 712 345 678")
	s.SaveDraft(ctx, d.insp, in)
	if err := s.DiscardDraft(ctx, d.insp2, in.ID); !errors.Is(err, ErrForbidden) {
		t.Errorf("other inspector discarded: %v", err)
	}
	if err := s.DiscardDraft(ctx, d.insp, in.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Inspection(ctx, d.insp, in.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("discarded draft still there: %v", err)
	}
	var keys int
	s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM party_keys`).Scan(&keys)
	if keys != 0 {
		t.Errorf("%d keys left", keys)
	}
	next, _ := s.StartInspection(ctx, d.insp, "RR123456785CN", "")
	if next.ID == in.ID {
		t.Error("a discarded number was given again")
	}
	if got := auditActions(t, s, "inspection:"+in.ID); !slices.Equal(got, []string{"inspection.start", "inspection.discard"}) {
		t.Errorf("audit %v", got)
	}
	verifyAudit(t, s)
}

func TestNumbersPerDayAndYear(t *testing.T) {
	d := newDepot(t)
	s := d.s
	var ids []string
	for _, step := range []time.Duration{0, time.Minute, 24 * time.Hour, time.Minute} {
		d.tick(step)
		in, err := s.StartInspection(ctx, d.insp, "", "")
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, in.ID)
	}
	day1, day2 := localDay(d.clk.t.Add(-24*time.Hour)).Format("20060102"), localDay(d.clk.t).Format("20060102")
	want := []string{"I-" + day1 + "-0001", "I-" + day1 + "-0002", "I-" + day2 + "-0001", "I-" + day2 + "-0002"}
	if !slices.Equal(ids, want) {
		t.Errorf("numbers %v, want %v", ids, want)
	}
}

func TestRepeatSenders(t *testing.T) {
	d := newDepot(t)
	s := d.s
	const id, phone = "19900101-12345-67890-12", "+255 712 345 678"
	decide := func(wb string, sid, sphone string, dec inspect.Decision) *inspect.Inspection {
		in, err := s.StartInspection(ctx, d.insp, wb, "")
		if err != nil {
			t.Fatal(err)
		}
		fill(in, sid, sphone)
		if err := s.SaveDraft(ctx, d.insp, in); err != nil {
			t.Fatal(err)
		}
		if dec.Action != "" {
			d.tick(time.Minute)
			if _, err := s.Decide(ctx, d.insp, in.ID, dec, *in.Assessment); err != nil {
				t.Fatal(err)
			}
		}
		return in
	}
	// Two held parcels of the sender (one by ID, one by phone written
	// nationally), a cleared one, and someone else's held one.
	decide("RR000000001CN", id, "", holdDecision)
	decide("RR000000002CN", "", "0712345678", holdDecision)
	decide("RR000000003CN", id, phone, inspect.Decision{Action: inspect.ActionClear})
	decide("RR000000004CN", "19700101-00000-00000-01", "+255 799 999 999", holdDecision)
	now := decide("RR000000005CN", id, phone, inspect.Decision{})

	rep, err := s.RepeatCounts(ctx, d.insp, now)
	if err != nil {
		t.Fatal(err)
	}
	// The receiver and agent of fill are the same on every parcel.
	if rep[inspect.RoleSender] != 2 || rep[inspect.RoleReceiver] != 3 || rep[inspect.RoleAgent] != 3 {
		t.Errorf("repeat counts %v", rep)
	}
	keys, err := s.PartyKeys(ctx, *now.Party(inspect.RoleSender), "TZ")
	if err != nil || len(keys) != 2 {
		t.Fatalf("keys %v %v", keys, err)
	}
	n, list, err := s.RepeatSenders(ctx, d.insp, keys)
	if err != nil || n != 2 || len(list) != 2 || list[0].Waybill != "RR000000002CN" || list[1].Waybill != "RR000000001CN" || list[0].Case == "" {
		t.Errorf("repeat senders %d %+v %v", n, list, err)
	}
	if n, _, err := s.RepeatSenders(ctx, d.insp, []string{"zz", "", keys[0][:10]}); err != nil || n != 0 {
		t.Errorf("bad keys: %d %v", n, err)
	}
	if _, _, err := s.RepeatSenders(ctx, d.tr, keys); !errors.Is(err, ErrForbidden) {
		t.Errorf("trainer looked up senders: %v", err)
	}
	// A held inspection does not count itself.
	held := decide("RR000000006CN", "19600101-99999-99999-99", "+255 766 666 666", holdDecision)
	if rep, _ := s.RepeatCounts(ctx, d.insp, held); rep[inspect.RoleSender] != 0 {
		t.Errorf("a held parcel counts itself: %v", rep)
	}
	verifyAudit(t, s)
}

// Store-level failures for a missing inspection.
func TestUnknownInspection(t *testing.T) {
	d := newDepot(t)
	s := d.s
	ghost := &inspect.Inspection{ID: "I-20260101-9999"}
	if err := s.SaveDraft(ctx, d.insp, ghost); !errors.Is(err, ErrNotFound) {
		t.Errorf("save: %v", err)
	}
	if err := s.SaveDraft(ctx, d.insp, nil); !errors.Is(err, ErrNotFound) {
		t.Errorf("save nil: %v", err)
	}
	if _, err := s.Inspection(ctx, d.insp, ghost.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("read: %v", err)
	}
	if _, err := s.Decide(ctx, d.insp, ghost.ID, holdDecision, inspect.Assessment{}); !errors.Is(err, ErrNotFound) {
		t.Errorf("decide: %v", err)
	}
	if got, err := s.LatestDraft(ctx, d.insp); got != nil || err != nil {
		t.Errorf("latest draft of nobody: %v %v", got, err)
	}
}
