package store

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"tusk/app/inspect"
	"tusk/app/referral"
)

// decided logs one parcel through StartInspection and Decide.
func decided(t *testing.T, d *depotWithStaff, waybill, action, card string) *inspect.Case {
	t.Helper()
	in, err := d.s.StartInspection(ctx, d.insp, waybill, inspect.StageXray)
	if err != nil {
		t.Fatal(err)
	}
	fill(in, "19900101-12345-67890-12", "+255 712 345 678")
	in.Findings = []inspect.Finding{{Card: card, Confidence: inspect.ConfidenceHigh, WeightKg: 1}}
	if err := d.s.SaveDraft(ctx, d.insp, in); err != nil {
		t.Fatal(err)
	}
	dec := inspect.Decision{Action: action, Reason: "scales on X-ray", Seals: []string{"S-1"}, Storage: "cage 1"}
	c, err := d.s.Decide(ctx, d.insp, in.ID, dec, inspect.Assessment{Score: 80, Level: inspect.LevelRed, Action: inspect.ActionRefuse})
	if err != nil {
		t.Fatal(err)
	}
	d.tick(time.Minute)
	return c
}

func TestCasesList(t *testing.T) {
	d := newDepot(t)
	c1 := decided(t, d, "RR123456785CN", inspect.ActionHold, "pangolin-scales")
	decided(t, d, "RR987654326TZ", inspect.ActionClear, "")
	c2 := decided(t, d, "SF1300000123", inspect.ActionRefuse, "rhino-horn-powder")
	for _, tc := range []struct {
		name   string
		actor  *User
		status string
		want   []string
		err    error
	}{
		{"supervisor, all", d.sup, "", []string{c2.Number, c1.Number}, nil},
		{"inspector, open", d.insp, "open", []string{c2.Number, c1.Number}, nil},
		{"none referred", d.sup, "referred", nil, nil},
		{"bad status", d.sup, "lost", nil, FieldError{Field: "status", Code: ErrCaseStatus.Code}},
		{"trainer", d.tr, "", nil, ErrForbidden},
		{"command line", &User{Name: CLIName, Role: Supervisor, Active: true}, "", []string{c2.Number, c1.Number}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cs, err := d.s.Cases(ctx, tc.actor, tc.status)
			if tc.err != nil {
				if !errors.Is(err, tc.err) && err != tc.err {
					t.Errorf("err %v, want %v", err, tc.err)
				}
				return
			}
			var got []string
			for _, c := range cs {
				got = append(got, c.Number)
			}
			if err != nil || !slices.Equal(got, tc.want) {
				t.Errorf("cases %v %v, want %v", got, err, tc.want)
			}
		})
	}
	cs, _ := d.s.Cases(ctx, d.sup, "")
	top := cs[0]
	if top.Waybill != "SF1300000123" || top.Status != "open" || top.Risk != "red" || top.Action != "refuse" ||
		!slices.Equal(top.Cards, []string{"rhino-horn-powder"}) || top.Slips != 0 || top.Inspection == "" || top.OpenedAt.IsZero() {
		t.Errorf("summary %+v", top)
	}
	// No personal data in a summary: fill's sender ID and phone are absent.
	if s := marshal(t, cs); strings.Contains(s, "67890") || strings.Contains(s, "345 678") || strings.Contains(s, "+255") {
		t.Errorf("personal data in the case list: %s", s)
	}
	c, err := d.s.CaseByNumber(ctx, d.insp, c1.Number)
	if err != nil || c.InspectionID != c1.InspectionID || c.Status != "open" {
		t.Errorf("CaseByNumber: %+v %v", c, err)
	}
	if _, err := d.s.CaseByNumber(ctx, d.sup, "C-1999-0001"); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown case: %v", err)
	}
	if _, err := d.s.CaseByNumber(ctx, d.tr, c1.Number); !errors.Is(err, ErrForbidden) {
		t.Errorf("trainer read a case: %v", err)
	}
}

// slipFor makes a minimal record and its payload for a case.
func slipFor(t *testing.T, d *depotWithStaff, caseNo, slipNo string) (string, []byte) {
	t.Helper()
	rec := referral.CaseRecord{CaseNo: caseNo, SlipNo: slipNo, Stage: referral.StageHeld, IssuedAt: d.clk.t, Language: "en",
		Depot: referral.Depot{Code: "GZ-01"}, Sender: referral.Person{Name: "Juma Hassan", IDNumber: "19900101-12345-67890-12"},
		Inspector: referral.Officer{ID: "2"}}
	c, err := rec.Claims()
	if err != nil {
		t.Fatal(err)
	}
	p, _, err := d.s.SignClaims(ctx, d.sup, c)
	if err != nil {
		t.Fatal(err)
	}
	return p, referral.CanonicalJSON(rec)
}

func TestRecordSlipAndExport(t *testing.T) {
	d := newDepot(t)
	s := d.s
	c := decided(t, d, "RR123456785CN", inspect.ActionHold, "pangolin-scales")
	if _, err := s.ExportCaseRecord(ctx, d.sup, c.Number); !errors.Is(err, ErrNoSlip) {
		t.Errorf("export before a slip: %v", err)
	}
	no, err := s.NextSlipNumber(ctx)
	year := localDay(d.clk.t).Format("2006")
	if err != nil || no != "S-"+year+"-0001" {
		t.Fatalf("next slip number %q %v", no, err)
	}
	payload, rec := slipFor(t, d, c.Number, no)
	other := decided(t, d, "SF1300000123", inspect.ActionRefuse, "rhino-horn-powder")
	tampered := append([]byte(nil), rec...)
	tampered[len(tampered)-3] ^= 1
	for _, tc := range []struct {
		name           string
		actor          *User
		caseNo, slipNo string
		payload        string
		record         []byte
		want           error
	}{
		{"inspector", d.insp, c.Number, no, payload, rec, ErrForbidden},
		{"other case", d.sup, other.Number, no, payload, rec, ErrSlipBad},
		{"skipped number", d.sup, c.Number, "S-" + year + "-0002", payload, rec, ErrSlipBad},
		{"record changed", d.sup, c.Number, no, payload, tampered, ErrSlipBad},
		{"payload changed", d.sup, c.Number, no, payload[:len(payload)-2], rec, ErrSlipBad},
		{"unknown case", d.sup, "C-1999-0001", no, payload, rec, ErrSlipBad},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := s.RecordSlip(ctx, tc.actor, tc.caseNo, tc.slipNo, tc.payload, tc.record, SlipOut{}); !errors.Is(err, tc.want) {
				t.Errorf("err %v, want %v", err, tc.want)
			}
		})
	}
	cli, err := s.CLIActor(ctx)
	if err != nil || cli.Name != CLIName || cli.ID != 0 || !cli.Can(CapDecide) || cli.Language != "zh" {
		t.Fatalf("CLI actor %+v %v", cli, err)
	}
	if err := s.RecordSlip(ctx, cli, c.Number, no, payload, rec, SlipOut{}); err != nil {
		t.Fatal(err)
	}
	// The case has its slip: another first slip is refused, whatever
	// its number.
	if err := s.RecordSlip(ctx, cli, c.Number, no, payload, rec, SlipOut{}); !errors.Is(err, ErrSlipIssued) {
		t.Errorf("second first slip: %v", err)
	}
	no2, _ := s.NextSlipNumber(ctx)
	p2, rec2 := slipFor(t, d, c.Number, no2)
	if err := s.RecordSlip(ctx, d.sup, c.Number, no2, p2, rec2, SlipOut{}); !errors.Is(err, ErrSlipIssued) {
		t.Errorf("a new number for the same referral: %v", err)
	}
	if no2 != "S-"+year+"-0002" || s.ReissueSlip(ctx, d.sup, c.Number, no, no2, p2, rec2, "addressee corrected", SlipOut{}) != nil {
		t.Fatalf("re-issued slip %s", no2)
	}
	sl, err := s.ExportCaseRecord(ctx, cli, c.Number)
	if err != nil || sl.Number != no2 || string(sl.Record) != string(rec2) || sl.Payload != p2 || sl.MadeBy != d.sup.Name {
		t.Errorf("export: %+v %v", sl, err)
	}
	if _, err := s.ExportCaseRecord(ctx, d.insp, c.Number); !errors.Is(err, ErrForbidden) {
		t.Errorf("inspector exported personal data: %v", err)
	}
	if _, err := s.ExportCaseRecord(ctx, d.sup, "C-1999-0001"); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown case: %v", err)
	}
	list, _ := s.Slips(ctx, d.insp, c.Number)
	if len(list) != 2 || list[0].Number != no || list[0].MadeBy != CLIName || list[0].Record != nil {
		t.Errorf("slips %+v", list)
	}
	cs, _ := s.Cases(ctx, d.sup, "")
	for _, x := range cs {
		if x.Number == c.Number && (x.Slips != 2 || x.LastSlip != no2) {
			t.Errorf("summary slips %+v", x)
		}
	}
	// Audited, with the command line named, and nothing personal.
	es, _ := s.AuditFor(ctx, "case:"+c.Number, 100)
	var acts []string
	for _, e := range es {
		acts = append(acts, e.ActorName+":"+e.Action)
		if strings.Contains(e.Detail, "Juma") || strings.Contains(e.Detail, "12345") {
			t.Errorf("personal data audited: %+v", e)
		}
	}
	for _, want := range []string{CLIName + ":slip.make", d.sup.Name + ":slip.reissue", CLIName + ":case.export"} {
		if !slices.Contains(acts, want) {
			t.Errorf("audit %v lacks %s", acts, want)
		}
	}
	verifyAudit(t, s)
}
