package store

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"tusk/app/inspect"
)

func TestMasks(t *testing.T) {
	for _, tc := range []struct {
		fn       func(string) string
		name     string
		in, want string
	}{
		{maskID, "cn rid", "110101199003070516", "1101**********0516"},
		{maskID, "cn rid with X", "11010119900307051x", "1101**********051x"},
		{maskID, "tz nida with hyphens", "19900101-12345-67890-12", "1990****-*****-***90-12"},
		{maskID, "vn cccd", "001090000123", "0010****0123"},
		{maskID, "passport", "TZ1234567", "TZ*****67"},
		{maskID, "short", "AB123", "****3"},
		{maskID, "one", "7", "*"},
		{maskID, "empty", "", ""},
		{maskPhone, "e164 spaced", "+86 138 1234 5678", "+86 *** **** 5678"},
		{maskPhone, "e164 packed", "+8613812345678", "+*********5678"},
		{maskPhone, "tz spaced", "+255 712 345 678", "+255 *** **5 678"},
		{maskPhone, "national", "0712 345 678", "**** **5 678"},
		{maskPhone, "short", "1234", "1234"},
		{maskPhone, "empty", "", ""},
		{maskWords, "latin", "Juma Hassan", "J*** H*****"},
		{maskWords, "han", "王先生", "王**"},
		{maskWords, "vietnamese", "Nguyễn Thị Lan", "N***** T** L**"},
		{maskWords, "address", "Plot 12, Kariakoo", "P*** **, K*******"},
		{maskAll, "birth date", "1990-01-01", "****-**-**"},
		{maskAll, "mrz", "P<TZAJUMA<<HASSAN\nAB1234567", "*<*******<<******\n*********"},
		{maskDigitRuns, "phone in a note", "called 0712 345 678 twice", "called **** *** *** twice"},
		{maskDigitRuns, "id in a note", "ID 110101199003070516 shown", "ID ****************** shown"},
		{maskDigitRuns, "short numbers stay", "3 boxes, 2.5 kg, seal 1234", "3 boxes, 2.5 kg, seal 1234"},
		{maskDigitRuns, "hyphenated", "ref 12-34-5", "ref **-**-*"},
		{maskDigitRuns, "trailing space", "12345 ", "***** "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.fn(tc.in)
			if got != tc.want {
				t.Errorf("%q → %q, want %q", tc.in, got, tc.want)
			}
			if again := tc.fn(got); again != got {
				t.Errorf("masking twice changed %q to %q", got, again)
			}
		})
	}
}

func FuzzMask(f *testing.F) {
	for _, s := range []string{"110101199003070516", "+86 138 1234 5678", "王先生", "called 0712 345 678", "", "\xff\xfe", "+1", "+-"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for name, fn := range map[string]func(string) string{"id": maskID, "phone": maskPhone, "words": maskWords, "all": maskAll, "runs": maskDigitRuns} {
			got := fn(s)
			if again := fn(got); again != got {
				t.Errorf("%s: not idempotent: %q → %q → %q", name, s, got, again)
			}
			if name != "id" && utf8.ValidString(s) && utf8.RuneCountInString(got) != utf8.RuneCountInString(s) {
				t.Errorf("%s: %q → %q changed length", name, s, got)
			}
		}
		// No masked form shows a run of five digits, except free-text
		// masking, which leaves numbers split by other characters alone.
		for _, got := range []string{maskID(s), maskPhone(s), maskWords(s), maskAll(s)} {
			if digitRun(got) > 4 {
				t.Errorf("%q masked to %q shows %d digits in a row", s, got, digitRun(got))
			}
		}
		if got := maskDigitRuns(s); digitRun(got) > 4 {
			t.Errorf("runs: %q → %q", s, got)
		}
	})
}

func digitRun(s string) int {
	best, n := 0, 0
	for _, c := range s {
		if c >= '0' && c <= '9' {
			n++
			best = max(best, n)
		} else {
			n = 0
		}
	}
	return best
}

func TestRetentionSetting(t *testing.T) {
	d := newDepot(t)
	s := d.s
	if n := s.RetentionDays(ctx); n != DefaultRetentionDays {
		t.Errorf("default %d", n)
	}
	if err := s.SetRetentionDays(ctx, d.insp, 30); !errors.Is(err, ErrForbidden) {
		t.Errorf("inspector set retention: %v", err)
	}
	for _, bad := range []int{0, -1, 3651} {
		var fe FieldError
		if err := s.SetRetentionDays(ctx, d.sup, bad); !errors.As(err, &fe) || fe.Code != "settings.err.retention" {
			t.Errorf("retention %d: %v", bad, err)
		}
	}
	if err := s.SetRetentionDays(ctx, d.sup, 30); err != nil {
		t.Fatal(err)
	}
	if n := s.RetentionDays(ctx); n != 30 {
		t.Errorf("after set: %d", n)
	}
	s.db.ExecContext(ctx, `UPDATE settings SET value = 'soon' WHERE key = ?`, SettingRetentionDays)
	if n := s.RetentionDays(ctx); n != DefaultRetentionDays {
		t.Errorf("damaged setting read as %d", n)
	}
	verifyAudit(t, s)
}

// TestPurgeKeepsEvidenceAndKeys purges old cleared parcels and checks that
// held ones are untouched and that repeat senders still match.
func TestPurgeKeepsEvidenceAndKeys(t *testing.T) {
	d := newDepot(t)
	s := d.s
	const id, phone = "19900101-12345-67890-12", "+255 712 345 678"
	mk := func(wb string, dec inspect.Decision) *inspect.Inspection {
		in, _ := s.StartInspection(ctx, d.insp, wb, "")
		fill(in, id, phone)
		if err := s.SaveDraft(ctx, d.insp, in); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Decide(ctx, d.insp, in.ID, dec, *in.Assessment); err != nil {
			t.Fatal(err)
		}
		return in
	}
	clear := inspect.Decision{Action: inspect.ActionClear}
	oldCleared := mk("RR000000001CN", clear)
	oldHeld := mk("RR000000002CN", holdDecision)
	d.tick(100 * 24 * time.Hour)
	newCleared := mk("RR000000003CN", clear)
	draft, _ := s.StartInspection(ctx, d.insp, "RR000000004CN", "")
	fill(draft, id, phone)
	s.SaveDraft(ctx, d.insp, draft)

	keysBefore := keyRows(t, s, oldCleared.ID)
	if _, err := s.PurgeExpired(ctx, d.insp); !errors.Is(err, ErrForbidden) {
		t.Errorf("inspector purged: %v", err)
	}
	n, err := s.PurgeExpired(ctx, d.sup)
	if err != nil || n != 1 {
		t.Fatalf("purge: %d %v", n, err)
	}
	got, _ := s.Inspection(ctx, d.sup, oldCleared.ID)
	for _, p := range got.Parties {
		if p.Name != "" || p.Phone != "" || p.Address != "" || (p.ID != nil && (p.ID.Number != "" || p.ID.BirthDate != "")) {
			t.Errorf("personal data left after purge: %+v %+v", p, p.ID)
		}
	}
	if got.Notes != "" || got.Parties[0].ID.Type != inspect.DocTZNIDA || got.Parcel.Waybill != "RR000000001CN" ||
		len(got.Answers) != 36 || got.Decision == nil || got.Parties[2].ThirdParty != true {
		t.Errorf("purge removed more than personal data: %+v", got)
	}
	for _, kept := range []*inspect.Inspection{oldHeld, newCleared, draft} {
		if back, _ := s.Inspection(ctx, d.sup, kept.ID); back.Parties[0].ID.Number != id || back.Parties[0].Name != "Juma Hassan" {
			t.Errorf("%s lost its personal data", kept.ID)
		}
	}
	// The purged parcel's keys are still there and still the sender's.
	if after := keyRows(t, s, oldCleared.ID); !slices.Equal(after, keysBefore) || len(after) != 8 {
		t.Errorf("keys changed by purge: %v → %v", keysBefore, after)
	}
	keys, _ := s.PartyKeys(ctx, inspect.Party{ID: &inspect.IDDocument{Number: id}, Phone: phone}, "TZ")
	var hits int
	for _, k := range keys {
		for _, row := range keysBefore {
			if strings.HasSuffix(row, k) {
				hits++
			}
		}
	}
	if hits != 2 {
		t.Errorf("sender's keys match %d rows of the purged parcel, want 2 (id, phone)", hits)
	}
	if rep, _ := s.RepeatCounts(ctx, d.insp, draft); rep[inspect.RoleSender] != 1 {
		t.Errorf("repeat sender after purge: %v", rep)
	}
	sums, _ := s.WaybillHistory(ctx, d.sup, "RR000000001CN")
	if len(sums) != 1 || !sums[0].Purged {
		t.Errorf("summary after purge %+v", sums)
	}
	// A second purge finds nothing and writes nothing.
	before, _ := s.VerifyAudit(ctx)
	if n, err := s.PurgeExpired(ctx, d.sup); n != 0 || err != nil {
		t.Errorf("second purge: %d %v", n, err)
	}
	after, _ := s.VerifyAudit(ctx)
	if after != before {
		t.Errorf("an empty purge was audited")
	}
	if es, _ := s.AuditFor(ctx, "inspections", 10); len(es) != 1 || es[0].Action != "retention.purge" || !strings.HasPrefix(es[0].Detail, "count=1 ") {
		t.Errorf("purge audit %+v", es)
	}
	verifyAudit(t, s)
}

// keyRows lists an inspection's keys as "role kind hex", sorted.
func keyRows(t *testing.T, s *Store, number string) []string {
	t.Helper()
	rows, err := s.db.QueryContext(ctx, `SELECT k.role, k.kind, hex(k.key) FROM party_keys k
		JOIN inspections i ON i.id = k.inspection_id WHERE i.number = ? ORDER BY 1, 2, 3`, number)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var r, k, h string
		rows.Scan(&r, &k, &h)
		out = append(out, r+" "+k+" "+strings.ToLower(h))
	}
	return out
}

func TestMaskPersonalLeavesTheParcel(t *testing.T) {
	in := &inspect.Inspection{}
	fill(in, "19900101-12345-67890-12", "+255 712 345 678")
	in.Decision = &inspect.Decision{Action: "hold", Reason: "sender 0712345678 known"}
	want := marshalParcel(in)
	MaskPersonal(in)
	if marshalParcel(in) != want {
		t.Error("masking changed the parcel, answers or findings")
	}
	if in.Answers[3].Note != "sender in a hurry, called **** *** *** twice" || in.Decision.Reason != "sender ********** known" {
		t.Errorf("notes %q, reason %q", in.Answers[3].Note, in.Decision.Reason)
	}
	MaskPersonal(nil)
}

func marshalParcel(in *inspect.Inspection) string {
	var items []string
	for _, a := range in.Answers {
		items = append(items, a.Item+a.Value)
	}
	for _, f := range in.Findings {
		items = append(items, f.Card+f.Confidence)
	}
	return in.Parcel.Waybill + in.Parcel.Origin.Country + strings.Join(items, ",")
}
