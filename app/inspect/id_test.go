package inspect

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

var testNow = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

// cnID completes 17 digits with a check character computed the way the
// standard's annex tabulates it (fixed weights, remainder lookup), not the
// way id.go computes it.
func cnID(d17 string) string {
	weights := []int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	const table = "10X98765432"
	sum := 0
	for i, w := range weights {
		sum += int(d17[i]-'0') * w
	}
	return d17 + string(table[sum%11])
}

// mrzDigitRef is an independent ICAO 9303 check digit: a value table
// instead of arithmetic on bytes.
func mrzDigitRef(s string) string {
	const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	sum := 0
	for i, c := range s {
		v := strings.IndexRune(alphabet, c)
		if c == '<' {
			v = 0
		}
		sum += v * []int{7, 3, 1}[i%3]
	}
	return string(rune('0' + sum%10))
}

// td3Line2 builds a TD3 second line with correct check digits.
func td3Line2(number, nat, birth, sex, expiry, optional string) string {
	pad := func(s string, n int) string { return s + strings.Repeat("<", n-len(s)) }
	number, optional = pad(number, 9), pad(optional, 14)
	optCheck := mrzDigitRef(optional)
	if strings.Trim(optional, "<") == "" {
		optCheck = "<"
	}
	l := number + mrzDigitRef(number) + nat + birth + mrzDigitRef(birth) + sex + expiry + mrzDigitRef(expiry) + optional + optCheck
	return l + mrzDigitRef(l[0:10]+l[13:20]+l[21:43])
}

// withOptionalFiller replaces the optional-data check digit by '<' and
// recomputes the composite, so only the optional check is wrong.
func withOptionalFiller(l2 string) string {
	l := l2[:42] + "<"
	return l + mrzDigitRef(l[0:10]+l[13:20]+l[21:43])
}

// withNumberFiller puts '<' in place of the document number check digit.
func withNumberFiller(l2 string) string {
	l := l2[:9] + "<" + l2[10:43]
	return l + mrzDigitRef(l[0:10]+l[13:20]+l[21:43])
}

const (
	specimenL1 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"
	specimenL2 = "L898902C36UTO7408122F1204159ZE184226B<<<<<10"
)

// problems renders a result's problems as "field:code" for comparison.
func problems(r Result) []string {
	var out []string
	for _, p := range r.Problems {
		out = append(out, p.Field+":"+strings.TrimPrefix(p.Code, "inspect.id.err."))
	}
	return out
}

func TestReferenceDigits(t *testing.T) {
	// The published example number of GB 11643-1999 and the ICAO specimen
	// pin the test's own implementations.
	if got := cnID("11010519491231002"); got != "11010519491231002X" {
		t.Fatalf("cnID = %s", got)
	}
	if got := td3Line2("L898902C3", "UTO", "740812", "F", "120415", "ZE184226B"); got != specimenL2 {
		t.Fatalf("td3Line2 = %s", got)
	}
}

func TestCheckID(t *testing.T) {
	valid := cnID("44030419900307123")
	tests := []struct {
		name       string
		doc        IDDocument
		ok         bool
		verifiable bool
		problems   []string
		decoded    Decoded
		notes      []string
	}{
		// China resident identity card.
		{name: "cn specimen", doc: IDDocument{Type: DocCNResidentID, Number: "11010519491231002X"}, ok: true, verifiable: true,
			decoded: Decoded{BirthDate: "1949-12-31", BirthYear: 1949, Sex: "F", Region: "110105", Province: "11"}},
		{name: "cn lowercase x and spaces", doc: IDDocument{Type: DocCNResidentID, Number: " 110105 19491231 002x "}, ok: true, verifiable: true,
			decoded: Decoded{BirthDate: "1949-12-31", BirthYear: 1949, Sex: "F", Region: "110105", Province: "11"}},
		{name: "cn full-width", doc: IDDocument{Type: DocCNResidentID, Number: "１１０１０５１９４９１２３１００２Ｘ"}, ok: true, verifiable: true,
			decoded: Decoded{BirthDate: "1949-12-31", BirthYear: 1949, Sex: "F", Region: "110105", Province: "11"}},
		{name: "cn male, claims agree", doc: IDDocument{Type: DocCNResidentID, Number: valid, BirthDate: "1990-03-07", Sex: "m"}, ok: true, verifiable: true,
			decoded: Decoded{BirthDate: "1990-03-07", BirthYear: 1990, Sex: "M", Region: "440304", Province: "44"}},
		{name: "cn taiwan residence permit", doc: IDDocument{Type: DocCNResidentID, Number: cnID("83000019900101002")}, ok: true, verifiable: true,
			decoded: Decoded{BirthDate: "1990-01-01", BirthYear: 1990, Sex: "F", Region: "830000", Province: "83"}},
		{name: "cn check digit", doc: IDDocument{Type: DocCNResidentID, Number: "110105194912310021"}, verifiable: true,
			problems: []string{"number:check_digit"},
			decoded:  Decoded{BirthDate: "1949-12-31", BirthYear: 1949, Sex: "F", Region: "110105", Province: "11"}},
		{name: "cn short", doc: IDDocument{Type: DocCNResidentID, Number: "11010519491231002"}, verifiable: true,
			problems: []string{"number:length"}},
		{name: "cn legacy 15", doc: IDDocument{Type: DocCNResidentID, Number: "110105491231002"}, verifiable: true,
			problems: []string{"number:length"}, notes: []string{NoteIDCNLegacy}},
		{name: "cn charset", doc: IDDocument{Type: DocCNResidentID, Number: "11010519491231002Y"}, verifiable: true,
			problems: []string{"number:charset"}},
		{name: "cn X inside", doc: IDDocument{Type: DocCNResidentID, Number: "1101051949123100X2"}, verifiable: true,
			problems: []string{"number:charset"}},
		{name: "cn 30 February", doc: IDDocument{Type: DocCNResidentID, Number: cnID("11010519490230002")}, verifiable: true,
			problems: []string{"number:birth_date"}, decoded: Decoded{Sex: "F", Region: "110105", Province: "11"}},
		{name: "cn born in the future", doc: IDDocument{Type: DocCNResidentID, Number: cnID("11010520300101002")}, verifiable: true,
			problems: []string{"number:birth_date"}, decoded: Decoded{Sex: "F", Region: "110105", Province: "11"}},
		{name: "cn born before 1900", doc: IDDocument{Type: DocCNResidentID, Number: cnID("11010518991231002")}, verifiable: true,
			problems: []string{"number:birth_date"}, decoded: Decoded{Sex: "F", Region: "110105", Province: "11"}},
		{name: "cn unknown province", doc: IDDocument{Type: DocCNResidentID, Number: cnID("99010519491231002")}, verifiable: true,
			problems: []string{"number:region"},
			decoded:  Decoded{BirthDate: "1949-12-31", BirthYear: 1949, Sex: "F", Region: "990105", Province: "99"}},
		{name: "cn region zero", doc: IDDocument{Type: DocCNResidentID, Number: cnID("00000019491231002")}, verifiable: true,
			problems: []string{"number:region"},
			decoded:  Decoded{BirthDate: "1949-12-31", BirthYear: 1949, Sex: "F", Region: "000000", Province: "00"}},
		{name: "cn claims differ", doc: IDDocument{Type: DocCNResidentID, Number: "11010519491231002X", BirthDate: "1949-12-30", Sex: "M"}, verifiable: true,
			problems: []string{"birth_date:birth_mismatch", "sex:sex_mismatch"},
			decoded:  Decoded{BirthDate: "1949-12-31", BirthYear: 1949, Sex: "F", Region: "110105", Province: "11"}},
		{name: "cn claim typed badly keeps format ok", doc: IDDocument{Type: DocCNResidentID, Number: "11010519491231002X", BirthDate: "31/12/1949", Sex: "?"}, ok: true, verifiable: true,
			problems: []string{"birth_date:entered_birth_date", "sex:entered_sex"},
			decoded:  Decoded{BirthDate: "1949-12-31", BirthYear: 1949, Sex: "F", Region: "110105", Province: "11"}},
		{name: "cn empty", doc: IDDocument{Type: DocCNResidentID}, verifiable: true, problems: []string{"number:missing"}},

		// Passports.
		{name: "passport specimen", doc: IDDocument{Type: DocPassport, Number: "L898902C3", MRZ: specimenL1 + "\n" + specimenL2}, ok: true, verifiable: true,
			decoded: Decoded{BirthDate: "1974-08-12", BirthYear: 1974, Sex: "F", Surname: "ERIKSSON", GivenNames: "ANNA MARIA",
				Nationality: "UTO", Issuer: "UTO", Expiry: "2012-04-15", Expired: true},
			notes: []string{NoteIDExpired}},
		{name: "passport one line, CRLF, spaces, lower case", doc: IDDocument{Type: DocPassport, MRZ: "\r\n" + strings.ToLower(specimenL1) + " " + specimenL2 + "\r\n"}, ok: true, verifiable: true,
			decoded: Decoded{BirthDate: "1974-08-12", BirthYear: 1974, Sex: "F", Surname: "ERIKSSON", GivenNames: "ANNA MARIA",
				Nationality: "UTO", Issuer: "UTO", Expiry: "2012-04-15", Expired: true},
			notes: []string{NoteIDExpired}},
		{name: "passport valid, empty optional with filler check", doc: IDDocument{Type: DocPassport, Number: "X1234567",
			MRZ: "P<TZAMUSA<<JUMA<<<<<<<<<<<<<<<<<<<<<<<<<<<<<\n" + td3Line2("X1234567", "TZA", "850214", "M", "300101", ""), BirthDate: "1985-02-14", Sex: "M"}, ok: true, verifiable: true,
			decoded: Decoded{BirthDate: "1985-02-14", BirthYear: 1985, Sex: "M", Surname: "MUSA", GivenNames: "JUMA", Nationality: "TZA", Issuer: "TZA", Expiry: "2030-01-01"}},
		{name: "passport born 2001", doc: IDDocument{Type: DocPassport,
			MRZ: "P<VNMNGUYEN<<VAN<AN<<<<<<<<<<<<<<<<<<<<<<<<<\n" + td3Line2("C1234567", "VNM", "010203", "M", "310203", "")}, ok: true, verifiable: true,
			decoded: Decoded{BirthDate: "2001-02-03", BirthYear: 2001, Sex: "M", Surname: "NGUYEN", GivenNames: "VAN AN", Nationality: "VNM", Issuer: "VNM", Expiry: "2031-02-03"}},
		{name: "passport number differs from MRZ", doc: IDDocument{Type: DocPassport, Number: "L898902C4", MRZ: specimenL1 + "\n" + specimenL2}, verifiable: true,
			problems: []string{"number:number_mismatch"},
			decoded: Decoded{BirthDate: "1974-08-12", BirthYear: 1974, Sex: "F", Surname: "ERIKSSON", GivenNames: "ANNA MARIA",
				Nationality: "UTO", Issuer: "UTO", Expiry: "2012-04-15", Expired: true},
			notes: []string{NoteIDExpired}},
		{name: "passport claims differ", doc: IDDocument{Type: DocPassport, MRZ: specimenL1 + "\n" + specimenL2, BirthDate: "1974-08-13", Sex: "M"}, verifiable: true,
			problems: []string{"birth_date:birth_mismatch", "sex:sex_mismatch"},
			decoded: Decoded{BirthDate: "1974-08-12", BirthYear: 1974, Sex: "F", Surname: "ERIKSSON", GivenNames: "ANNA MARIA",
				Nationality: "UTO", Issuer: "UTO", Expiry: "2012-04-15", Expired: true},
			notes: []string{NoteIDExpired}},
		{name: "passport number check digit", doc: IDDocument{Type: DocPassport, MRZ: specimenL1 + "\n" + strings.Replace(specimenL2, "L898902C36", "L898902C37", 1)}, verifiable: true,
			problems: []string{"mrz.number:check_digit", "mrz.composite:check_digit"},
			decoded: Decoded{BirthDate: "1974-08-12", BirthYear: 1974, Sex: "F", Surname: "ERIKSSON", GivenNames: "ANNA MARIA",
				Nationality: "UTO", Issuer: "UTO", Expiry: "2012-04-15", Expired: true},
			notes: []string{NoteIDExpired}},
		{name: "passport birth digit changed", doc: IDDocument{Type: DocPassport, MRZ: specimenL1 + "\n" + strings.Replace(specimenL2, "7408122", "7408132", 1)}, verifiable: true,
			problems: []string{"mrz.birth_date:check_digit", "mrz.composite:check_digit"},
			decoded: Decoded{BirthDate: "1974-08-13", BirthYear: 1974, Sex: "F", Surname: "ERIKSSON", GivenNames: "ANNA MARIA",
				Nationality: "UTO", Issuer: "UTO", Expiry: "2012-04-15", Expired: true},
			notes: []string{NoteIDExpired}},
		{name: "passport optional check digit", doc: IDDocument{Type: DocPassport, MRZ: specimenL1 + "\n" + strings.Replace(specimenL2, "<<<<<10", "<<<<<20", 1)}, verifiable: true,
			problems: []string{"mrz.optional:check_digit", "mrz.composite:check_digit"},
			decoded: Decoded{BirthDate: "1974-08-12", BirthYear: 1974, Sex: "F", Surname: "ERIKSSON", GivenNames: "ANNA MARIA",
				Nationality: "UTO", Issuer: "UTO", Expiry: "2012-04-15", Expired: true},
			notes: []string{NoteIDExpired}},
		{name: "passport filler check on filled optional data", doc: IDDocument{Type: DocPassport,
			MRZ: "P<TZAMUSA<<JUMA<<<<<<<<<<<<<<<<<<<<<<<<<<<<<\n" + withOptionalFiller(td3Line2("X1234567", "TZA", "850214", "M", "300101", "AB123"))}, verifiable: true,
			problems: []string{"mrz.optional:check_digit"},
			decoded:  Decoded{BirthDate: "1985-02-14", BirthYear: 1985, Sex: "M", Surname: "MUSA", GivenNames: "JUMA", Nationality: "TZA", Issuer: "TZA", Expiry: "2030-01-01"}},
		{name: "passport filler check only allowed for optional data", doc: IDDocument{Type: DocPassport,
			MRZ: "P<TZAMUSA<<JUMA<<<<<<<<<<<<<<<<<<<<<<<<<<<<<\n" + withNumberFiller(td3Line2("", "TZA", "850214", "M", "300101", ""))}, verifiable: true,
			problems: []string{"mrz.number:check_digit"},
			decoded:  Decoded{BirthDate: "1985-02-14", BirthYear: 1985, Sex: "M", Surname: "MUSA", GivenNames: "JUMA", Nationality: "TZA", Issuer: "TZA", Expiry: "2030-01-01"}},
		{name: "passport expiry not a date", doc: IDDocument{Type: DocPassport,
			MRZ: "P<TZAMUSA<<JUMA<<<<<<<<<<<<<<<<<<<<<<<<<<<<<\n" + td3Line2("X1234567", "TZA", "850214", "M", "301301", "")}, verifiable: true,
			problems: []string{"mrz.expiry:date"},
			decoded:  Decoded{BirthDate: "1985-02-14", BirthYear: 1985, Sex: "M", Surname: "MUSA", GivenNames: "JUMA", Nationality: "TZA", Issuer: "TZA"}},
		{name: "not a passport MRZ", doc: IDDocument{Type: DocPassport, MRZ: "I" + specimenL1[1:] + "\n" + specimenL2}, verifiable: true,
			problems: []string{"mrz:mrz_type"},
			decoded: Decoded{BirthDate: "1974-08-12", BirthYear: 1974, Sex: "F", Surname: "ERIKSSON", GivenNames: "ANNA MARIA",
				Nationality: "UTO", Issuer: "UTO", Expiry: "2012-04-15", Expired: true},
			notes: []string{NoteIDExpired}},
		{name: "MRZ too short", doc: IDDocument{Type: DocPassport, MRZ: specimenL1 + "\n" + specimenL2[:40]}, verifiable: true,
			problems: []string{"mrz:length"}},
		{name: "MRZ bad character", doc: IDDocument{Type: DocPassport, MRZ: specimenL1 + "\n" + strings.Replace(specimenL2, "UTO", "U#O", 1)}, verifiable: true,
			problems: []string{"mrz:charset"}},
		{name: "passport number only", doc: IDDocument{Type: DocPassport, Number: "e1234567"}, ok: true, notes: []string{NoteIDFormatOnly}},
		{name: "passport number too short", doc: IDDocument{Type: DocPassport, Number: "AB-12"}, problems: []string{"number:length"}, notes: []string{NoteIDFormatOnly}},
		{name: "passport number charset", doc: IDDocument{Type: DocPassport, Number: "AB#12345"}, problems: []string{"number:charset"}, notes: []string{NoteIDFormatOnly}},

		// Viet Nam CCCD.
		{name: "vn male 1999", doc: IDDocument{Type: DocVNCCCD, Number: "001099012345", BirthDate: "1999-05-01", Sex: "M"}, ok: true, verifiable: true,
			decoded: Decoded{BirthYear: 1999, Sex: "M", Province: "001"}},
		{name: "vn female 2003 with hyphens", doc: IDDocument{Type: DocVNCCCD, Number: "079-303-001234"}, ok: true, verifiable: true,
			decoded: Decoded{BirthYear: 2003, Sex: "F", Province: "079"}},
		{name: "vn claims differ", doc: IDDocument{Type: DocVNCCCD, Number: "001099012345", BirthDate: "1998-05-01", Sex: "F"}, verifiable: true,
			problems: []string{"birth_date:birth_mismatch", "sex:sex_mismatch"}, decoded: Decoded{BirthYear: 1999, Sex: "M", Province: "001"}},
		{name: "vn gap in province codes", doc: IDDocument{Type: DocVNCCCD, Number: "003099012345"}, verifiable: true,
			problems: []string{"number:province"}, decoded: Decoded{BirthYear: 1999, Sex: "M", Province: "003"}},
		{name: "vn province past the list", doc: IDDocument{Type: DocVNCCCD, Number: "097099012345"}, verifiable: true,
			problems: []string{"number:province"}, decoded: Decoded{BirthYear: 1999, Sex: "M", Province: "097"}},
		{name: "vn 22nd century", doc: IDDocument{Type: DocVNCCCD, Number: "001400012345"}, verifiable: true,
			problems: []string{"number:century_sex"}, decoded: Decoded{Sex: "M", Province: "001"}},
		{name: "vn born 2030", doc: IDDocument{Type: DocVNCCCD, Number: "001330012345"}, verifiable: true,
			problems: []string{"number:century_sex"}, decoded: Decoded{Sex: "F", Province: "001"}},
		{name: "vn 11 digits", doc: IDDocument{Type: DocVNCCCD, Number: "00109901234"}, verifiable: true, problems: []string{"number:length"}},
		{name: "vn letters", doc: IDDocument{Type: DocVNCCCD, Number: "00109901234A"}, verifiable: true, problems: []string{"number:charset"}},
		{name: "vn old 9-digit CMND", doc: IDDocument{Type: DocVNCCCD, Number: "012345678"}, verifiable: true, problems: []string{"number:length"}},

		// Tanzania NIDA.
		{name: "tz with hyphens", doc: IDDocument{Type: DocTZNIDA, Number: "19800131-12345-67890-12", BirthDate: "1980-01-31"}, ok: true, verifiable: true,
			decoded: Decoded{BirthDate: "1980-01-31", BirthYear: 1980}},
		{name: "tz plain", doc: IDDocument{Type: DocTZNIDA, Number: "20000229123456789012"}, ok: true, verifiable: true,
			decoded: Decoded{BirthDate: "2000-02-29", BirthYear: 2000}},
		{name: "tz birth differs", doc: IDDocument{Type: DocTZNIDA, Number: "19800131123456789012", BirthDate: "1980-01-30"}, verifiable: true,
			problems: []string{"birth_date:birth_mismatch"}, decoded: Decoded{BirthDate: "1980-01-31", BirthYear: 1980}},
		{name: "tz month 13", doc: IDDocument{Type: DocTZNIDA, Number: "19801331123456789012"}, verifiable: true, problems: []string{"number:birth_date"}},
		{name: "tz future", doc: IDDocument{Type: DocTZNIDA, Number: "20300101123456789012"}, verifiable: true, problems: []string{"number:birth_date"}},
		{name: "tz 19 digits", doc: IDDocument{Type: DocTZNIDA, Number: "1980013112345678901"}, verifiable: true, problems: []string{"number:length"}},
		{name: "tz letter", doc: IDDocument{Type: DocTZNIDA, Number: "1980013112345678901A"}, verifiable: true, problems: []string{"number:charset"}},

		// Cameroon.
		{name: "cm cni", doc: IDDocument{Type: DocCMCNI, Number: "123456789"}, ok: true, notes: []string{NoteIDFormatOnly}},
		{name: "cm cni short", doc: IDDocument{Type: DocCMCNI, Number: "AB12"}, problems: []string{"number:length"}, notes: []string{NoteIDFormatOnly}},
		{name: "cm cni long", doc: IDDocument{Type: DocCMCNI, Number: strings.Repeat("1", 25)}, problems: []string{"number:length"}, notes: []string{NoteIDFormatOnly}},
		{name: "cm cni slash", doc: IDDocument{Type: DocCMCNI, Number: "12345/678"}, problems: []string{"number:charset"}, notes: []string{NoteIDFormatOnly}},
		{name: "cm receipt", doc: IDDocument{Type: DocCMRecepisse, Number: "rec-2025/00123"}, ok: true, notes: []string{NoteIDReceipt, NoteIDFormatOnly}},
		{name: "cm receipt bad", doc: IDDocument{Type: DocCMRecepisse, Number: "!!"}, problems: []string{"number:charset", "number:length"}, notes: []string{NoteIDReceipt, NoteIDFormatOnly}},

		// Other and unknown.
		{name: "other", doc: IDDocument{Type: DocOther, Number: "Permis 12 345"}, ok: true},
		{name: "other empty", doc: IDDocument{Type: DocOther, Number: "  "}, problems: []string{"number:missing"}},
		{name: "other too long", doc: IDDocument{Type: DocOther, Number: strings.Repeat("é", 65)}, problems: []string{"number:length"}},
		{name: "other control", doc: IDDocument{Type: DocOther, Number: "AB\x01CD"}, problems: []string{"number:charset"}},
		{name: "unknown type", doc: IDDocument{Type: "driving_licence", Number: "123"}, problems: []string{"type:type"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := CheckID(tt.doc, testNow)
			if r.FormatOK != tt.ok || r.Verifiable != tt.verifiable {
				t.Errorf("FormatOK, Verifiable = %v, %v; want %v, %v (problems %v)", r.FormatOK, r.Verifiable, tt.ok, tt.verifiable, problems(r))
			}
			if got := problems(r); !slices.Equal(got, tt.problems) {
				t.Errorf("problems = %v, want %v", got, tt.problems)
			}
			if r.Decoded != tt.decoded {
				t.Errorf("decoded = %+v\n want %+v", r.Decoded, tt.decoded)
			}
			if !slices.Equal(r.Notes, tt.notes) {
				t.Errorf("notes = %v, want %v", r.Notes, tt.notes)
			}
			if r.Receipt != (tt.doc.Type == DocCMRecepisse) {
				t.Errorf("Receipt = %v", r.Receipt)
			}
		})
	}
}

func TestCheckIDNumberCleaned(t *testing.T) {
	r := CheckID(IDDocument{Type: DocPassport, MRZ: specimenL1 + "\n" + specimenL2}, testNow)
	if r.Number != "L898902C3" {
		t.Errorf("number from MRZ = %q", r.Number)
	}
	r = CheckID(IDDocument{Type: DocTZNIDA, Number: "19800131-12345-67890-12"}, testNow)
	if r.Number != "19800131123456789012" {
		t.Errorf("cleaned = %q", r.Number)
	}
}

// Every valid CN number built over a range of birth dates and sequence
// numbers passes, and changing any one digit makes it fail.
func TestCNRIDSingleDigitErrors(t *testing.T) {
	base := cnID("32010219870615123")
	if r := CheckID(IDDocument{Type: DocCNResidentID, Number: base}, testNow); !r.FormatOK {
		t.Fatalf("%s: %v", base, problems(r))
	}
	for i := 0; i < 17; i++ {
		for d := byte('0'); d <= '9'; d++ {
			if base[i] == d {
				continue
			}
			n := base[:i] + string(d) + base[i+1:]
			if r := CheckID(IDDocument{Type: DocCNResidentID, Number: n}, testNow); r.FormatOK {
				t.Errorf("%s (digit %d changed) passed", n, i+1)
			}
		}
	}
}

func TestParseMRZ(t *testing.T) {
	m, errs := ParseMRZ(specimenL1+"\n"+specimenL2, testNow)
	if len(errs) != 0 {
		t.Fatal(errs)
	}
	want := MRZ{DocType: "P", Issuer: "UTO", Surname: "ERIKSSON", GivenNames: "ANNA MARIA", Number: "L898902C3",
		Nationality: "UTO", BirthDate: "1974-08-12", Sex: "F", Expiry: "2012-04-15", Optional: "ZE184226B"}
	if !reflect.DeepEqual(m, want) {
		t.Errorf("got %+v\nwant %+v", m, want)
	}
}

var knownIDCodes = map[string]bool{
	ErrIDMissing: true, ErrIDType: true, ErrIDLength: true, ErrIDCharset: true, ErrIDCheckDigit: true,
	ErrIDBirthDate: true, ErrIDRegion: true, ErrIDProvince: true, ErrIDCenturySex: true,
	ErrIDBirthMismatch: true, ErrIDSexMismatch: true, ErrIDNumberMRZ: true, ErrIDMRZType: true,
	ErrIDDate: true, ErrIDEnteredDate: true, ErrIDEnteredSex: true,
}

func FuzzCheckID(f *testing.F) {
	f.Add("cn_rid", "11010519491231002X", "", "1949-12-31", "F")
	f.Add("passport", "L898902C3", specimenL1+"\n"+specimenL2, "", "")
	f.Add("vn_cccd", "001099012345", "", "1999-01-01", "M")
	f.Add("tz_nida", "19800131-12345-67890-12", "", "", "")
	f.Add("cm_cni", "123456789", "", "", "")
	f.Add("cm_recepisse", "REC/1", "", "", "")
	f.Add("other", "☃", "", "", "")
	f.Fuzz(func(t *testing.T, typ, number, mrz, birth, sex string) {
		doc := IDDocument{Type: typ, Number: number, MRZ: mrz, BirthDate: birth, Sex: sex}
		r := CheckID(doc, testNow)
		if again := CheckID(doc, testNow); !reflect.DeepEqual(r, again) {
			t.Fatalf("not deterministic: %+v vs %+v", r, again)
		}
		numberProblem := false
		for _, p := range r.Problems {
			if !knownIDCodes[p.Code] {
				t.Fatalf("unknown code %q", p.Code)
			}
			if p.Code != ErrIDEnteredDate && p.Code != ErrIDEnteredSex {
				numberProblem = true
			}
		}
		if r.FormatOK == numberProblem {
			t.Fatalf("FormatOK = %v with problems %v", r.FormatOK, r.Problems)
		}
		if r.Verifiable && !oneOf(typ, []string{DocCNResidentID, DocPassport, DocVNCCCD, DocTZNIDA}) {
			t.Fatalf("type %q verifiable", typ)
		}
		if !r.FormatOK {
			return
		}
		switch typ {
		case DocCNResidentID:
			if len(r.Number) != 18 || cnID(r.Number[:17]) != r.Number {
				t.Fatalf("accepted %q", r.Number)
			}
		case DocVNCCCD:
			if len(r.Number) != 12 || !allDigits(r.Number) || !vnProvinces[r.Number[:3]] {
				t.Fatalf("accepted %q", r.Number)
			}
		case DocTZNIDA:
			if len(r.Number) != 20 || !allDigits(r.Number) || r.Decoded.BirthDate == "" {
				t.Fatalf("accepted %q", r.Number)
			}
		}
	})
}
