package casedesk

import (
	"errors"
	"slices"
	"testing"
	"time"

	"tusk/app/access"
	"tusk/app/inspect"
)

const (
	open     = inspect.CaseOpen
	review   = inspect.CaseUnderReview
	referred = inspect.CaseReferred
	handed   = inspect.CaseHandedOver
	closed   = inspect.CaseClosed
)

// The people of the tests: the inspector who held the parcel, three
// supervisors, a supervisor who left, and a trainer.
var (
	holder  = access.Actor{ID: 1, Name: "Asha", Role: access.Inspector, Active: true}
	sup     = access.Actor{ID: 2, Name: "Baraka", Role: access.Supervisor, Active: true}
	sup2    = access.Actor{ID: 3, Name: "Chen", Role: access.Supervisor, Active: true}
	sup3    = access.Actor{ID: 4, Name: "Dung", Role: access.Supervisor, Active: true}
	former  = access.Actor{ID: 5, Name: "Esther", Role: access.Supervisor}
	trainer = access.Actor{ID: 6, Name: "Faith", Role: access.Trainer, Active: true}
	// holderSup is a supervisor who held the parcel at the counter.
	holderSup = access.Actor{ID: 7, Name: "Gao", Role: access.Supervisor, Active: true}
)

var when = time.Date(2026, 11, 23, 9, 30, 0, 0, time.UTC)

// complete is a decision of the kind with every field it needs.
func complete(kind string) Decision {
	d := Decision{Kind: kind}
	switch kind {
	case KindRelease, KindReturn, KindSecondOpening, KindSensitive:
		d.Reason, d.Sensitive = "seal number reused", true
	case KindRefer:
		d.Addressee = "tz-police"
	case KindHandover:
		d.Officer, d.Badge, d.Unit, d.HandoverAt = "Insp. Mrisho", "4411", "Wildlife Crime Unit", when
	case KindClose:
		d.Outcome, d.PoliceRef = OutcomeSeizure, "WCU/2026/118"
	case KindExpertAsk:
		d.Expert = "University herbarium"
	case KindExpertAnswer, KindComment:
		d.Text = "Manis scales, not resin"
	}
	return d
}

func held(status, pending string) Case {
	c := Case{Number: "C-20261123-0001", Status: status, Pending: pending, InspectorID: holderSup.ID}
	if pending == PendingConfirmReferral {
		c.ReferrerID = sup2.ID
	}
	return c
}

// TestDecideTransitions: each decision from each status it fits, with
// what it does to the case.
func TestDecideTransitions(t *testing.T) {
	type want struct {
		status, pending   string
		closed, referred  bool
		outcome, policeRf string
	}
	for _, tc := range []struct {
		name    string
		c       Case
		by      access.Actor
		d       Decision
		p       Policy
		want    want
		custody bool
	}{
		{"review an open case", held(open, ""), sup, complete(KindReview), Policy{}, want{status: review}, false},
		{"release, no outcome given", held(open, ""), sup, complete(KindRelease), Policy{}, want{status: closed, closed: true, outcome: OutcomeNoAction}, false},
		{"release, not wildlife", held(review, PendingExpert), sup, Decision{Kind: KindRelease, Reason: "r", Outcome: OutcomeNotWildlife}, Policy{}, want{status: closed, closed: true, outcome: OutcomeNotWildlife}, false},
		{"return under review", held(review, PendingSecondOpening), sup, complete(KindReturn), Policy{}, want{status: closed, closed: true, outcome: OutcomeNoAction}, false},
		{"second opening", held(open, ""), sup, complete(KindSecondOpening), Policy{}, want{status: review, pending: PendingSecondOpening}, false},
		{"refer, one supervisor enough", held(open, ""), sup, complete(KindRefer), Policy{}, want{status: referred, referred: true}, false},
		{"refer, awaiting a second", held(review, ""), sup, complete(KindRefer), Policy{ConfirmReferral: true}, want{status: review, pending: PendingConfirmReferral}, false},
		{"refer again while awaiting", held(review, PendingConfirmReferral), sup3, complete(KindRefer), Policy{ConfirmReferral: true}, want{status: review, pending: PendingConfirmReferral}, false},
		{"confirm by a third", held(review, PendingConfirmReferral), sup3, complete(KindConfirm), Policy{ConfirmReferral: true}, want{status: referred, referred: true}, false},
		{"confirm after the policy was lifted", held(review, PendingConfirmReferral), sup, complete(KindConfirm), Policy{}, want{status: referred, referred: true}, false},
		{"handover", held(referred, ""), sup, complete(KindHandover), Policy{}, want{status: handed}, true},
		{"close a handed-over case", held(handed, ""), sup, complete(KindClose), Policy{}, want{status: closed, closed: true, outcome: OutcomeSeizure, policeRf: "WCU/2026/118"}, false},
		{"close drops what it waited for", held(review, PendingExpert), sup, Decision{Kind: KindClose, Outcome: OutcomeNoAction}, Policy{}, want{status: closed, closed: true, outcome: OutcomeNoAction}, false},
		{"ask an expert", held(referred, ""), sup, complete(KindExpertAsk), Policy{}, want{status: referred, pending: PendingExpert}, false},
		{"the expert answers", held(review, PendingExpert), sup, complete(KindExpertAnswer), Policy{}, want{status: review}, false},
		{"mark sensitive", held(handed, ""), sup, complete(KindSensitive), Policy{}, want{status: handed}, false},
		{"inspector comments", held(open, ""), holder, complete(KindComment), Policy{}, want{status: open}, false},
		{"comment on a closed case", held(closed, ""), sup, complete(KindComment), Policy{}, want{status: closed}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ch, err := Decide(tc.c, tc.by, tc.d, tc.p)
			if err != nil {
				t.Fatal(err)
			}
			got := want{ch.Case.Status, ch.Case.Pending, ch.Closed, ch.Referred, ch.Case.Outcome, ch.Case.PoliceRef}
			if got != tc.want {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
			if (ch.Custody != nil) != tc.custody {
				t.Errorf("custody %+v", ch.Custody)
			}
			if ch.Audit.Action != "case."+tc.d.Kind || ch.Event.Kind != tc.d.Kind {
				t.Errorf("audit %+v, event %+v", ch.Audit, ch.Event)
			}
		})
	}
}

func TestDecideDetails(t *testing.T) {
	ch, err := Decide(held(referred, ""), sup, Decision{Kind: KindHandover, Officer: " Insp. Mrisho ", Badge: "4411", Unit: "WCU", Reason: "sealed bag", HandoverAt: when.In(time.FixedZone("EAT", 3*3600))}, Policy{})
	if err != nil {
		t.Fatal(err)
	}
	if want := (Handover{From: sup.Name, To: "Insp. Mrisho #4411 (WCU)", At: when, Note: "sealed bag"}); *ch.Custody != want || !ch.HandedAt.Equal(when) {
		t.Errorf("custody %+v, handed at %v", ch.Custody, ch.HandedAt)
	}
	if want := `reason="sealed bag" officer="Insp. Mrisho" unit="WCU" handover_at="2026-11-23T09:30:00.000Z"`; ch.Audit.Detail != want {
		t.Errorf("audit detail %s", ch.Audit.Detail)
	}
	ch, _ = Decide(held(referred, ""), sup, Decision{Kind: KindHandover, Officer: "O", Unit: "U", HandoverAt: when}, Policy{})
	if ch.Custody.To != "O (U)" {
		t.Errorf("to %q without a badge", ch.Custody.To)
	}
	ch, _ = Decide(held(open, ""), sup, Decision{Kind: KindRefer, Addressee: "tz-police"}, Policy{ConfirmReferral: true, Unreadable: true})
	if ch.Case.Addressee != "tz-police" || ch.Case.ReferrerID != sup.ID || ch.Audit.Detail != `addressee="tz-police" confirm_policy="unreadable"` {
		t.Errorf("refer under an unreadable policy: %+v", ch)
	}
	ch, _ = Decide(held(open, ""), sup, Decision{Kind: KindSensitive, Reason: "r"}, Policy{})
	if ch.Audit.Detail != `reason="r" sensitive="false"` {
		t.Errorf("unmark sensitive: %s", ch.Audit.Detail)
	}
	ch, _ = Decide(held(open, ""), holder, Decision{Kind: KindComment, Text: "  the sender phoned  "}, Policy{})
	if ch.Event.Text != "the sender phoned" || ch.Audit.Detail != "" {
		t.Errorf("comment %+v: text is trimmed and stays out of the audit line", ch)
	}
}

// TestDecideRefusals: who may not, what does not fit, and four eyes.
func TestDecideRefusals(t *testing.T) {
	for _, tc := range []struct {
		name string
		c    Case
		by   access.Actor
		d    Decision
		p    Policy
		want error
	}{
		{"inspector decides", held(open, ""), holder, complete(KindRelease), Policy{}, ErrForbidden},
		{"inspector refers", held(open, ""), holder, complete(KindRefer), Policy{}, ErrForbidden},
		{"trainer comments", held(open, ""), trainer, complete(KindComment), Policy{}, ErrForbidden},
		{"former supervisor decides", held(open, ""), former, complete(KindClose), Policy{}, ErrForbidden},
		{"former supervisor comments", held(open, ""), former, complete(KindComment), Policy{}, ErrForbidden},
		{"inspector comments on a sensitive case", Case{Status: open, Sensitive: true}, holder, complete(KindComment), Policy{}, ErrNotFound},
		{"review twice", held(review, ""), sup, complete(KindReview), Policy{}, ErrCaseState},
		{"release after referral", held(referred, ""), sup, complete(KindRelease), Policy{}, ErrCaseState},
		{"handover before referral", held(review, ""), sup, complete(KindHandover), Policy{}, ErrCaseState},
		{"confirm with nothing to confirm", held(review, ""), sup3, complete(KindConfirm), Policy{}, ErrCaseState},
		{"confirm an open case", held(open, PendingConfirmReferral), sup3, complete(KindConfirm), Policy{}, ErrCaseState},
		{"answer with no expert asked", held(review, ""), sup, complete(KindExpertAnswer), Policy{}, ErrCaseState},
		{"refer a case already referred", held(referred, ""), sup, complete(KindRefer), Policy{}, ErrCaseState},
		{"release a closed case", held(closed, ""), sup, complete(KindRelease), Policy{}, ErrCaseState},
		{"close a closed case", held(closed, ""), sup, complete(KindClose), Policy{}, ErrCaseState},
		{"mark a closed case sensitive", held(closed, ""), sup, complete(KindSensitive), Policy{}, ErrCaseState},
		{"the holder refers", held(open, ""), holderSup, complete(KindRefer), Policy{}, ErrFourEyes},
		{"the holder refers, confirmation on", held(review, ""), holderSup, complete(KindRefer), Policy{ConfirmReferral: true}, ErrFourEyes},
		{"the referrer confirms", held(review, PendingConfirmReferral), sup2, complete(KindConfirm), Policy{ConfirmReferral: true}, ErrFourEyes},
		{"the holder confirms", held(review, PendingConfirmReferral), holderSup, complete(KindConfirm), Policy{ConfirmReferral: true}, ErrFourEyes},
		{"confirm a referral nobody made", Case{Status: review, Pending: PendingConfirmReferral, InspectorID: holder.ID}, sup, complete(KindConfirm), Policy{}, ErrFourEyes},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ch, err := Decide(tc.c, tc.by, tc.d, tc.p)
			if !errors.Is(err, tc.want) {
				t.Fatalf("got %v (%+v), want %v", err, ch, tc.want)
			}
			if ch != (Change{}) {
				t.Errorf("a refusal returned a change %+v", ch)
			}
		})
	}
}

func TestCheckFields(t *testing.T) {
	for _, tc := range []struct {
		d     Decision
		field string
	}{
		{Decision{Kind: KindRelease}, "reason"},
		{Decision{Kind: KindReturn, Reason: "  "}, "reason"},
		{Decision{Kind: KindRelease, Reason: "r", Outcome: OutcomeSeizure}, "outcome"},
		{Decision{Kind: KindReturn, Reason: "r", Outcome: OutcomeSeizure}, "outcome"},
		{Decision{Kind: KindRefer, Addressee: " "}, "addressee"},
		{Decision{Kind: KindHandover, Unit: "u", HandoverAt: when}, "officer"},
		{Decision{Kind: KindHandover, Officer: "o", HandoverAt: when}, "unit"},
		{Decision{Kind: KindHandover, Officer: "o", Unit: "u"}, "handover_at"},
		{Decision{Kind: KindClose, Outcome: "lost"}, "outcome"},
		{Decision{Kind: KindClose, Outcome: OutcomeSeizure, PoliceRef: " "}, "police_ref"},
		{Decision{Kind: KindSensitive, Sensitive: true}, "reason"},
		{Decision{Kind: KindExpertAsk}, "expert"},
		{Decision{Kind: KindExpertAnswer}, "text"},
		{Decision{Kind: KindComment, Text: "\t"}, "text"},
		{Decision{Kind: "shred"}, "kind"},
	} {
		_, err := Decide(held(review, PendingExpert), sup, tc.d, Policy{})
		var fe FieldErrors
		if !errors.As(err, &fe) || fe[0].Field != tc.field {
			t.Errorf("%+v: %v, want field %s", tc.d, err, tc.field)
		}
	}
	for _, kind := range Kinds {
		if _, err := Check(sup, complete(kind)); err != nil {
			t.Errorf("complete %s: %v", kind, err)
		}
	}
}

// TestAllowedMatchesDecide: over every status, pending state, kind and
// role, the screens' Allowed and the store's Decide agree, only a
// supervisor decides, an inspector only comments, a trainer does nothing.
func TestAllowedMatchesDecide(t *testing.T) {
	pendings := append(slices.Clone(PendingStates), "unknown")
	for _, st := range Statuses {
		for _, pending := range pendings {
			for _, kind := range append(slices.Clone(Kinds), "shred") {
				for _, by := range []access.Actor{sup3, holder, trainer, former} {
					c := held(st, pending)
					_, err := Decide(c, by, complete(kind), Policy{})
					var fe FieldErrors
					switch {
					case !by.Can(Need(kind)):
						if !errors.Is(err, ErrForbidden) {
							t.Errorf("%s %s in %s/%s: %v, want forbidden", by.Role, kind, st, pending, err)
						}
					case kind == "shred":
						if !errors.As(err, &fe) {
							t.Errorf("unknown kind: %v", err)
						}
					case !Allowed(kind, st, pending):
						if !errors.Is(err, ErrCaseState) {
							t.Errorf("%s %s in %s/%s: %v, want case state", by.Role, kind, st, pending, err)
						}
					case err != nil:
						t.Errorf("%s %s in %s/%s: %v, allowed", by.Role, kind, st, pending, err)
					}
				}
			}
		}
	}
	// What Allowed offers, status by status.
	for st, want := range map[string][]string{
		open:     {KindReview, KindRelease, KindReturn, KindSecondOpening, KindRefer, KindClose, KindSensitive, KindExpertAsk, KindComment},
		review:   {KindRelease, KindReturn, KindSecondOpening, KindRefer, KindClose, KindSensitive, KindExpertAsk, KindComment},
		referred: {KindHandover, KindClose, KindSensitive, KindExpertAsk, KindComment},
		handed:   {KindClose, KindSensitive, KindExpertAsk, KindComment},
		closed:   {KindComment},
	} {
		var got []string
		for _, kind := range Kinds {
			if Allowed(kind, st, "") {
				got = append(got, kind)
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s offers %v, want %v", st, got, want)
		}
	}
	if !Allowed(KindConfirm, review, PendingConfirmReferral) || !Allowed(KindExpertAnswer, handed, PendingExpert) || Allowed(KindExpertAnswer, closed, PendingExpert) {
		t.Error("the answers to a pending state")
	}
}

// TestPolicyFailsClosed: a confirm-referral setting that cannot be read,
// or reads as nonsense, makes a referral wait for a second supervisor.
func TestPolicyFailsClosed(t *testing.T) {
	for _, tc := range []struct {
		v    string
		err  error
		want Policy
	}{
		{"0", nil, Policy{}},
		{"1", nil, Policy{ConfirmReferral: true}},
		{"0", errors.New("database is locked"), Policy{ConfirmReferral: true, Unreadable: true}},
		{"", errors.New("no such table: settings"), Policy{ConfirmReferral: true, Unreadable: true}},
		{"", nil, Policy{ConfirmReferral: true, Unreadable: true}},
		{"yes", nil, Policy{ConfirmReferral: true, Unreadable: true}},
		{" 0", nil, Policy{ConfirmReferral: true, Unreadable: true}},
	} {
		p := PolicyFromSetting(tc.v, tc.err)
		if p != tc.want {
			t.Errorf("%q, %v: %+v, want %+v", tc.v, tc.err, p, tc.want)
		}
		ch, err := Decide(held(open, ""), sup, complete(KindRefer), p)
		if err != nil {
			t.Fatal(err)
		}
		if ch.Case.Status == referred && tc.want.ConfirmReferral {
			t.Errorf("%q, %v: referred without a second supervisor", tc.v, tc.err)
		}
	}
}
