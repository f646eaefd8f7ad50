// Package i18n holds Tusk's translations and the translator the UI, the
// CLI and the PDF slip use. Files are go-i18n JSON, one per namespace and
// language (translations/<namespace>.<lang>.json), with namespaced keys such
// as "inspect.sender_id", so no key ever collides with go-i18n's reserved
// words. The language is chosen per user in the app, not by the OS, so this
// package keeps its own bundle instead of fyne's lang package.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

//go:embed translations/*.json
var files embed.FS

// FS exposes the translation files, for tests and tools.
var FS fs.FS = files

// Language is one of the app's languages.
type Language struct {
	Code string // en, zh, vi, sw, fr
	Name string // the language's own name for itself
}

// Languages are the SOP's languages, English first.
var Languages = []Language{
	{"en", "English"},
	{"zh", "中文"},
	{"vi", "Tiếng Việt"},
	{"sw", "Kiswahili"},
	{"fr", "Français"},
}

// Default is the language used when none is chosen.
const Default = "en"

var (
	bundle  *goi18n.Bundle
	loadErr error
	keys    map[string]bool // every key of the English files

	mu        sync.RWMutex
	current   = New(Default)
	listeners []func(code string)
)

func init() {
	bundle, keys, loadErr = load(files)
	current = New(Default)
}

// load parses every translation file into one bundle.
func load(fsys fs.FS) (*goi18n.Bundle, map[string]bool, error) {
	b := goi18n.NewBundle(language.English)
	b.RegisterUnmarshalFunc("json", json.Unmarshal)
	names, err := fs.Glob(fsys, "translations/*.json")
	if err != nil {
		return nil, nil, err
	}
	en := map[string]bool{}
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, nil, err
		}
		mf, err := b.ParseMessageFileBytes(data, path.Base(name))
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", name, err)
		}
		if mf.Tag == language.English {
			for _, m := range mf.Messages {
				en[m.ID] = true
			}
		}
	}
	return b, en, nil
}

// LoadError reports a broken translation file; tests fail on it.
func LoadError() error { return loadErr }

// Keys returns every key defined in English, sorted.
func Keys() []string {
	out := make([]string, 0, len(keys))
	for k := range keys {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// HasKey reports whether key is defined in English.
func HasKey(key string) bool { return keys[key] }

// Supported reports whether code is one of Languages.
func Supported(code string) bool {
	for _, l := range Languages {
		if l.Code == code {
			return true
		}
	}
	return false
}

// Translator translates into one language. It is safe for concurrent use.
type Translator struct {
	lang string
	loc  *goi18n.Localizer
}

// New returns a translator for code, or English when code is unknown.
func New(code string) *Translator {
	if !Supported(code) {
		code = Default
	}
	t := &Translator{lang: code}
	if bundle != nil {
		t.loc = goi18n.NewLocalizer(bundle, code, Default)
	}
	return t
}

// Lang is the translator's language code.
func (t *Translator) Lang() string { return t.lang }

// T translates key. Optional args are name/value pairs for the template:
// T("cases.opened", "Number", "C-12").
func (t *Translator) T(key string, args ...any) string {
	return t.localize(key, nil, args)
}

// TN translates key with plural forms chosen by n; n is also available to
// the template as {{.Count}}.
func (t *Translator) TN(key string, n int, args ...any) string {
	return t.localize(key, n, append(args, "Count", n))
}

func (t *Translator) localize(key string, count any, args []any) string {
	if t.loc == nil {
		return key
	}
	data := map[string]any{}
	for i := 0; i+1 < len(args); i += 2 {
		data[fmt.Sprint(args[i])] = args[i+1]
	}
	s, err := t.loc.Localize(&goi18n.LocalizeConfig{MessageID: key, TemplateData: data, PluralCount: count})
	if err != nil && s == "" {
		// A missing key shows as itself, so it is visible and a test catches it.
		return key
	}
	return s
}

// SetLanguage switches the package-level translator used by T and TN, and
// tells the listeners registered with OnChange.
func SetLanguage(code string) {
	t := New(code)
	mu.Lock()
	current = t
	ls := listeners
	mu.Unlock()
	for _, fn := range ls {
		fn(t.Lang())
	}
}

// OnChange registers fn to run after every SetLanguage with the new
// language's code, on the caller's goroutine. Fyne's own words follow the
// user's language this way (package i18n/fynelang).
func OnChange(fn func(code string)) {
	mu.Lock()
	listeners = append(listeners, fn)
	mu.Unlock()
}

// Current returns the package-level translator.
func Current() *Translator {
	mu.RLock()
	defer mu.RUnlock()
	return current
}

// CurrentLang is the code of the package-level language.
func CurrentLang() string { return Current().Lang() }

// T translates key into the current language.
func T(key string, args ...any) string { return Current().T(key, args...) }

// TN translates key with plural forms into the current language.
func TN(key string, n int, args ...any) string { return Current().TN(key, n, args...) }

// Name returns the native name of a language code.
func Name(code string) string {
	for _, l := range Languages {
		if l.Code == code {
			return l.Name
		}
	}
	return strings.ToUpper(code)
}
