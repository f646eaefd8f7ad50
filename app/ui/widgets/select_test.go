package widgets

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"tusk/i18n"
)

// TestSelectPlaceholderIsTranslated shows an empty select in each language.
func TestSelectPlaceholderIsTranslated(t *testing.T) {
	test.NewApp()
	t.Cleanup(func() { i18n.SetLanguage(i18n.Default) })
	for code, want := range map[string]string{"en": "(Select one)", "sw": "(Chagua)", "fr": "(Choisissez)", "zh": "（请选择）", "vi": "(Chọn)"} {
		i18n.SetLanguage(code)
		s := NewSelect([]string{"a", "b"}, nil)
		w := test.NewTempWindow(t, s)
		if s.PlaceHolder != want {
			t.Errorf("%s: placeholder %q, want %q", code, s.PlaceHolder, want)
		}
		_ = w
	}
}
