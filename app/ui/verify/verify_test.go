package verify

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"tusk/app/referral"
	"tusk/app/store"
	"tusk/i18n"
)

// TestVerifyShowsOmitted: a slip whose code leaves photos and seals out
// says, in the user's language, how many more are in the case record.
func TestVerifyShowsOmitted(t *testing.T) {
	h := newHarness(t, "sw") // an inspector who works in Swahili
	if i18n.CurrentLang() != "sw" {
		t.Fatalf("language %q, want sw", i18n.CurrentLang())
	}
	rec := referral.CaseRecord{
		Format: referral.RecordFormat, CaseNo: "C-2026-0042", SlipNo: "S-2026-0007",
		Stage: referral.StageReferred, IssuedAt: time.Date(2026, 11, 23, 6, 5, 0, 0, time.UTC),
		Depot: referral.Depot{Code: "TZ-ARU1"}, Inspector: referral.Officer{ID: "2"},
	}
	rec.Findings.Products = []referral.FoundProduct{{CardID: "pangolin-scales", Count: 0, Grams: 4200}}
	for i := range 4 {
		rec.Evidence.Seals = append(rec.Evidence.Seals, fmt.Sprintf("SF-TB-0041287%d", i))
	}
	for i := range 8 {
		rec.Evidence.Photos = append(rec.Evidence.Photos, referral.Photo{Name: fmt.Sprint(i), SHA256: referral.PhotoSHA256([]byte{byte(i)})})
	}
	claims, err := rec.Claims()
	if err != nil {
		t.Fatal(err)
	}
	// The slip comes from another depot whose key this one trusts (this
	// depot's own slips are also checked against its slip register).
	other, err := store.Open(bg, filepath.Join(t.TempDir(), store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	osup, err := other.Setup(bg, store.Depot{Code: "TZ-ARU1", Name: "Arusha", Country: "TZ", Language: "sw"},
		store.NewUser{Name: "Neema", PIN: "246810"})
	if err != nil {
		t.Fatal(err)
	}
	payload, _, err := other.SignClaims(bg, osup, claims) // fits the code with SignFit
	if err != nil {
		t.Fatal(err)
	}
	okey, _ := other.OwnKey(bg)
	cli, _ := h.st.CLIActor(bg)
	if err := h.st.ImportKey(bg, cli, okey); err != nil {
		t.Fatal(err)
	}
	if v := referral.QRVersion(payload); v > referral.MaxQRVersion {
		t.Errorf("QR version %d", v)
	}
	v := h.s
	test.Type(v.payload, payload)
	test.Tap(v.check)
	if !v.valid {
		t.Fatalf("refused: %q", v.result.Text)
	}
	sw := i18n.New("sw")
	if !strings.Contains(v.details.Text, sw.T("verify.listed.photos")+": 8 (") || !strings.Contains(v.details.Text, "zaidi kwenye rekodi ya kesi") {
		t.Errorf("details do not say that photos are left out:\n%s", v.details.Text)
	}
	// The count was not recorded: left out, not shown as "· 0 ·".
	if !strings.Contains(v.details.Text, "· 4200 g") || strings.Contains(v.details.Text, "· 0 ·") {
		t.Errorf("product line:\n%s", v.details.Text)
	}
	if strings.Contains(v.details.Text, "verify.listed") || strings.Contains(v.details.Text, "in the code") {
		t.Errorf("untranslated text:\n%s", v.details.Text)
	}
}

// TestVerifyRefusesGarbage: what a scanner types into the focused field,
// then Enter, is checked; a broken code is refused in the user's words.
func TestVerifyRefusesGarbage(t *testing.T) {
	h := newHarness(t, "en")
	f := h.w.Canvas().Focused()
	if f != h.s.payload {
		t.Fatalf("focus on %T", f)
	}
	test.Type(f, "TUSK1:NOT-A-SLIP")
	f.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if h.s.valid || !strings.HasPrefix(h.s.result.Text, "Not valid") || strings.Contains(h.s.result.Text, "referral.") {
		t.Errorf("garbage: valid %v, %q", h.s.valid, h.s.result.Text)
	}
}
