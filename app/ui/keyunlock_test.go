package ui

import (
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"tusk/app/store"
)

// TestSealedKeyUnlocksInTheWindow: with the signing key sealed by a
// passphrase, referring a case asks for the passphrase instead of failing
// with "key is sealed"; a wrong one is refused in the dialog, the right
// one (Enter) signs the slip. Locking the window forgets it, and the
// minute's outbox then waits with a clear status instead of failing.
func TestSealedKeyUnlocksInTheWindow(t *testing.T) {
	h := newHarness(t)
	number := h.heldCase()
	sup := mustUser(t, h, "Amina Juma")
	const pass = "correct horse battery"
	if err := h.st.SetKeyPassphrase(bg, sup, "", pass); err != nil {
		t.Fatal(err)
	}
	h.st.LockKey() // as after a restart: sealed, not unlocked
	outbox := t.TempDir()
	if err := h.st.SetSetting(bg, sup, store.SettingOutbox, outbox); err != nil {
		t.Fatal(err)
	}
	h.u.Start()
	h.signIn("Amina Juma", "246810")
	test.Tap(h.u.shell.nav[navCases])
	h.u.cases.Open(number)
	h.tapButton("Refer to police") // the decision
	h.tapButton("Refer to police") // its confirmation

	k := h.u.keyDlg
	if k == nil || k.dlg.Closed() {
		t.Fatal("no passphrase dialog")
	}
	if h.slipsKept() != 0 {
		t.Fatal("slip made before the key was unlocked")
	}
	enter := &fyne.KeyEvent{Name: fyne.KeyReturn}
	test.Type(k.pass, "wrong passphrase")
	k.pass.TypedKey(enter)
	if k.dlg.Closed() || !strings.Contains(k.problem.Text, "Wrong passphrase") {
		t.Fatalf("wrong passphrase: closed %v, %q", k.dlg.Closed(), k.problem.Text)
	}
	test.Type(k.pass, pass)
	k.pass.TypedKey(enter)
	if !k.dlg.Closed() {
		t.Fatalf("right passphrase left the dialog open: %q", k.problem.Text)
	}
	if h.slipsKept() != 1 {
		t.Fatal("no slip after unlocking")
	}
	if !h.st.KeyUnlocked(bg) {
		t.Fatal("the key is not kept for the session")
	}

	// Esc cancels: the slip form asks again, nothing is made.
	h.u.Lock()
	if h.st.KeyUnlocked(bg) {
		t.Fatal("the unsealed key outlived the lock")
	}
	h.u.sendBundles(store.ExchangeActor())
	if !strings.Contains(h.u.exch.Sent(), "Waiting for the signing key") {
		t.Errorf("outbox status while locked: %q", h.u.exch.Sent())
	}
	if ents, _ := os.ReadDir(outbox); len(ents) != 0 {
		t.Errorf("outbox written while the key was locked: %d files", len(ents))
	}
	h.signIn("Amina Juma", "246810")
	test.Tap(h.u.shell.nav[navCases])
	h.u.cases.Open(number)
	h.tapButton("Print")
	k = h.u.keyDlg
	if k == nil || k.dlg.Closed() {
		t.Fatal("print did not ask for the passphrase")
	}
	k.pass.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if !k.dlg.Closed() || h.st.KeyUnlocked(bg) {
		t.Fatal("Esc did not cancel the passphrase dialog")
	}

	// Unlocked, the outbox sends again.
	if err := h.st.UnlockKey(bg, pass); err != nil {
		t.Fatal(err)
	}
	h.u.sendBundles(store.ExchangeActor())
	if strings.Contains(h.u.exch.Sent(), "Waiting") {
		t.Errorf("outbox still waiting after unlock: %q", h.u.exch.Sent())
	}
	if ents, _ := os.ReadDir(outbox); len(ents) == 0 {
		t.Error("no bundle in the outbox after unlock")
	}
}
