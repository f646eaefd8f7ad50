package dialogs

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"tusk/app/ui/uitest"
	"tusk/i18n"
)

func TestSafeName(t *testing.T) {
	for _, tc := range []struct {
		ext   string
		parts []string
		want  string
	}{
		{"pdf", []string{"C-2026-0042", "slip", "zh"}, "C-2026-0042-slip-zh.pdf"},
		{"zip", []string{"C-2026/0042", "expert"}, "C-2026_0042-expert.zip"},
		{"pdf", []string{"../../etc/passwd"}, "_.._etc_passwd.pdf"},
		{"csv", []string{"案件", "", " en "}, "__-en.csv"},
		{"pdf", []string{"..."}, "tusk.pdf"},
	} {
		if got := SafeName(tc.ext, tc.parts...); got != tc.want {
			t.Errorf("SafeName(%q, %q) = %q, want %q", tc.ext, tc.parts, got, tc.want)
		}
	}
}

// saveIn opens the dialog in dir, proposing name; saved records what was
// written where.
func saveIn(t *testing.T, m *Manager, dir, name string, saved *[]string) *SaveDialog {
	t.Helper()
	return SaveFile(m, SaveRequest{Title: "Save the slip", Kind: "slip", Name: name, Dir: dir, Save: func(path string) error {
		*saved = append(*saved, path)
		return os.WriteFile(path, []byte("new"), 0o600)
	}})
}

// Typing a name and Enter saves there; the extension is kept, and the
// folder is proposed for the next file of the kind.
func TestSaveTypeNameEnterSaves(t *testing.T) {
	w, m := newWindow(t)
	dir := t.TempDir()
	var saved []string
	s := saveIn(t, m, dir, "C-2026-0042-slip-en.pdf", &saved)
	if w.Canvas().Focused() != s.name {
		t.Fatalf("the name field has not the keyboard: %T", w.Canvas().Focused())
	}
	if s.Name().Text != "C-2026-0042-slip-en.pdf" || s.Dir() != dir {
		t.Errorf("proposed %q in %q", s.Name().Text, s.Dir())
	}
	s.Name().SetText("")
	test.Type(s.name, "for-police")
	press(w.Canvas(), fyne.KeyReturn)
	want := filepath.Join(dir, "for-police.pdf")
	if !slices.Equal(saved, []string{want}) || s.Path != want || !s.Closed() || m.Open() != 0 {
		t.Fatalf("saved %v, path %q, closed %v", saved, s.Path, s.Closed())
	}
	// The next slip starts in the same folder.
	next := SaveFile(m, SaveRequest{Title: "Save the slip", Kind: "slip", Name: "x.pdf", Save: func(string) error { return nil }})
	if next.Dir() != dir {
		t.Errorf("next slip starts in %q, want %q", next.Dir(), dir)
	}
}

// A name already taken asks first, naming the file; Esc keeps the old file
// and the dialog, Enter replaces.
func TestSaveExistingFileAsks(t *testing.T) {
	w, m := newWindow(t)
	dir := t.TempDir()
	old := filepath.Join(dir, "tusk.log")
	if err := os.WriteFile(old, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	var saved []string
	s := saveIn(t, m, dir, "tusk.log", &saved)
	press(w.Canvas(), fyne.KeyReturn)
	q := s.Replacing()
	if q == nil || len(saved) != 0 {
		t.Fatalf("no question before replacing: saved %v", saved)
	}
	top := w.Canvas().Overlays().Top()
	if msg := strings.Join(texts(top), " "); !strings.Contains(msg, "“tusk.log”") || !strings.Contains(msg, "Replace") {
		t.Errorf("the question does not name the file: %q", msg)
	}
	press(w.Canvas(), fyne.KeyEscape)
	if b, _ := os.ReadFile(old); string(b) != "old" || s.Closed() || s.Replacing() != nil {
		t.Fatalf("Esc on the question: file %q, dialog closed %v", b, s.Closed())
	}
	press(w.Canvas(), fyne.KeyReturn)
	press(w.Canvas(), fyne.KeyReturn)
	if b, _ := os.ReadFile(old); string(b) != "new" || !s.Closed() {
		t.Errorf("Enter on the question: file %q, dialog closed %v", b, s.Closed())
	}
}

// Esc cancels and writes nothing.
func TestSaveEscCancels(t *testing.T) {
	w, m := newWindow(t)
	dir := t.TempDir()
	var saved []string
	s := saveIn(t, m, dir, "C-1-slip-en.pdf", &saved)
	press(w.Canvas(), fyne.KeyEscape)
	if !s.Closed() || len(saved) != 0 || m.Open() != 0 {
		t.Errorf("Esc: closed %v, saved %v", s.Closed(), saved)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("files written: %v", ents)
	}
}

// Only folders are listed, so no click can put another file's name in the
// field; a folder opens with one click and the name stays.
func TestSaveListsFoldersOnly(t *testing.T) {
	w, m := newWindow(t)
	dir := t.TempDir()
	for _, d := range []string{"slips", "Archive", ".hidden"} {
		if err := os.Mkdir(filepath.Join(dir, d), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "tusk.log"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	var saved []string
	s := saveIn(t, m, dir, "C-1-slip-en.pdf", &saved)
	if got := s.Folders(); !slices.Equal(got, []string{"Archive", "slips"}) {
		t.Fatalf("listed %v", got)
	}
	s.list.Select(1)
	if s.Dir() != filepath.Join(dir, "slips") || s.Name().Text != "C-1-slip-en.pdf" {
		t.Errorf("after a click: in %q, name %q", s.Dir(), s.Name().Text)
	}
	test.Tap(s.up)
	if s.Dir() != dir {
		t.Errorf("Up: %q", s.Dir())
	}
	// A bad name is refused at the field.
	s.Name().SetText("../x.pdf")
	press(w.Canvas(), fyne.KeyReturn)
	if !s.problem.Visible() || len(saved) != 0 || s.Closed() {
		t.Errorf("bad name: problem %q, saved %v", s.problem.Text, saved)
	}
}

// The dialog speaks the user's language.
func TestSaveInUsersLanguage(t *testing.T) {
	i18n.SetLanguage("zh")
	t.Cleanup(func() { i18n.SetLanguage(i18n.Default) })
	w, m := newWindow(t)
	var saved []string
	s := saveIn(t, m, t.TempDir(), "a.pdf", &saved)
	msg := strings.Join(texts(w.Canvas().Overlays().Top()), " ")
	for _, want := range []string{"文件夹", "文件名", "保存", "上一级"} {
		if !strings.Contains(msg, want) {
			t.Errorf("no %q in %q", want, msg)
		}
	}
	s.dlg.Hide()
}

// texts are the visible texts under o.
func texts(o fyne.CanvasObject) []string { return uitest.Texts(o) }
