package fynelang

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"tusk/i18n"
)

// TestKeysCoverFyne fails when the Fyne module in use looks up a key that
// Keys lacks (a Fyne upgrade added words), or when Tusk has no translation.
func TestKeysCoverFyne(t *testing.T) {
	for _, k := range Keys {
		if !i18n.HasKey(TuskKey(k)) {
			t.Errorf("Fyne's %q has no Tusk key %s", k, TuskKey(k))
		}
	}
	if !i18n.HasKey("fyne.select_one") {
		t.Error("no fyne.select_one")
	}
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "fyne.io/fyne/v2").Output()
	if err != nil {
		t.Skipf("cannot find the Fyne module: %v", err)
	}
	data, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(out)), "lang", "translations", "base.en.json"))
	if err != nil {
		t.Skipf("no Fyne base translations: %v", err)
	}
	var base map[string]json.RawMessage
	if err := json.Unmarshal(data, &base); err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, k := range Keys {
		have[k] = true
	}
	var missing []string
	for k := range base {
		if !have[k] {
			missing = append(missing, k)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("Fyne looks up keys Tusk does not translate: %v", missing)
	}
}

// TestApplyWhateverTheSystemLocale switches Fyne's words to each language
// under several operating-system locales, including ones Fyne ships its own
// translations for (de, fr, zh) and none at all (C).
func TestApplyWhateverTheSystemLocale(t *testing.T) {
	want := map[string][3]string{ // Cancel, Yes, file.name
		"en": {"Cancel", "Yes", "Name"},
		"zh": {"取消", "是", "名称"},
		"vi": {"Hủy", "Có", "Tên"},
		"sw": {"Ghairi", "Ndiyo", "Jina"},
		"fr": {"Annuler", "Oui", "Nom"},
	}
	for _, sys := range []string{"", "C", "C.UTF-8", "POSIX", "en_US.UTF-8", "de_DE.UTF-8", "zh_CN.UTF-8", "fr_FR.UTF-8", "sw_TZ.UTF-8", "vi_VN.UTF-8"} {
		t.Run("LANG="+sys, func(t *testing.T) {
			t.Setenv("LC_ALL", "")
			t.Setenv("LC_MESSAGES", "")
			t.Setenv("LANGUAGE", "")
			t.Setenv("LANG", sys)
			for _, code := range []string{"sw", "fr", "zh", "vi", "en", "sw"} {
				if err := Apply(code); err != nil {
					t.Fatal(err)
				}
				w := want[code]
				got := [3]string{lang.L("Cancel"), lang.L("Yes"), lang.X("file.name", "Name")}
				if got != w {
					t.Errorf("%s: got %q, want %q", code, got, w)
				}
			}
		})
	}
}

// texts collects what a user can read in the top overlay: labels, buttons
// and entry placeholders.
func texts(t *testing.T, o fyne.CanvasObject, out map[string]bool) {
	switch x := o.(type) {
	case *widget.Button:
		out[x.Text] = true
	case *widget.Label:
		out[x.Text] = true
	case *widget.Entry:
		out[x.PlaceHolder] = true
	case *widget.Check:
		out[x.Text] = true
	}
	if w, ok := o.(fyne.Widget); ok {
		for _, c := range test.TempWidgetRenderer(t, w).Objects() {
			texts(t, c, out)
		}
	}
	if c, ok := o.(*fyne.Container); ok {
		for _, c := range c.Objects {
			texts(t, c, out)
		}
	}
}

// TestDialogsSpeakTheUsersLanguage shows Fyne's confirm and save dialogs
// after a switch of Tusk's language and reads their buttons.
func TestDialogsSpeakTheUsersLanguage(t *testing.T) {
	a := test.NewApp()
	t.Cleanup(func() { test.NewApp() })
	_ = a
	Install()
	t.Cleanup(func() { i18n.SetLanguage(i18n.Default) })
	w := test.NewWindow(widget.NewLabel(""))
	w.Resize(fyne.NewSize(900, 700))
	defer w.Close()

	for code, want := range map[string][]string{
		"sw": {"Ndiyo", "Hapana"},
		"fr": {"Oui", "Non"},
		"zh": {"是", "否"},
	} {
		i18n.SetLanguage(code)
		d := dialog.NewConfirm("?", "?", func(bool) {}, w)
		d.Show()
		seen := map[string]bool{}
		texts(t, w.Canvas().Overlays().Top(), seen)
		d.Hide()
		for _, s := range want {
			if !seen[s] {
				t.Errorf("%s confirm dialog: no %q among %v", code, s, keys(seen))
			}
		}
	}

	dir := t.TempDir()
	for code, want := range map[string][]string{
		"sw": {"Hifadhi", "Ghairi", "Hifadhi faili", "Andika jina la faili"},
		"fr": {"Enregistrer", "Annuler", "Enregistrer le fichier", "Saisissez un nom de fichier"},
	} {
		i18n.SetLanguage(code)
		d := dialog.NewFileSave(func(fyne.URIWriteCloser, error) {}, w)
		if l, err := storage.ListerForURI(storage.NewFileURI(dir)); err == nil {
			d.SetLocation(l)
		}
		d.Show()
		seen := map[string]bool{}
		texts(t, w.Canvas().Overlays().Top(), seen)
		d.Hide()
		for _, s := range want {
			if !seen[s] {
				t.Errorf("%s save dialog: no %q among %v", code, s, keys(seen))
			}
		}
	}
}

func keys(m map[string]bool) []string {
	var out []string
	for k := range m {
		if k != "" {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}
