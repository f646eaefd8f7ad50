package store

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"tusk/app/inspect"
)

func addSupervisor(t *testing.T, d *depotWithStaff, name string) *User {
	t.Helper()
	u, err := d.s.AddUser(ctx, d.sup, NewUser{Name: name, Role: Supervisor, PIN: "135790", Language: "en"})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func decide(t *testing.T, d *depotWithStaff, actor *User, number string, dec CaseDecision) *inspect.Case {
	t.Helper()
	c, err := d.s.DecideCase(ctx, actor, number, dec)
	if err != nil {
		t.Fatalf("%s: %v", dec.Kind, err)
	}
	return c
}

func TestCaseLifecycleToClosed(t *testing.T) {
	d := newDepot(t)
	c := decided(t, d, "RR123456785CN", inspect.ActionHold, "pangolin-scales")
	steps := []struct {
		dec    CaseDecision
		status string
	}{
		{CaseDecision{Kind: KindReview}, inspect.CaseUnderReview},
		{CaseDecision{Kind: KindComment, Text: "X-ray image attached by the station"}, inspect.CaseUnderReview},
		{CaseDecision{Kind: KindExpertAsk, Expert: "University herbarium"}, inspect.CaseUnderReview},
		{CaseDecision{Kind: KindExpertAnswer, Text: "Manis scales, not resin"}, inspect.CaseUnderReview},
		{CaseDecision{Kind: KindRefer, Addressee: "tz-police"}, inspect.CaseReferred},
		{CaseDecision{Kind: KindHandover, Officer: "Insp. Mrisho", Badge: "4411", Unit: "Wildlife Crime Unit", HandoverAt: d.clk.t.Add(2 * time.Hour)}, inspect.CaseHandedOver},
		{CaseDecision{Kind: KindClose, Outcome: OutcomeSeizure, PoliceRef: "WCU/2026/118"}, inspect.CaseClosed},
	}
	for _, st := range steps {
		got := decide(t, d, d.sup, c.Number, st.dec)
		if got.Status != st.status {
			t.Fatalf("after %s: status %s, want %s", st.dec.Kind, got.Status, st.status)
		}
		d.tick(time.Minute)
	}
	got, _ := d.s.CaseByNumber(ctx, d.sup, c.Number)
	if got.Outcome != OutcomeSeizure {
		t.Errorf("outcome %q", got.Outcome)
	}
	events, err := d.s.CaseEvents(ctx, d.insp, c.Number)
	if err != nil || len(events) != len(steps) {
		t.Fatalf("events %d, %v", len(events), err)
	}
	if events[5].Officer != "Insp. Mrisho" || events[6].PoliceRef != "WCU/2026/118" || events[1].Actor != d.sup.Name {
		t.Errorf("events %+v", events)
	}
	custody, _ := d.s.Custody(ctx, d.sup, c.Number)
	if len(custody) != 2 || !strings.Contains(custody[1].To, "Insp. Mrisho #4411 (Wildlife Crime Unit)") {
		t.Errorf("custody %+v", custody)
	}
	hist, err := d.s.CaseHistory(ctx, d.sup, c.Number)
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range hist {
		actions = append(actions, e.Action)
	}
	for _, want := range []string{"inspection.hold", "case.open", "case.review", "case.refer", "case.handover", "case.close"} {
		if !slices.Contains(actions, want) {
			t.Errorf("history %v lacks %s", actions, want)
		}
	}
	// History is never edited: the event log refuses changes.
	if _, err := d.s.DB().Exec(`UPDATE case_events SET data = '{}'`); err == nil {
		t.Error("case_events accepted an update")
	}
	// Closed is final.
	if _, err := d.s.DecideCase(ctx, d.sup, c.Number, CaseDecision{Kind: KindRelease, Reason: "x"}); !errors.Is(err, ErrCaseState) {
		t.Errorf("release after close: %v", err)
	}
	verifyAudit(t, d.s)
}

func TestInspectorCannotDecide(t *testing.T) {
	d := newDepot(t)
	c := decided(t, d, "RR123456785CN", inspect.ActionHold, "pangolin-scales")
	for _, kind := range DecisionKinds {
		if _, err := d.s.DecideCase(ctx, d.insp, c.Number, CaseDecision{Kind: kind, Reason: "r", Addressee: "a", Text: "t", Expert: "e"}); !errors.Is(err, ErrForbidden) {
			t.Errorf("inspector %s: %v, want forbidden", kind, err)
		}
	}
	if _, err := d.s.DecideCase(ctx, d.tr, c.Number, CaseDecision{Kind: KindComment, Text: "hi"}); !errors.Is(err, ErrForbidden) {
		t.Errorf("trainer comment: %v", err)
	}
	// An inspector may still comment on a case.
	decide(t, d, d.insp, c.Number, CaseDecision{Kind: KindComment, Text: "sender came back asking"})
	got, _ := d.s.CaseByNumber(ctx, d.sup, c.Number)
	if got.Status != inspect.CaseOpen {
		t.Errorf("status %s after refused decisions", got.Status)
	}
}

func TestReferralFourEyes(t *testing.T) {
	d := newDepot(t)
	// The supervisor holds a parcel at the counter: another must refer it.
	in, err := d.s.StartInspection(ctx, d.sup, "RR555555555CN", inspect.StageAcceptance)
	if err != nil {
		t.Fatal(err)
	}
	fill(in, "19900101-12345-67890-12", "+255 712 345 678")
	if err := d.s.SaveDraft(ctx, d.sup, in); err != nil {
		t.Fatal(err)
	}
	c, err := d.s.Decide(ctx, d.sup, in.ID, inspect.Decision{Action: inspect.ActionHold, Reason: "r", Seals: []string{"S-9"}, Storage: "cage"}, inspect.Assessment{Level: inspect.LevelAmber})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.s.DecideCase(ctx, d.sup, c.Number, CaseDecision{Kind: KindRefer, Addressee: "tz-police"}); !errors.Is(err, ErrFourEyes) {
		t.Fatalf("self-referral: %v, want four eyes", err)
	}
	sup2, sup3 := addSupervisor(t, d, "Second Supervisor"), addSupervisor(t, d, "Third Supervisor")
	if err := d.s.SetSetting(ctx, d.sup, SettingConfirmReferral, "1"); err != nil {
		t.Fatal(err)
	}
	got := decide(t, d, sup2, c.Number, CaseDecision{Kind: KindRefer, Addressee: "tz-police"})
	if got.Status != inspect.CaseUnderReview {
		t.Fatalf("referral awaiting confirmation: %s", got.Status)
	}
	for _, who := range []*User{sup2, d.sup} {
		if _, err := d.s.DecideCase(ctx, who, c.Number, CaseDecision{Kind: KindConfirm}); !errors.Is(err, ErrFourEyes) {
			t.Errorf("%s confirms: %v, want four eyes", who.Name, err)
		}
	}
	if got = decide(t, d, sup3, c.Number, CaseDecision{Kind: KindConfirm}); got.Status != inspect.CaseReferred {
		t.Errorf("after confirmation: %s", got.Status)
	}
}

func TestDecisionFieldErrors(t *testing.T) {
	d := newDepot(t)
	c := decided(t, d, "RR123456785CN", inspect.ActionHold, "pangolin-scales")
	for _, tc := range []struct {
		dec   CaseDecision
		field string
	}{
		{CaseDecision{Kind: KindRelease}, "reason"},
		{CaseDecision{Kind: KindReturn, Reason: "  "}, "reason"},
		{CaseDecision{Kind: KindRefer}, "addressee"},
		{CaseDecision{Kind: KindClose, Outcome: "lost"}, "outcome"},
		{CaseDecision{Kind: KindReturn, Reason: "r", Outcome: OutcomeSeizure}, "outcome"},
		{CaseDecision{Kind: KindClose, Outcome: OutcomeSeizure}, "police_ref"},
		{CaseDecision{Kind: KindSensitive, Sensitive: true}, "reason"},
		{CaseDecision{Kind: KindExpertAsk}, "expert"},
		{CaseDecision{Kind: KindComment}, "text"},
		{CaseDecision{Kind: "shred"}, "kind"},
	} {
		_, err := d.s.DecideCase(ctx, d.sup, c.Number, tc.dec)
		var fe FieldErrors
		if !errors.As(err, &fe) || fe[0].Field != tc.field {
			t.Errorf("%+v: %v, want field %s", tc.dec, err, tc.field)
		}
	}
	// Handover before referral is out of order.
	if _, err := d.s.DecideCase(ctx, d.sup, c.Number, CaseDecision{Kind: KindHandover, Officer: "o", Unit: "u", HandoverAt: d.clk.t}); !errors.Is(err, ErrCaseState) {
		t.Errorf("early handover: %v", err)
	}
	if _, err := d.s.DecideCase(ctx, d.sup, "C-1999-0001", CaseDecision{Kind: KindReview}); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown case: %v", err)
	}
}

func TestSensitiveCaseHiddenFromStaff(t *testing.T) {
	d := newDepot(t)
	c := decided(t, d, "RR123456785CN", inspect.ActionHold, "pangolin-scales")
	other := decided(t, d, "RR987654326TZ", inspect.ActionRefuse, "ivory-carving")
	decide(t, d, d.sup, c.Number, CaseDecision{Kind: KindSensitive, Sensitive: true, Reason: "seal number reused by staff"})
	numbers := func(u *User) []string {
		items, _, err := d.s.Queue(ctx, u, QueueFilter{})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, it := range items {
			out = append(out, it.Number)
		}
		return out
	}
	if got := numbers(d.insp); !slices.Equal(got, []string{other.Number}) {
		t.Errorf("inspector sees %v", got)
	}
	if got := numbers(d.sup); len(got) != 2 {
		t.Errorf("supervisor sees %v", got)
	}
	if _, err := d.s.CaseEvents(ctx, d.insp, c.Number); err != nil {
		t.Fatal(err)
	}
	if ev, _ := d.s.CaseEvents(ctx, d.insp, c.Number); len(ev) != 0 {
		t.Errorf("inspector reads %d events of a sensitive case", len(ev))
	}
	if _, err := d.s.CaseHistory(ctx, d.insp, c.Number); !errors.Is(err, ErrNotFound) {
		t.Errorf("inspector history: %v", err)
	}
	if _, err := d.s.DecideCase(ctx, d.insp, c.Number, CaseDecision{Kind: KindComment, Text: "?"}); !errors.Is(err, ErrNotFound) {
		t.Errorf("inspector comment on sensitive: %v", err)
	}
	if _, err := d.s.CaseByNumber(ctx, d.insp, c.Number); !errors.Is(err, ErrNotFound) {
		t.Errorf("inspector reads sensitive case: %v", err)
	}
	// A later decision supersedes: no longer sensitive.
	decide(t, d, d.sup, c.Number, CaseDecision{Kind: KindSensitive, Sensitive: false, Reason: "cleared by security"})
	if got := numbers(d.insp); len(got) != 2 {
		t.Errorf("inspector after unmarking sees %v", got)
	}
}

func TestQueueFilters(t *testing.T) {
	d := newDepot(t)
	a := decided(t, d, "RR123456785CN", inspect.ActionHold, "pangolin-scales")
	d.tick(30 * time.Hour)
	b := decided(t, d, "SF1300000123", inspect.ActionRefuse, "rhino-horn-powder")
	decide(t, d, d.sup, b.Number, CaseDecision{Kind: KindRefer, Addressee: "tz-police"})
	dep, err := d.s.Depot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	nums := func(items []QueueItem) []string {
		var out []string
		for _, it := range items {
			out = append(out, it.Number)
		}
		return out
	}
	for _, tc := range []struct {
		name string
		f    QueueFilter
		want []string
	}{
		{"all open, newest first", QueueFilter{}, []string{b.Number, a.Number}},
		{"oldest first", QueueFilter{OldestFirst: true}, []string{a.Number, b.Number}},
		{"status referred", QueueFilter{Statuses: []string{inspect.CaseReferred}}, []string{b.Number}},
		{"product", QueueFilter{Product: "pangolin-scales"}, []string{a.Number}},
		{"product is a whole card ID", QueueFilter{Product: "pangolin"}, nil},
		{"station is this depot", QueueFilter{Station: dep.Code}, []string{b.Number, a.Number}},
		{"other station", QueueFilter{Station: "VN-HN2"}, nil},
		{"inspector", QueueFilter{InspectorID: d.insp.ID}, []string{b.Number, a.Number}},
		{"other inspector", QueueFilter{InspectorID: d.insp2.ID}, nil},
		{"text waybill", QueueFilter{Text: "sf13000"}, []string{b.Number}},
		{"text ID number", QueueFilter{Text: "19900101-12345"}, []string{b.Number, a.Number}},
		{"text wildcard is literal", QueueFilter{Text: "%"}, nil},
		{"overdue", QueueFilter{Overdue: true}, []string{a.Number}},
		{"held after", QueueFilter{From: d.clk.t.Add(-time.Hour)}, []string{b.Number}},
		{"held before", QueueFilter{To: d.clk.t.Add(-time.Hour)}, []string{a.Number}},
		{"min score", QueueFilter{MinScore: 81}, nil},
		{"page size", QueueFilter{Limit: 1}, []string{b.Number}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			items, total, err := d.s.Queue(ctx, d.sup, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			if got := nums(items); !slices.Equal(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
			if tc.f.Limit == 0 && total != len(tc.want) {
				t.Errorf("total %d", total)
			}
		})
	}
	items, _, _ := d.s.Queue(ctx, d.sup, QueueFilter{})
	if it := items[1]; !it.Overdue || it.Station != dep.Code || it.Inspector != d.insp.Name || it.Sender == "" || !slices.Equal(it.Products, []string{"pangolin-scales"}) {
		t.Errorf("item %+v", it)
	}
	if _, _, err := d.s.Queue(ctx, d.tr, QueueFilter{}); !errors.Is(err, ErrForbidden) {
		t.Errorf("trainer: %v", err)
	}
}

// TestConfirmReferralFailsClosed: when the second-supervisor setting
// cannot be read, or reads as nonsense, a referral waits for a second
// supervisor instead of going straight to the police, and its audit
// entry says why.
func TestConfirmReferralFailsClosed(t *testing.T) {
	d := newDepot(t)
	sup2, sup3 := addSupervisor(t, d, "Second Supervisor"), addSupervisor(t, d, "Third Supervisor")
	if err := d.s.SetSetting(ctx, d.sup, SettingConfirmReferral, "yes"); err == nil {
		t.Error("the setting took a value that is neither 0 nor 1")
	}
	for _, tc := range []struct {
		name, waybill string
		breakIt, fix  string // SQL that breaks the setting, and undoes it
		waits         bool
	}{
		{"off, read cleanly", "RR123456785CN", `INSERT INTO settings(key, value) VALUES ('review_confirm_referral', '0')`, `DELETE FROM settings WHERE key = 'review_confirm_referral'`, false},
		{"a corrupted value", "RR987654326TZ", `INSERT INTO settings(key, value) VALUES ('review_confirm_referral', 'maybe')`, `DELETE FROM settings WHERE key = 'review_confirm_referral'`, true},
		// A NULL where the value should be: reading it fails (the real
		// table refuses a NULL, so a stand-in table takes its place).
		{"the setting cannot be read", "SF1300000123", `ALTER TABLE settings RENAME TO settings_away;
			CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT);
			INSERT INTO settings SELECT * FROM settings_away;
			INSERT OR REPLACE INTO settings VALUES ('review_confirm_referral', NULL)`,
			`INSERT OR REPLACE INTO settings_away SELECT * FROM settings WHERE value IS NOT NULL;
			DROP TABLE settings;
			ALTER TABLE settings_away RENAME TO settings`, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := decided(t, d, tc.waybill, inspect.ActionHold, "pangolin-scales")
			if _, err := d.s.DB().Exec(tc.breakIt); err != nil {
				t.Fatal(err)
			}
			got, err := d.s.DecideCase(ctx, sup2, c.Number, CaseDecision{Kind: KindRefer, Addressee: "tz-police"})
			if _, ferr := d.s.DB().Exec(tc.fix); ferr != nil {
				t.Fatal(ferr)
			}
			if err != nil {
				t.Fatal(err)
			}
			if waits := got.Status == inspect.CaseUnderReview && got.Pending == "confirm_referral"; waits != tc.waits {
				t.Fatalf("status %s pending %q: waits for a second supervisor %v, want %v", got.Status, got.Pending, waits, tc.waits)
			}
			hist, err := d.s.CaseHistory(ctx, d.sup, c.Number)
			if err != nil {
				t.Fatal(err)
			}
			last := hist[len(hist)-1]
			if last.Action != "case.refer" || strings.Contains(last.Detail, `confirm_policy="unreadable"`) != tc.waits {
				t.Errorf("audit %s %q", last.Action, last.Detail)
			}
			if tc.waits {
				if got = decide(t, d, sup3, c.Number, CaseDecision{Kind: KindConfirm}); got.Status != inspect.CaseReferred {
					t.Errorf("after the second supervisor: %s", got.Status)
				}
			}
		})
	}
	verifyAudit(t, d.s)
}

// TestDecisionAndAuditInOneTransaction: when the audit entry cannot be
// written, the decision is not taken either, and the error comes back.
func TestDecisionAndAuditInOneTransaction(t *testing.T) {
	d := newDepot(t)
	c := decided(t, d, "RR123456785CN", inspect.ActionHold, "pangolin-scales")
	if _, err := d.s.DB().Exec(`CREATE TRIGGER no_audit BEFORE INSERT ON audit BEGIN SELECT RAISE(ABORT, 'audit refused'); END`); err != nil {
		t.Fatal(err)
	}
	_, err := d.s.DecideCase(ctx, d.sup, c.Number, CaseDecision{Kind: KindReview})
	if err == nil || !strings.Contains(err.Error(), "audit refused") {
		t.Fatalf("decision with a failing audit: %v", err)
	}
	if _, err := d.s.DB().Exec(`DROP TRIGGER no_audit`); err != nil {
		t.Fatal(err)
	}
	got, _ := d.s.CaseByNumber(ctx, d.sup, c.Number)
	if events, _ := d.s.CaseEvents(ctx, d.sup, c.Number); got.Status != inspect.CaseOpen || len(events) != 0 {
		t.Errorf("status %s, %d events: the decision outlived its failed audit entry", got.Status, len(events))
	}
	verifyAudit(t, d.s)
}
