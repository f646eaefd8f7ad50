package cards

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"tusk/app/sop"
	"tusk/app/store"
	"tusk/data"
)

// failingAudit is a store whose audit trail cannot be written (a full
// disk, a locked database).
type failingAudit struct{ err error }

func (f failingAudit) Audit(context.Context, *store.User, string, string, string) error { return f.err }

// The code word and its audit entry are one action. When the audit entry
// cannot be written the trainer sees why, the dialog stays open with the
// word, and the pack is as it was: no word, no exported pack folder.
// Before, the word was saved and the audit's error dropped.
func TestCodeWordNotSavedWhenItsAuditFails(t *testing.T) {
	h := newHarness(t)
	h.store = failingAudit{errors.New("disk I/O error")}
	s := h.openCards("Nguyen Thi Lan")
	s.showAddWord()
	f := s.addWord
	test.Type(f.word, "bluewater jade")
	f.card.SetSelectedIndex(indexOf(f.cardIDs, "helmeted-hornbill-carving"))
	test.Tap(f.save)
	if !strings.Contains(f.message.Text, "disk I/O error") {
		t.Errorf("the trainer is not told why: %q", f.message.Text)
	}
	if f.dlg.Closed() || h.w.Canvas().Overlays().Top() == nil {
		t.Error("the dialog closed as if the word were saved")
	}
	dir := filepath.Join(h.home, "pack")
	if sop.HasOverride(dir) {
		t.Error("the pack folder was left exported")
	}
	if _, err := os.Stat(filepath.Join(dir, "codewords.json")); err == nil {
		t.Error("codewords.json left with the word")
	}
	if hits := h.live.Current().Search("bluewater", "en", sop.Filter{}); len(hits) > 0 || h.changed > 0 {
		t.Errorf("the word is shown: %v, %d reloads", hits, h.changed)
	}
}

// With a pack folder already edited, a failed audit puts its code words
// file back byte for byte.
func TestFailedAuditRestoresTheEditedPack(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "pack")
	if err := sop.Export(data.FS, dir); err != nil {
		t.Fatal(err)
	}
	trainer := &store.User{Name: "Nguyen Thi Lan", Role: store.Trainer, Active: true}
	w := sop.NewCodeWord{Text: "first word", Lang: "en", Cards: []string{"helmeted-hornbill-carving"}, Meaning: sop.Text{"en": "hornbill", "zh": "盔犀鸟", "vi": "hồng hoàng", "sw": "hondohondo", "fr": "calao"}, AddedBy: "Nguyen Thi Lan 2026-12-03"}
	if _, err := addWord(context.Background(), failingAudit{}, trainer, dir, w); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(filepath.Join(dir, "codewords.json"))
	w.Text = "second word"
	if _, err := addWord(context.Background(), failingAudit{errors.New("database is locked")}, trainer, dir, w); err == nil {
		t.Fatal("no error")
	}
	after, _ := os.ReadFile(filepath.Join(dir, "codewords.json"))
	if string(after) != string(before) || !sop.HasOverride(dir) {
		t.Errorf("codewords.json changed:\n%s", after)
	}
	// Someone without the right to edit the pack is refused, and nothing
	// is written.
	inspector := &store.User{Name: "Neema Mushi", Role: store.Inspector, Active: true}
	if _, err := addWord(context.Background(), failingAudit{}, inspector, dir, w); !errors.Is(err, store.ErrForbidden) {
		t.Errorf("an inspector's word: %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "codewords.json")); string(b) != string(before) {
		t.Error("an inspector's word was written")
	}
}
