package caserecord

import (
	"strings"
	"testing"
	"time"

	"tusk/app/inspect"
	"tusk/app/store"
	"tusk/i18n"
)

// Issue 13: the case history showed raw entries such as "waybill=… stage=
// acceptance score=75 level=red". Each is a sentence in the reader's
// language. (With the old rendering, action and detail, no "want" is met.)
func TestHistoryAsSentences(t *testing.T) {
	en, zh := i18n.New("en"), i18n.New("zh")
	for _, tc := range []struct {
		e      store.AuditEntry
		tr     *i18n.Translator
		want   string
		absent []string
	}{
		{store.AuditEntry{ActorName: "Li Wei", Action: "inspection.start", Detail: "waybill=RR123456785CN stage=acceptance"}, en,
			"Li Wei started the inspection of waybill RR123456785CN (" + en.T("inspect.stage.acceptance") + ").", []string{"stage="}},
		{store.AuditEntry{ActorName: "Li Wei", Action: "inspection.hold", Detail: "score=75 level=red suggested=refuse case=C-2026-0001 seals=2"}, en,
			"Li Wei held the parcel for a check: risk red, 75 points; case C-2026-0001, 2 seal(s).", []string{"level=", "suggested"}},
		{store.AuditEntry{ActorName: "Li Wei", Action: "inspection.hold", Detail: "score=75 level=red suggested=refuse case=C-2026-0001 seals=2"}, zh,
			"Li Wei 暂扣包裹待查：风险红色，75 分；案件 C-2026-0001，封条 2 个。", nil},
		{store.AuditEntry{ActorName: "Amina Juma", Action: "slip.reissue", Detail: "slip=S-2026-0002 key=AB12 qr_chars=300 supersedes=S-2026-0001"}, en,
			"Amina Juma re-issued the referral slip as S-2026-0002, replacing S-2026-0001.", nil},
		{store.AuditEntry{ActorName: "Amina Juma", Action: "slip.save", Detail: "slip=S-2026-0002"}, en,
			"Amina Juma saved slip S-2026-0002.", nil},
		{store.AuditEntry{ActorName: "Amina Juma", Action: "case.release", Detail: `reason="owner showed a CITES permit" outcome="no_action"`}, en,
			"Amina Juma: Released Reason: “owner showed a CITES permit”. Outcome: " + en.T("review.outcome.no_action") + ".", nil},
		{store.AuditEntry{ActorName: "Li Wei", Action: "inspection.refuse_postal", Detail: "score=10 level=green suggested=refuse_postal reason_key=postal.default_reason"}, en,
			"Li Wei refused the parcel under the postal rules: risk green, 10 points. Reason: “" + en.T("postal.default_reason") + "”.", nil},
		{store.AuditEntry{ActorName: "Neema Mushi", Action: "case.open", Detail: "inspection=I-20261203-0004 storage=Locked cage 1, security room"}, en,
			"Case opened for inspection I-20261203-0004; the parcel is kept at: Locked cage 1, security room.", nil},
		{store.AuditEntry{ActorName: "Neema Mushi", Action: "photo.attach", Detail: "b3a594bea2fbd9efc0015b9ee3226896e12b516104b3b4c250f247d093848d02"}, en,
			"Neema Mushi attached a photo (b3a594bea2fb).", nil},
		// An entry from before its sentence keeps its detail.
		{store.AuditEntry{ActorName: "Amina Juma", Action: "slip.save", Detail: "S-2026-0001 /home/a/slips/S-2026-0001.pdf"}, en,
			"Amina Juma: Slip saved (S-2026-0001 /home/a/slips/S-2026-0001.pdf)", nil},
	} {
		got := HistoryText(tc.tr, tc.e)
		if got != tc.want {
			t.Errorf("%s %q:\n got %q\nwant %q", tc.e.Action, tc.e.Detail, got, tc.want)
		}
		for _, a := range tc.absent {
			if strings.Contains(got, a) {
				t.Errorf("%q shows %q", got, a)
			}
		}
	}
	e := store.AuditEntry{At: "2026-11-23T06:05:00.000Z", ActorName: "Li Wei", Action: "slip.print", Detail: "slip=S-2026-0001"}
	if got := HistoryLine(en, e, time.UTC); got != "2026-11-23 06:05 · Li Wei printed slip S-2026-0001." {
		t.Errorf("line %q", got)
	}
}

func TestParseDetail(t *testing.T) {
	kv, rest := ParseDetail(`lead waybill=RR1 reason="a \"quoted\" word" file=/tmp/x.pdf storage=cage 1, room 2`)
	if kv["waybill"] != "RR1" || kv["reason"] != `a "quoted" word` || kv["file"] != "/tmp/x.pdf" || kv["storage"] != "cage 1, room 2" || len(rest) != 1 || rest[0] != "lead" {
		t.Errorf("%v %v", kv, rest)
	}
	// Older entries wrote a storage place unquoted: "Cage 1" is one value.
	kv, _ = ParseDetail("inspection=I-20261123-0002 storage=Cage 1")
	if kv["storage"] != "Cage 1" || kv["inspection"] != "I-20261123-0002" {
		t.Errorf("unquoted value with a space: %v", kv)
	}
}

func FuzzParseDetail(f *testing.F) {
	for _, s := range []string{"", "a=b", `reason="x y" k=v`, `k="unterminated`, "=x", "x= y", "A=b c_d=e"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		kv, rest := ParseDetail(s)
		for k := range kv {
			if !isKey(k) {
				t.Fatalf("key %q from %q", k, s)
			}
		}
		for _, w := range rest {
			if w == "" || strings.ContainsRune(w, ' ') {
				t.Fatalf("word %q from %q", w, s)
			}
		}
	})
}

// Issue 13: the hold reason was stored as text in the inspector's
// language. Coded reasons read in the reader's language; the inspector's
// own words follow as typed; old rows keep their text.
func TestDecisionReasonInReadersLanguage(t *testing.T) {
	p := pack(t)
	en, zh := i18n.New("en"), i18n.New("zh")
	d := &inspect.Decision{ReasonRules: []string{p.Rules.Rules[0].ID}}
	if got := DecisionReason(en, p, d); got != p.Rules.Rules[0].Name.In("en") {
		t.Errorf("en %q", got)
	}
	if got := DecisionReason(zh, p, d); got != p.Rules.Rules[0].Name.In("zh") {
		t.Errorf("zh %q", got)
	}
	d = &inspect.Decision{ReasonKey: "counter.default_reason.hold", Reason: "tape smelled of fish"}
	if got := DecisionReason(zh, p, d); got != zh.T("counter.default_reason.hold")+" — tape smelled of fish" {
		t.Errorf("key and words %q", got)
	}
	if got := DecisionReason(en, p, &inspect.Decision{Reason: "X光异常"}); got != "X光异常" {
		t.Errorf("old row %q", got)
	}
}
