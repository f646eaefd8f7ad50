package cli

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"tusk/app/demo"
	"tusk/app/referral"
)

// demoHome is a home with the demo depot: three open cases.
func demoHome(t *testing.T) string {
	t.Helper()
	home := t.TempDir()
	if code, _, errs := tusk(t, "--home", home, "demo"); code != 0 {
		t.Fatalf("demo: %d %s", code, errs)
	}
	return home
}

// in runs tusk in home, signed in as the demo depot's first supervisor
// for the commands that need a person (the PIN comes on stdin).
func in(t *testing.T, home string, args ...string) (int, string, string) {
	t.Helper()
	pinInput = strings.NewReader(demo.Users[0].PIN + "\n")
	return tusk(t, append([]string{"--home", home, "--user", demo.Users[0].Name}, args...)...)
}

// demoCaseNumbers reads the case list, newest first.
func demoCaseNumbers(t *testing.T, home string) []string {
	t.Helper()
	code, out, errs := in(t, home, "cases", "list")
	if code != 0 {
		t.Fatalf("cases list: %d %s", code, errs)
	}
	var nums []string
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		nums = append(nums, strings.Fields(l)[0])
	}
	return nums
}

// makeSlip makes a slip and returns its payload, read back from the
// store (the CLI prints the slip number, not the payload).
func makeSlip(t *testing.T, home, caseNo, pdf string, extra ...string) string {
	t.Helper()
	code, out, errs := in(t, home, append([]string{"slip", caseNo, "-o", pdf}, extra...)...)
	if code != 0 || !strings.HasPrefix(out, "slip S-") {
		t.Fatalf("slip %s: %d %q %q", caseNo, code, out, errs)
	}
	st, err := openStore(home, false)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	cli, _ := st.CLIActor(t.Context())
	slips, err := st.Slips(t.Context(), cli, caseNo)
	if err != nil || len(slips) == 0 {
		t.Fatalf("slips of %s: %v", caseNo, err)
	}
	return slips[len(slips)-1].Payload
}

func TestReferralCommandsOnAFreshHome(t *testing.T) {
	home := t.TempDir()
	dir := t.TempDir()
	for _, tc := range []struct {
		name string
		args []string
		code int
		msg  string // start of the one stderr line, after "tusk: "
	}{
		{"cases list", []string{"cases", "list"}, 1, "no Tusk database"},
		{"slip", []string{"slip", "C-2026-0001", "-o", filepath.Join(dir, "a.pdf")}, 1, "no Tusk database"},
		{"export", []string{"export", "--case", "C-2026-0001", filepath.Join(dir, "a.json")}, 1, "no Tusk database"},
		{"keys export", []string{"keys", "export", filepath.Join(dir, "k.json")}, 1, "no Tusk database"},
		{"keys rotate", []string{"keys", "rotate"}, 1, "no Tusk database"},
		{"verify, no key known", []string{"verify", "TUSK1:6BFOXN*TS0BI$ZD4N9:9S6RCVN5+O30K3/XIV0W23NTDEPWK G2EP4J0BGJLFX3R3VHXK.PJ:2DPF6R:5SVBHABVCNN95SWMPHQUHQN%A0SOE+QQAB/6TPDHD8SJNM5QS4C"}, 1, "not valid: "},
		{"verify, not a code", []string{"verify", "hello"}, 1, "not valid: not a Tusk referral code"},
		{"cases list, extra", []string{"cases", "list", "x"}, 2, "cases list takes no arguments"},
		{"cases list, bad status", []string{"cases", "list", "--status", "lost"}, 2, "--status must be one of"},
		{"slip, no case", []string{"slip", "-o", "x.pdf"}, 2, "slip needs one CASE"},
		{"slip, no output", []string{"slip", "C-2026-0001"}, 2, "slip needs -o FILE.pdf"},
		{"slip, paper", []string{"slip", "C-1", "-o", "x.pdf", "--paper", "A3"}, 2, "--paper must be A4 or Letter"},
		{"slip, language", []string{"slip", "C-1", "-o", "x.pdf", "--lang", "de"}, 2, "--lang must be one of"},
		{"slip, second", []string{"slip", "C-1", "-o", "x.pdf", "--second", "fr"}, 2, "--second must be en or none"},
		{"slip, unknown option", []string{"slip", "C-1", "-o", "x.pdf", "--colour"}, 2, "unknown option --colour"},
		{"verify, nothing", []string{"verify"}, 2, "verify needs one PAYLOAD"},
		{"export, nothing chosen", []string{"export", "x.json"}, 2, "export needs exactly one of --case"},
		{"export, no file", []string{"export", "--case", "C-1"}, 2, "export needs one FILE"},
		{"keys import, no file", []string{"keys", "import"}, 2, "keys import needs one FILE"},
		{"keys import, missing file", []string{"keys", "import", filepath.Join(dir, "none.json")}, 1, "open "},
		{"keys rotate, extra", []string{"keys", "rotate", "now"}, 2, "keys rotate takes no arguments"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := in(t, home, tc.args...)
			if code != tc.code || out != "" || !strings.HasPrefix(errs, "tusk: "+tc.msg) || strings.Count(errs, "\n") != 1 {
				t.Errorf("exit %d (want %d), stdout %q, stderr %q (want %q)", code, tc.code, out, errs, "tusk: "+tc.msg)
			}
		})
	}
	if code, out, errs := in(t, home, "keys", "list"); code != 0 || out != "" || errs != "no keys\n" {
		t.Errorf("keys list: %d %q %q", code, out, errs)
	}
}

var caseLine = regexp.MustCompile(`^C-\d{4}-\d{4}  open +(amber|red) +[A-Z0-9]+ +\d{4}-\d\d-\d\d \d\d:\d\d  [a-z-]+$`)

func TestCasesListOnDemo(t *testing.T) {
	home := demoHome(t)
	code, out, _ := in(t, home, "cases", "list")
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if code != 0 || len(lines) != 3 {
		t.Fatalf("cases list: %d\n%s", code, out)
	}
	for _, l := range lines {
		if !caseLine.MatchString(l) {
			t.Errorf("case line %q", l)
		}
	}
	// Newest first, and nothing personal.
	if !strings.HasPrefix(lines[0], "C-2026-0003") && !strings.Contains(lines[0], "SF1300000123") {
		t.Errorf("not newest first: %q", lines[0])
	}
	for _, name := range []string{"Zhang", "Juma", "Li Ming", "+86", "4501"} {
		if strings.Contains(out, name) {
			t.Errorf("personal data %q in the case list", name)
		}
	}
	if code, out, errs := in(t, home, "cases", "list", "--status=referred"); code != 0 || out != "" || errs != "no cases\n" {
		t.Errorf("referred: %d %q %q", code, out, errs)
	}
	if code, out, _ := in(t, home, "cases", "list", "--status", "open"); code != 0 || strings.Count(out, "\n") != 3 {
		t.Errorf("open: %d %q", code, out)
	}
}

// TestSlipScanVerify is the police desk's path: the slip's QR code,
// rendered and scanned, verifies, and any one changed character fails.
func TestSlipScanVerify(t *testing.T) {
	home := demoHome(t)
	dir := t.TempDir()
	nums := demoCaseNumbers(t, home)
	var payloads []string
	for i, c := range nums {
		p := makeSlip(t, home, c, filepath.Join(dir, c+".pdf"))
		v := referral.QRVersion(p)
		t.Logf("case %s: payload %d characters, QR version %d at level M", c, len(p), v)
		if v == 0 || v > 12 {
			t.Errorf("case %s: QR version %d, goal 12 or lower", c, v)
		}
		payloads = append(payloads, p)
		if i == 0 {
			if code, _, errs := in(t, home, "slip", c, "-o", filepath.Join(dir, c+".pdf")); code != 1 || !strings.Contains(errs, "exists; use --force") {
				t.Errorf("overwrite: %d %q", code, errs)
			}
		}
	}
	payload := payloads[0]
	code, out, errs := in(t, home, "verify", payload)
	if code != 0 || errs != "" {
		t.Fatalf("verify: %d %q", code, errs)
	}
	for _, want := range []string{"valid referral slip\n", "case       " + nums[0] + "\n", "slip       S-", "depot      DEMO-GZ1\n",
		"stage      held\n", "products   rhino-horn-powder: 200 g\n", "seals      GZ-S-000421\n", ", own key of DEMO-GZ1: "} {
		if !strings.Contains(out, want) {
			t.Errorf("verify output lacks %q:\n%s", want, out)
		}
	}
	// From stdin, as a scanner types it (with Enter; Caps Lock inverts case).
	referralStdin = strings.NewReader(strings.ToLower(payload) + "\r\n")
	t.Cleanup(func() { referralStdin = os.Stdin })
	if code, out2, errs := in(t, home, "verify", "-"); code != 0 || out2 != out {
		t.Errorf("verify -: %d %q", code, errs)
	}
	// Every single-character change fails.
	ring := func() referral.KeyRing {
		st, _ := openStore(home, false)
		defer st.Close()
		r, _ := st.KeyRing(t.Context())
		return *r
	}()
	const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
	for i := range payload {
		b := []byte(payload)
		b[i] = alphabet[(strings.IndexByte(alphabet, b[i])+1)%len(alphabet)]
		if _, _, err := referral.Verify(string(b), ring); err == nil {
			t.Errorf("changed character %d (%q) still verifies", i, b[i])
		}
	}
	for _, i := range []int{0, 7, len(payload) / 2, len(payload) - 1} {
		b := []byte(payload)
		b[i] = alphabet[(strings.IndexByte(alphabet, b[i])+7)%len(alphabet)]
		if code, out, errs := in(t, home, "verify", string(b)); code != 1 || out != "" || !strings.HasPrefix(errs, "tusk: not valid: ") {
			t.Errorf("changed at %d: %d %q", i, code, errs)
		}
	}
	if code, _, errs := in(t, home, "verify", payload[:len(payload)-9]); code != 1 || !strings.HasPrefix(errs, "tusk: not valid: ") {
		t.Errorf("truncated: %d %q", code, errs)
	}

	// The image path: render the page, scan the QR code, verify that text.
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		t.Skip("pdftoppm not installed (poppler-utils)")
	}
	if _, err := exec.LookPath("zbarimg"); err != nil {
		t.Skip("zbarimg not installed (zbar-tools)")
	}
	png := filepath.Join(dir, "page")
	if b, err := exec.Command("pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", filepath.Join(dir, nums[0]+".pdf"), png).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, b)
	}
	pages, _ := filepath.Glob(png + "*.png")
	if len(pages) != 1 {
		t.Fatalf("pages %v", pages)
	}
	scanned, err := exec.Command("zbarimg", "--raw", "-q", pages[0]).Output()
	if err != nil {
		t.Fatalf("zbarimg: %v", err)
	}
	text := strings.TrimRight(string(scanned), "\n")
	if text != payload {
		t.Fatalf("scanned %q, want %q", text, payload)
	}
	if code, out3, _ := in(t, home, "verify", text); code != 0 || out3 != out {
		t.Errorf("verify scanned text: %d", code)
	}
	b := []byte(text)
	b[len(b)/3] = alphabet[(strings.IndexByte(alphabet, b[len(b)/3])+1)%len(alphabet)]
	if code, _, _ := in(t, home, "verify", string(b)); code != 1 {
		t.Errorf("changed scanned text: %d", code)
	}
}

func TestSlipOptionsAndDeterminism(t *testing.T) {
	home := demoHome(t)
	dir := t.TempDir()
	c := demoCaseNumbers(t, home)[1]
	t.Setenv("SOURCE_DATE_EPOCH", "1700000000")
	for _, lang := range []string{"en", "zh", "vi", "sw", "fr"} {
		pdf := filepath.Join(dir, lang+".pdf")
		makeSlip(t, home, c, pdf, "--lang", lang, "--paper", "Letter", "--to", "cn-customs")
		b, err := os.ReadFile(pdf)
		if err != nil || !strings.HasPrefix(string(b), "%PDF-") || !strings.Contains(string(b), "(D:20231114221320)") {
			t.Errorf("%s: not a PDF with the fixed creation date (%v)", lang, err)
		}
	}
	if code, _, errs := in(t, home, "slip", c, "-o", filepath.Join(dir, "x.pdf"), "--to", "tz-police"); code != 1 || !strings.Contains(errs, "no such addressee") {
		t.Errorf("--to unknown: %d %q", code, errs)
	}
	if code, _, errs := in(t, home, "slip", "C-1999-0001", "-o", filepath.Join(dir, "y.pdf")); code != 1 || !strings.Contains(errs, "no such case") {
		t.Errorf("unknown case: %d %q", code, errs)
	}
	t.Setenv("SOURCE_DATE_EPOCH", "soon")
	if code, _, errs := in(t, home, "slip", c, "-o", filepath.Join(dir, "z.pdf")); code != 1 || !strings.Contains(errs, "SOURCE_DATE_EPOCH") {
		t.Errorf("bad SOURCE_DATE_EPOCH: %d %q", code, errs)
	}
}

func TestExportAndVerifyRecord(t *testing.T) {
	home := demoHome(t)
	dir := t.TempDir()
	c := demoCaseNumbers(t, home)[2]
	rec := filepath.Join(dir, "record.json")
	if code, _, errs := in(t, home, "export", "--case", c, rec); code != 1 || !strings.Contains(errs, "no slip was made for this case yet") {
		t.Errorf("export before a slip: %d %q", code, errs)
	}
	payload := makeSlip(t, home, c, filepath.Join(dir, "s.pdf"))
	if code, out, errs := in(t, home, "export", "--case", c, rec); code != 0 || !strings.Contains(out, "written to "+rec) {
		t.Fatalf("export: %d %q %q", code, out, errs)
	}
	if code, _, errs := in(t, home, "export", "--case", c, rec); code != 1 || !strings.Contains(errs, "--force") {
		t.Errorf("export over a file: %d %q", code, errs)
	}
	if code, out, _ := in(t, home, "verify", payload, "--record", rec); code != 0 || !strings.Contains(out, "record.json is the record this slip was made from") {
		t.Errorf("verify --record: %d %q", code, out)
	}
	data, _ := os.ReadFile(rec)
	if !strings.Contains(string(data), `"format":"tusk-case-1"`) || !strings.Contains(string(data), "Wang Xiansheng") {
		t.Errorf("record: %s", data)
	}
	// One byte changed inside a name: the record no longer matches.
	bad := []byte(strings.Replace(string(data), "Wang Xiansheng", "Wang Xiansheny", 1))
	badFile := filepath.Join(dir, "bad.json")
	os.WriteFile(badFile, bad, 0o644)
	if code, out, errs := in(t, home, "verify", payload, "--record", badFile); code != 1 || out != "" || !strings.Contains(errs, "not valid: "+badFile+": the case record does not match") {
		t.Errorf("changed record: %d %q", code, errs)
	}
	// Another copy is the same slip: same code, same record.
	if again := makeSlip(t, home, c, filepath.Join(dir, "s-copy.pdf"), "--lang", "zh"); again != payload {
		t.Errorf("a copy in Chinese has another code")
	}
	if code, _, errs := in(t, home, "slip", c, "-o", filepath.Join(dir, "s2.pdf"), "--reissue", " "); code != 2 || !strings.Contains(errs, "reason") {
		t.Errorf("--reissue without a reason: %d %q", code, errs)
	}
	// The record of a re-issued slip of the same case does not match the
	// first, and Verify of the first names the slip in force.
	second := makeSlip(t, home, c, filepath.Join(dir, "s2.pdf"), "--reissue", "seal number corrected")
	in(t, home, "export", "--case", c, rec, "--force")
	if code, _, _ := in(t, home, "verify", payload, "--record", rec); code != 1 {
		t.Errorf("the second slip's record matched the first slip: %d", code)
	}
	secondNo := regexp.MustCompile(`S-\d{4}-\d{4}`).FindString(string(mustRead(t, rec)))
	if code, out, _ := in(t, home, "verify", payload); code != 0 || !strings.Contains(out, "replaced by slip "+secondNo) || second == payload {
		t.Errorf("verify of the replaced slip: %d %q", code, out)
	}
	if code, _, errs := in(t, home, "export", "--case", "C-1999-0001", filepath.Join(dir, "n.json")); code != 1 || !strings.Contains(errs, "no such case") {
		t.Errorf("unknown case: %d %q", code, errs)
	}
	// Audited with the name of the supervisor who signed in.
	st, _ := openStore(home, false)
	defer st.Close()
	es, _ := st.AuditFor(t.Context(), "case:"+c, 100)
	var got []string
	for _, e := range es {
		got = append(got, e.ActorName+":"+e.Action)
	}
	if s := strings.Join(got, ","); !strings.Contains(s, "Amina Juma:slip.make") || !strings.Contains(s, "Amina Juma:case.export") {
		t.Errorf("audit: %s", s)
	}
}

func TestKeysRotateImportExport(t *testing.T) {
	home := demoHome(t)
	other := demoHome(t)
	dir := t.TempDir()
	c := demoCaseNumbers(t, home)[0]
	oldPayload := makeSlip(t, home, c, filepath.Join(dir, "old.pdf"))

	code, out, _ := in(t, home, "keys", "rotate")
	m := regexp.MustCompile(`^old key: ([0-9A-F ]{19}) \(kept to verify earlier slips\)\nnew key: ([0-9A-F ]{19}) \(`).FindStringSubmatch(out)
	if code != 0 || m == nil || m[1] == m[2] {
		t.Fatalf("rotate: %d %q", code, out)
	}
	if code, out, _ := in(t, home, "verify", oldPayload); code != 0 || !strings.Contains(out, m[1]+", rotated key of DEMO-GZ1") {
		t.Errorf("old slip after rotation: %d %q", code, out)
	}
	newPayload := makeSlip(t, home, c, filepath.Join(dir, "new.pdf"), "--reissue", "signed again with the new key")
	if code, out, _ := in(t, home, "verify", newPayload); code != 0 || !strings.Contains(out, m[2]+", own key") {
		t.Errorf("new slip: %d %q", code, out)
	}
	if code, out, _ := in(t, home, "keys", "list"); code != 0 || !strings.HasPrefix(out, m[2]+"  own ") || !strings.Contains(out, m[1]+"  rotated ") {
		t.Errorf("keys list: %q", out)
	}

	// Another depot's slips verify here once its key is imported.
	otherCase := demoCaseNumbers(t, other)[0]
	otherPayload := makeSlip(t, other, otherCase, filepath.Join(dir, "other.pdf"))
	if code, _, errs := in(t, home, "verify", otherPayload); code != 1 || !strings.Contains(errs, "not trusted here") {
		t.Errorf("foreign slip before import: %d %q", code, errs)
	}
	keyFile := filepath.Join(dir, "other.key.json")
	if code, out, _ := in(t, other, "keys", "export", keyFile); code != 0 || !strings.HasPrefix(out, "public key ") {
		t.Fatalf("keys export: %d %q", code, out)
	}
	if code, _, errs := in(t, other, "keys", "export", keyFile); code != 1 || !strings.Contains(errs, "--force") {
		t.Errorf("keys export over a file: %d %q", code, errs)
	}
	if code, out, _ := in(t, home, "keys", "import", keyFile); code != 0 || !strings.HasPrefix(out, "imported key ") {
		t.Fatalf("keys import: %d %q", code, out)
	}
	if code, out, _ := in(t, home, "verify", otherPayload); code != 0 || !strings.Contains(out, ", foreign key of DEMO-GZ1") {
		t.Errorf("foreign slip after import: %d %q", code, out)
	}
	// A police desk with a fresh home imports the key and verifies.
	desk := t.TempDir()
	if code, _, errs := in(t, desk, "keys", "import", keyFile); code != 0 {
		t.Fatalf("desk import: %d %q", code, errs)
	}
	if code, _, _ := in(t, desk, "verify", otherPayload); code != 0 {
		t.Errorf("desk verify: %d", code)
	}

	// Bad key files: one line each, exit 1.
	raw, _ := os.ReadFile(keyFile)
	tampered := filepath.Join(dir, "tampered.json")
	fp := regexp.MustCompile(`[0-9A-F]{4} [0-9A-F]{4}`).FindString(string(raw))
	os.WriteFile(tampered, []byte(strings.Replace(string(raw), fp, "0000 0000", 1)), 0o644)
	notKey := filepath.Join(dir, "notkey.json")
	os.WriteFile(notKey, []byte(`{"hello": 1}`), 0o644)
	ownFile := filepath.Join(dir, "own.json")
	in(t, home, "keys", "export", ownFile)
	for _, tc := range []struct{ file, msg string }{
		{tampered, "fingerprint does not match"},
		{notKey, "not a valid Tusk public key file"},
		{ownFile, "this depot's own key"},
	} {
		code, out, errs := in(t, home, "keys", "import", tc.file)
		if code != 1 || out != "" || !strings.HasPrefix(errs, "tusk: "+tc.file+": ") || !strings.Contains(errs, tc.msg) || strings.Count(errs, "\n") != 1 {
			t.Errorf("import %s: %d %q", filepath.Base(tc.file), code, errs)
		}
	}
}

// TestVerifyOmitted: a slip whose record does not fit whole in the QR code
// says how many products, seals and photos are only in the case record,
// and --record proves the full lists.
func TestVerifyOmitted(t *testing.T) {
	desk, dir := t.TempDir(), t.TempDir()
	pub, priv, err := referral.NewKey()
	if err != nil {
		t.Fatal(err)
	}
	keyFile := filepath.Join(dir, "depot.key.json")
	b, err := referral.ExportPublicKey(referral.KeyInfo{Depot: "GZBY07", Label: "test", Public: pub, Created: time.Unix(1700000000, 0)})
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(keyFile, b, 0o644)
	if code, _, errs := in(t, desk, "keys", "import", keyFile); code != 0 {
		t.Fatalf("import: %d %q", code, errs)
	}
	rec := referral.CaseRecord{
		Format: referral.RecordFormat, CaseNo: "C-2026-0042", SlipNo: "S-2026-0007",
		Stage: referral.StageReferred, IssuedAt: time.Date(2026, 11, 23, 6, 5, 0, 0, time.UTC), Language: "en",
		Depot:      referral.Depot{Code: "GZBY07", Name: "Baiyun Sorting Centre 7"},
		Inspector:  referral.Officer{ID: "u0007"},
		Supervisor: referral.Officer{ID: "u0002"},
	}
	for i, id := range []string{"ivory-carving", "pangolin-scales", "rhino-horn-powder", "tiger-bone", "helmeted-hornbill-casque", "hawksbill-worked"} {
		rec.Findings.Products = append(rec.Findings.Products, referral.FoundProduct{CardID: id, Count: i + 1, Grams: 100 * (i + 1)})
	}
	for i := range 4 {
		rec.Evidence.Seals = append(rec.Evidence.Seals, fmt.Sprintf("SF-TB-0041287%d", i+1))
	}
	for i := range 8 {
		rec.Evidence.Photos = append(rec.Evidence.Photos, referral.Photo{Name: fmt.Sprintf("IMG_%d.jpg", i), SHA256: referral.PhotoSHA256([]byte{byte(i)})})
	}
	claims, err := rec.Claims()
	if err != nil {
		t.Fatal(err)
	}
	payload, err := referral.SignFit(claims, priv)
	if err != nil {
		t.Fatal(err)
	}
	var ring referral.KeyRing
	ring.Add(referral.KeyInfo{Depot: "GZBY07", Kind: referral.KeyForeign, Public: pub})
	c, _, err := referral.Verify(payload, ring)
	if err != nil || c.PhotosOmitted == 0 || c.SealsOmitted == 0 {
		t.Fatalf("fitted claims %+v, %v", c, err)
	}
	code, out, errs := in(t, desk, "verify", payload)
	if code != 0 {
		t.Fatalf("verify: %d %q", code, errs)
	}
	for _, want := range []string{
		fmt.Sprintf("products   6 (%d in the code, %d more in the case record)\n           ivory-carving: 1 items, 100 g\n", len(c.Products), c.ProductsOmitted),
		"seals      4 (0 in the code, 4 more in the case record)\n",
		"photos     8 (0 in the code, 8 more in the case record)\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("verify output lacks %q:\n%s", want, out)
		}
	}
	recFile := filepath.Join(dir, "record.json")
	os.WriteFile(recFile, referral.CanonicalJSON(rec), 0o644)
	if code, out, errs := in(t, desk, "verify", payload, "--record", recFile); code != 0 ||
		!strings.Contains(out, "record.json is the record this slip was made from; it holds all 6 products, 4 seals and 8 photos\n") {
		t.Errorf("verify --record: %d %q %q", code, out, errs)
	}
	// Another record (one photo fewer) does not match the code.
	rec.Evidence.Photos = rec.Evidence.Photos[:7]
	os.WriteFile(recFile, referral.CanonicalJSON(rec), 0o644)
	if code, _, errs := in(t, desk, "verify", payload, "--record", recFile); code != 1 || !strings.Contains(errs, "the case record does not match") {
		t.Errorf("verify --record with other totals: %d %q", code, errs)
	}
}

func TestPrintClaimsOmitted(t *testing.T) {
	var b strings.Builder
	c := referral.Claims{CaseNo: "C-1", SlipNo: "S-1", Stage: referral.StageHeld, IssuedAt: time.Unix(0, 0),
		Seals: []string{"A", "B"}, SealsOmitted: 1, Photos: make([][]byte, 5), PhotosOmitted: 3}
	printClaims(&b, c, referral.KeyInfo{})
	for _, want := range []string{"products   none\n", "seals      3 (2 in the code, 1 more in the case record): A, B\n",
		"photos     8 (5 in the code, 3 more in the case record)\n"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, b.String())
		}
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
