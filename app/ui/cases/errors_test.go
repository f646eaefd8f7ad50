package cases

import (
	"context"
	"errors"
	"testing"

	"fyne.io/fyne/v2/test"

	"tusk/app/store"
)

// faultyStore fails the calls named in fail, as a full disk or a broken
// database would.
type faultyStore struct {
	steadyStore
	fail map[string]bool
}

var errDisk = errors.New("disk I/O error")

func (f faultyStore) Setting(ctx context.Context, key string) (string, error) {
	if f.fail["Setting"] {
		return "", errDisk
	}
	return f.steadyStore.Setting(ctx, key)
}

// TestSensitiveAddresseeFailsClosed: when the sensitive case's alternate
// addressee cannot be read, the referral offers no addressee (not the
// usual one) and says so.
func TestSensitiveAddresseeFailsClosed(t *testing.T) {
	h := newHarness(t)
	number := h.heldCase()
	if _, err := h.st.DecideCase(bg, h.users["Amina Juma"], number, store.CaseDecision{Kind: store.KindSensitive, Sensitive: true, Reason: "seal reused"}); err != nil {
		t.Fatal(err)
	}
	h.s.d.Store = faultyStore{steadyStore{h.st}, map[string]bool{"Setting": true}}
	s := h.open("Amina Juma")
	s.openCase(number)
	test.Tap(s.view.buttons[store.KindRefer])
	if !s.view.to.Disabled() || len(s.view.toIDs) != 0 || !s.view.fields["addressee"].Err.Visible() {
		t.Fatalf("addressees offered without the sensitive setting: %v", s.view.toIDs)
	}
	test.Tap(s.view.confirm)
	if s.view.cs.Status == "referred" {
		t.Error("referred without an addressee")
	}
}
