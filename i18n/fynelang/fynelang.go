// Package fynelang puts Fyne's own words (the Yes/No/OK/Cancel of its
// dialogs, the file dialog, the entry's Cut/Copy/Paste menu, weekday names)
// into the signed-in user's language.
//
// Fyne has no API to choose its language: it follows the operating system's
// locale, and re-reads it each time translations are added. So Apply
// registers the chosen language's words under the system locale's own tag,
// with every key Fyne uses, so that tag resolves to them completely. A
// later Apply overwrites them. The words live in Tusk's translation files
// (translations/fyne.<lang>.json), checked like every other string.
//
// What this cannot reach: the Select widget's "(Select one)" is a constant in
// Fyne, not a translation (screens set PlaceHolder to SelectOne()), and the
// file dialog's place names (Home, Computer, Desktop, Documents …) are not
// translated by Fyne at all.
package fynelang

import (
	"encoding/json"
	"strings"
	"sync"

	"fyne.io/fyne/v2/lang"

	"tusk/i18n"
)

// Keys are the message IDs Fyne v2.7 looks up with lang.L and lang.X (its
// lang/translations/base.en.json).
var Keys = []string{
	"Advanced", "Cancel", "Confirm", "Copy", "Create Folder", "Cut",
	"Enter filename", "Error", "Favourites", "File", "Folder", "New Folder",
	"No", "OK", "Open", "Paste", "Quit", "Redo", "Save", "Select all",
	"Show Hidden Files", "Undo", "Yes", "file.name", "file.parent",
	"monday", "monday.short", "tuesday", "tuesday.short",
	"wednesday", "wednesday.short", "thursday", "thursday.short",
	"friday", "friday.short", "saturday", "saturday.short",
	"sunday", "sunday.short",
}

// TuskKey is the key in Tusk's translations that holds Fyne's key k:
// "Create Folder" is fyne.create_folder, "monday.short" fyne.monday_short.
func TuskKey(k string) string {
	return "fyne." + strings.NewReplacer(" ", "_", ".", "_").Replace(strings.ToLower(k))
}

// Messages returns Fyne's messages in language code, as go-i18n JSON.
func Messages(code string) []byte {
	t := i18n.New(code)
	m := make(map[string]string, len(Keys))
	for _, k := range Keys {
		m[k] = t.T(TuskKey(k))
	}
	b, _ := json.Marshal(m)
	return b
}

var mu sync.Mutex

// Apply makes Fyne's own words speak language code from now on: dialogs and
// menus made after the call use it.
func Apply(code string) error {
	mu.Lock()
	defer mu.Unlock()
	return lang.AddTranslationsForLocale(Messages(code), lang.SystemLocale())
}

// Install applies the current language and follows every later
// i18n.SetLanguage (the depot's language at sign-in, the user's after).
func Install() {
	i18n.OnChange(func(code string) { _ = Apply(code) })
	_ = Apply(i18n.CurrentLang())
}

// SelectOne is the placeholder of an empty Select in the current language;
// Fyne's own "(Select one)" is a constant it never translates.
func SelectOne() string { return i18n.T("fyne.select_one") }
