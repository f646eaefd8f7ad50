package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"tusk/app/atomicfile"
	"tusk/app/inspect"
	"tusk/app/sop"
	"tusk/data"
)

func pack(t testing.TB) *sop.Pack {
	t.Helper()
	p, err := sop.Load(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

var held = time.Date(2026, 3, 1, 23, 30, 0, 0, time.UTC)

// sample is the demo's pangolin case, with its personal data.
func sample() *Case {
	return &Case{
		Number: "C-2026-0002", Station: "TZ-DAR1", Country: "TZ", Place: "Dar es Salaam Kariakoo",
		Status: inspect.CaseClosed, Outcome: "seizure_confirmed", PoliceRef: "DAR/CR/118/2026", Risk: "red", Score: 85,
		Inspector: "Neema Mushi", HeldAt: held, Closed: held.Add(48 * time.Hour), Personal: true,
		Inspection: &inspect.Inspection{
			ID: "I-20260301-0004",
			Parcel: inspect.Parcel{Waybill: "RR987654326TZ", Courier: "Posta", Direction: inspect.DirectionOutbound, Stage: inspect.StageXray,
				Contents:         []inspect.DeclaredItem{{Name: "Wooden handicraft", Category: "handicrafts", Quantity: 3}},
				DeclaredWeightKg: 1.2, MeasuredWeightKg: 2.5, Transit: []string{"AE"},
				Origin: inspect.Place{Country: "TZ", City: "Dar es Salaam"}, Destination: inspect.Place{Country: "CN", City: "Guangzhou"}},
			Parties: []inspect.Party{
				{Role: inspect.RoleSender, Name: "Juma Hassan", Phone: "+255 712 345 678", Address: "Kariakoo",
					ID: &inspect.IDDocument{Type: inspect.DocTZNIDA, Number: "19800101-12345-00001-23", Name: "Juma Hassan"}},
				{Role: inspect.RoleReceiver, Name: "Li Ming", Phone: "+86 139 8765 4321"}},
			Answers: []inspect.Answer{{Item: "xray-plates", Value: inspect.AnswerYes}, {Item: "packaging-heavy-wrapping", Value: inspect.AnswerYes},
				{Item: "xray-bones", Value: inspect.AnswerNo}},
			Findings: []inspect.Finding{{Card: "pangolin-scales", Confidence: inspect.ConfidenceHigh, WeightKg: 1.3},
				{Card: "ivory-carving", Confidence: inspect.ConfidenceLow, Count: 2, WeightKg: 0.4}},
			ContentsCheck: inspect.ContentsMismatch,
			Notes:         "Scales under carvings",
			Decision:      &inspect.Decision{Action: inspect.ActionHold, Reason: "Scales on X-ray", Seals: []string{"S-1", "S-2"}, Storage: "cage 1"},
		},
	}
}

// readCSV checks the BOM and CRLF and parses the table.
func readCSV(t *testing.T, b []byte) [][]string {
	t.Helper()
	s, ok := strings.CutPrefix(string(b), bom)
	if !ok {
		t.Fatalf("no BOM: %q", b[:min(len(b), 10)])
	}
	if i := strings.IndexByte(s, '\n'); i < 1 || s[i-1] != '\r' || !strings.HasSuffix(s, "\r\n") {
		t.Fatalf("lines must end in CRLF: %q", s)
	}
	r := csv.NewReader(strings.NewReader(s))
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("not valid CSV: %v\n%s", err, s)
	}
	return rows
}

func export(t *testing.T, f Format, o Options, cases ...*Case) []byte {
	t.Helper()
	var b bytes.Buffer
	w, err := New(&b, f, o)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		if err := w.Write(c); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// col reads a row as column id → value.
func col(header, row []string) map[string]string {
	m := map[string]string{}
	for i, h := range header {
		m[h] = row[i]
	}
	return m
}

func TestCaseCSV(t *testing.T) {
	p := pack(t)
	dar := time.FixedZone("EAT", 3*3600)
	for _, tc := range []struct {
		name     string
		o        Options
		personal bool // the case carries its personal data
		want     map[string]string
		absent   []string // columns that must not exist
	}{
		{"no personal data", Options{Pack: p}, false, map[string]string{
			"case_number": "C-2026-0002", "station": "TZ-DAR1", "status": "closed", "outcome": "seizure_confirmed",
			"held_at": "2026-03-01T23:30:00Z", "closed_at": "2026-03-03T23:30:00Z", "referred_at": "",
			"risk_score": "85", "sensitive": "no", "transport_mode": "postal parcel",
			"products": "pangolin-scales; ivory-carving", "scientific_names": "Manidae: Manis spp., Phataginus spp., Smutsia spp. (all eight species); Loxodonta africana, Loxodonta cyclotis, Elephas maximus",
			"trade_terms": "Scales; Ivory carving", "quantities": "1.3 kg; 2 pieces, 0.4 kg",
			"concealment":      "wrapped in many layers (tape, foil, carbon paper); mis-declared as handicrafts",
			"detection_method": "X-ray screening; indicators: Outer packaging, X-ray image",
			"checklist_yes":    "xray-plates; packaging-heavy-wrapping", "seals": "S-1; S-2", "transit_countries": "AE",
			"declared_weight_kg": "1.2",
		}, PersonalColumns},
		{"personal, local time", Options{Pack: p, Personal: true, Location: dar}, true, map[string]string{
			"held_at": "2026-03-02T02:30:00+03:00", "sender_name": "Juma Hassan", "sender_id_type": "tz_nida",
			"sender_id_number": "19800101-12345-00001-23", "receiver_phone": "'+86 139 8765 4321", "agent_name": "",
			"notes": "Scales under carvings", "decision_reason": "Scales on X-ray",
		}, nil},
		{"personal asked, none handed out", Options{Pack: p, Personal: true}, false, map[string]string{
			"sender_name": "", "sender_id_number": "", "notes": "",
		}, nil},
		{"no pack", Options{}, false, map[string]string{
			"products": "pangolin-scales; ivory-carving", "scientific_names": "; ", "detection_method": "X-ray screening",
		}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := sample()
			c.Personal = tc.personal
			rows := readCSV(t, export(t, CSV, tc.o, c))
			if len(rows) != 2 {
				t.Fatalf("%d rows, want header and one case", len(rows))
			}
			wantCols := len(CaseColumns)
			if tc.o.Personal {
				wantCols += len(PersonalColumns)
			}
			if len(rows[0]) != wantCols {
				t.Errorf("%d columns, want %d", len(rows[0]), wantCols)
			}
			got := col(rows[0], rows[1])
			for k, v := range tc.want {
				if g, ok := got[k]; !ok || g != v {
					t.Errorf("%s = %q, want %q", k, g, v)
				}
			}
			for _, k := range tc.absent {
				if _, ok := got[k]; ok {
					t.Errorf("column %s present", k)
				}
			}
		})
	}
}

func TestEmptyExportsAreValid(t *testing.T) {
	for _, f := range Formats {
		b := export(t, f, Options{})
		switch f {
		case JSON:
			var v []any
			if err := json.Unmarshal(b, &v); err != nil || v == nil || len(v) != 0 {
				t.Errorf("json: %q %v", b, err)
			}
		default:
			if rows := readCSV(t, b); len(rows) != 1 {
				t.Errorf("%s: %d rows, want the header only", f, len(rows))
			}
		}
	}
	if _, err := New(&bytes.Buffer{}, "xlsx", Options{}); err != ErrFormat {
		t.Errorf("unknown format: %v", err)
	}
}

func TestJSON(t *testing.T) {
	p := pack(t)
	for _, tc := range []struct {
		name         string
		o            Options
		wantPersonal bool
	}{
		{"plain", Options{Pack: p}, false},
		{"personal", Options{Pack: p, Personal: true}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, b := sample(), sample()
			b.Number, b.Inspection.Findings, b.Inspection.Decision = "C-2026-0003", nil, nil
			out := export(t, JSON, tc.o, a, b)
			var v []map[string]any
			if err := json.Unmarshal(out, &v); err != nil || len(v) != 2 {
				t.Fatalf("%v %d\n%s", err, len(v), out)
			}
			if n := strings.Count(string(out), "\n"); n != 4 {
				t.Errorf("want one object a line, got %d lines:\n%s", n, out)
			}
			if v[0]["case_number"] != "C-2026-0002" || v[0]["held_at"] != "2026-03-01T23:30:00Z" {
				t.Errorf("first: %v", v[0])
			}
			pr := v[0]["products"].([]any)[0].(map[string]any)
			if !strings.HasPrefix(pr["scientific_name"].(string), "Manidae") || pr["trade_term_code"] != "SCA" || pr["weight_kg"] != 1.3 {
				t.Errorf("product: %v", pr)
			}
			if s, ok := v[1]["products"].([]any); !ok || len(s) != 0 {
				t.Errorf("no products must be [], got %v", v[1]["products"])
			}
			_, hasParties := v[0]["parties"]
			_, hasNotes := v[0]["notes"]
			if hasParties != tc.wantPersonal || hasNotes != tc.wantPersonal || strings.Contains(string(out), "Juma") != tc.wantPersonal {
				t.Errorf("personal data: parties %v, notes %v, want %v", hasParties, hasNotes, tc.wantPersonal)
			}
		})
	}
}

func TestCITES(t *testing.T) {
	p := pack(t)
	imported := sample()
	imported.Number, imported.Country, imported.Place, imported.Station = "C-2026-0009", "", "", "CN-GZ1"
	imported.Inspection.Parcel.Direction = inspect.DirectionInbound
	notWildlife := sample()
	notWildlife.Outcome = OutcomeNotWildlife
	nothingFound := sample()
	nothingFound.Inspection.Findings = nil
	// A power bank refused under the postal rules is never a CITES line,
	// even with a finding left on the record.
	powerBank := sample()
	powerBank.Inspection.Assessment = &inspect.Assessment{Level: inspect.LevelGreen, Action: inspect.ActionRefusePostal,
		Reasons: []inspect.Reason{{RuleID: "prohibited-articles"}}}
	rows := readCSV(t, export(t, CITES, Options{Pack: p, Personal: true}, sample(), imported, notWildlife, nothingFound, powerBank))
	if len(rows) != 5 || strings.Join(rows[0], ",") != strings.Join(CITESColumns, ",") {
		t.Fatalf("want header and 2×2 product lines, got %d:\n%v", len(rows), rows)
	}
	for _, tc := range []struct {
		row  int
		want map[string]string
	}{
		{1, map[string]string{"reference": "C-2026-0002", "date_of_seizure": "2026-03-01", "country_of_seizure": "TZ",
			"place_of_seizure": "Dar es Salaam Kariakoo (TZ-DAR1)", "common_name": "Pangolins", "cites_appendix": "I",
			"trade_term_code": "SCA", "description_of_specimens": "Scales", "quantity": "1.3", "unit": "kg", "weight_kg": "1.3",
			"mode_of_transport": "postal parcel", "carrier": "Posta", "country_of_origin": "TZ", "countries_of_transit": "AE",
			"country_of_destination": "CN", "outcome": "seizure_confirmed", "seizing_agency": "", "sanction": ""}},
		{2, map[string]string{"scientific_name": "Loxodonta africana, Loxodonta cyclotis, Elephas maximus", "trade_term_code": "IVC", "quantity": "2", "unit": "", "weight_kg": "0.4"}},
		{3, map[string]string{"reference": "C-2026-0009", "country_of_seizure": "CN", "place_of_seizure": "CN-GZ1"}},
	} {
		got := col(rows[0], rows[tc.row])
		for k, v := range tc.want {
			if got[k] != v {
				t.Errorf("row %d: %s = %q, want %q", tc.row, k, got[k], v)
			}
		}
	}
	// Nothing nominal, whatever the options say.
	all := strings.Join(rows[1], "|") + strings.Join(rows[2], "|")
	for _, s := range []string{"Juma", "+255", "19800101", "RR987654326TZ", "Scales under", "Neema"} {
		if strings.Contains(all, s) {
			t.Errorf("CITES table holds %q", s)
		}
	}
}

func TestTransportMode(t *testing.T) {
	for courier, want := range map[string]string{
		"EMS": "postal parcel", "China Post": "postal parcel", "Posta": "postal parcel", "VNPost": "postal parcel",
		"SF": "courier parcel", "DHL": "courier parcel", "": "courier parcel", "Postmates Express": "courier parcel",
	} {
		if got := TransportMode(courier); got != want {
			t.Errorf("%q: %q, want %q", courier, got, want)
		}
	}
}

func TestCellInjection(t *testing.T) {
	for in, want := range map[string]string{
		"=HYPERLINK(\"http://x\")": "'=HYPERLINK(\"http://x\")",
		"+41 22":                   "'+41 22",
		"-2+3":                     "'-2+3",
		"@SUM(A1)":                 "'@SUM(A1)",
		"\tcmd":                    "'\tcmd",
		"\rcmd":                    "'\ncmd",
		"a\r\nb\rc":                "a\nb\nc",
		"C-2026-0001":              "C-2026-0001",
		" =1":                      " =1",
		"'quoted":                  "'quoted",
		"bad \xff utf8":            "bad \uFFFD utf8",
		"":                         "",
	} {
		if got := Cell(in); got != want {
			t.Errorf("Cell(%q) = %q, want %q", in, got, want)
		}
	}
	// Through the writer: a name that is a formula comes out as text.
	c := sample()
	c.Inspection.Parties[0].Name = "=cmd|' /C calc'!A0"
	rows := readCSV(t, export(t, CSV, Options{Personal: true}, c))
	if got := col(rows[0], rows[1])["sender_name"]; got != "'=cmd|' /C calc'!A0" {
		t.Errorf("sender_name %q", got)
	}
}

// FuzzCSVRoundTrip: any string in any field gives valid CSV that reads
// back as written, minus the injection prefix.
func FuzzCSVRoundTrip(f *testing.F) {
	for _, s := range []string{"", "plain", "=1+1", "a,b", "\"q\"", "line\r\nbreak", "\r", "-", "\xff\xfe", "\uFEFF", " lead", "\\.", "王先生"} {
		f.Add(s, 3)
	}
	f.Fuzz(func(t *testing.T, s string, at int) {
		c := sample()
		c.Inspection.Parcel.Waybill = s
		c.Inspection.Parties[0].Name = s
		c.Number = s
		if at%2 == 0 {
			c.Inspection.Parcel.Courier = s
		}
		for _, fm := range []Format{CSV, CITES} {
			var b bytes.Buffer
			w, _ := New(&b, fm, Options{Personal: true})
			if err := w.Write(c); err != nil {
				t.Fatal(err)
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			body, ok := strings.CutPrefix(b.String(), bom)
			if !ok {
				t.Fatal("no BOM")
			}
			rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
			if err != nil {
				t.Fatalf("%s: not valid CSV: %v", fm, err)
			}
			if len(rows) != 1+w.Rows() {
				t.Fatalf("%s: %d rows, wrote %d", fm, len(rows), w.Rows())
			}
			if w.Rows() == 0 {
				continue
			}
			got := col(rows[0], rows[1])
			key := "case_number"
			if fm == CITES {
				key = "reference"
			}
			want := Cell(s)
			if got[key] != want {
				t.Fatalf("%s: read back %q, want %q", fm, got[key], want)
			}
			if fm == CSV && got["sender_name"] != want {
				t.Fatalf("sender_name read back %q, want %q", got["sender_name"], want)
			}
			// The prefix is all the writer adds to valid text.
			norm := strings.ReplaceAll(strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\r\n", "\n"), "\r", "\n")
			if dangerous := s != "" && strings.IndexByte("=+-@\t\r", s[0]) >= 0; dangerous && want != "'"+norm || !dangerous && want != norm {
				t.Fatalf("Cell(%q) = %q", s, want)
			}
		}
	})
}

func TestWriteFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out.csv")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("cancelled")
	if err := WriteFile(path, 0o600, func(w io.Writer) error { io.WriteString(w, "half"); return boom }); err != boom {
		t.Fatalf("failed write: %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "old" {
		t.Errorf("a failed export changed the file: %q", b)
	}
	if err := WriteFile(path, 0o600, func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err }); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	fi, _ := os.Stat(path)
	if string(b) != "new" || fi.Mode().Perm() != 0o600 {
		t.Errorf("%q %v", b, fi.Mode())
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(path), atomicfile.Pattern)); len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// TestCITESRowsInReportOrder: a parcel of pangolin scales (weighed) and
// ivory carvings (counted), held at a depot on the Tanzania - UAE - China
// route, gives two lines whose first twenty columns are the illegal trade
// report's fields in its order: quantity in kg for a weight and with no
// unit for a count of specimens, the CITES trade term and its code, and
// the fields only the authority knows left empty.
func TestCITESRowsInReportOrder(t *testing.T) {
	rows := readCSV(t, export(t, CITES, Options{Pack: pack(t)}, sample()))
	if len(rows) != 3 {
		t.Fatalf("%d rows", len(rows))
	}
	want := [][]string{
		{"2026-03-01", "TZ", "Dar es Salaam Kariakoo (TZ-DAR1)", "",
			"Manidae: Manis spp., Phataginus spp., Smutsia spp. (all eight species)", "Scales", "SCA", "1.3", "kg",
			"", "postal parcel", "wrapped in many layers (tape, foil, carbon paper); mis-declared as handicrafts",
			"TZ", "AE", "CN", "", "", "", "", ""},
		{"2026-03-01", "TZ", "Dar es Salaam Kariakoo (TZ-DAR1)", "",
			"Loxodonta africana, Loxodonta cyclotis, Elephas maximus", "Ivory carving", "IVC", "2", "",
			"", "postal parcel", "wrapped in many layers (tape, foil, carbon paper); mis-declared as handicrafts",
			"TZ", "AE", "CN", "", "", "", "", ""},
	}
	for i, w := range want {
		if got := rows[i+1][:20]; strings.Join(got, "|") != strings.Join(w, "|") {
			t.Errorf("line %d:\n got %q\nwant %q", i+1, got, w)
		}
	}
	if got := strings.Join(rows[0][:20], ","); got != "date_of_seizure,country_of_seizure,place_of_seizure,seizing_agency,"+
		"scientific_name,description_of_specimens,trade_term_code,quantity,unit,reason_for_seizure,mode_of_transport,"+
		"method_of_concealment,country_of_origin,countries_of_transit,country_of_destination,legal_basis,sanction,"+
		"disposal_of_specimens,estimated_value,nationality_of_offenders" {
		t.Errorf("report columns: %s", got)
	}
}
