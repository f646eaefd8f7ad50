package dialogs

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tusk/i18n"
)

// Saving a file
//
// Fyne's file dialog is small, speaks English to everyone, and lists files:
// a click on one replaces the name typed, and a lagged double click once
// offered to overwrite an unrelated log file. SaveFile is Tusk's own: in the
// user's language, it proposes a safe name in the folder last used for that
// kind of file, lists folders only, and replaces a file only after a
// confirmation that names it.

// SaveRequest is what SaveFile asks for.
type SaveRequest struct {
	// Title is the dialog's translated title.
	Title string
	// Kind names the sort of file ("slip", "expert", "export"): the folder
	// last used for it is proposed next time.
	Kind string
	// Name is the proposed file name; make it with SafeName.
	Name string
	// Dir is the folder to start in; empty: the folder last used for Kind,
	// else Documents/Tusk in the home folder, else the home folder.
	Dir string
	// Save writes the file at path once the user chose it (and agreed to
	// replace what was there). An error keeps the dialog open and shows it.
	Save func(path string) error
	// ErrorText says what went wrong in the user's words; nil: the error's
	// own text.
	ErrorText func(error) string
}

// SaveDialog is an open save dialog.
type SaveDialog struct {
	m       *Manager
	req     SaveRequest
	dlg     *Dialog
	dir     string
	dirs    []string
	folder  *widget.Label
	list    *widget.List
	name    *nameEntry
	problem *widget.Label
	save    *widget.Button
	cancel  *widget.Button
	up      *widget.Button
	home    *widget.Button
	replace *Dialog // the open replace question, or nil
	// Path is where the file was saved, once it was.
	Path string
}

// nameEntry is the file name field: Enter saves, Esc cancels.
type nameEntry struct {
	widget.Entry
	m *Manager
}

func (e *nameEntry) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyEscape && e.m.TypedKey(ev) {
		return
	}
	e.Entry.TypedKey(ev)
}

// SafeName joins parts into a file name of letters, digits, '-', '_' and
// '.', with ext ("pdf") at the end: "C-2026-0042-slip-zh.pdf". Whatever else
// a part holds (a slash, spaces, Han) becomes '_'.
func SafeName(ext string, parts ...string) string {
	var b strings.Builder
	for _, p := range parts {
		if strings.TrimSpace(p) == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('-')
		}
		for _, r := range strings.TrimSpace(p) {
			if r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_' || r == '.') {
				b.WriteRune(r)
			} else {
				b.WriteByte('_')
			}
		}
	}
	name := strings.Trim(b.String(), ".")
	if name == "" {
		name = "tusk"
	}
	if ext != "" {
		name += "." + ext
	}
	return name
}

const dirPref = "dialogs.save_dir."

// DefaultDir is where a kind of file is saved when the user has not
// chosen a folder for it yet: Documents/Tusk in the home folder when there
// is a Documents folder, else the home folder.
func DefaultDir() string {
	home, err := os.UserHomeDir()
	if err != nil {
		return os.TempDir()
	}
	if fi, err := os.Stat(filepath.Join(home, "Documents")); err == nil && fi.IsDir() {
		return filepath.Join(home, "Documents", "Tusk")
	}
	return home
}

func startDir(req SaveRequest) string {
	if req.Dir != "" {
		return req.Dir
	}
	if a := fyne.CurrentApp(); a != nil {
		if d := a.Preferences().String(dirPref + req.Kind); d != "" {
			if fi, err := os.Stat(d); err == nil && fi.IsDir() {
				return d
			}
		}
	}
	return DefaultDir()
}

// SaveFile shows the save dialog. Enter saves and Esc cancels, from the
// name field or anywhere in the dialog.
func SaveFile(m *Manager, req SaveRequest) *SaveDialog {
	s := &SaveDialog{m: m, req: req, dir: startDir(req),
		folder:  &widget.Label{Truncation: fyne.TextTruncateEllipsis},
		problem: &widget.Label{Importance: widget.DangerImportance, Wrapping: fyne.TextWrapWord}}
	s.problem.Hide()
	s.name = &nameEntry{m: m}
	s.name.ExtendBaseWidget(s.name)
	s.name.SetText(req.Name)
	s.name.OnSubmitted = func(string) { s.Submit() }
	s.list = widget.NewList(func() int { return len(s.dirs) },
		func() fyne.CanvasObject {
			return container.NewBorder(nil, nil, widget.NewIcon(theme.FolderIcon()), nil, &widget.Label{Truncation: fyne.TextTruncateEllipsis})
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			o.(*fyne.Container).Objects[0].(*widget.Label).SetText(s.dirs[i])
		})
	// A folder opens with one click; there are no files to click on.
	s.list.OnSelected = func(i widget.ListItemID) {
		s.list.UnselectAll()
		if i >= 0 && i < len(s.dirs) {
			s.Open(filepath.Join(s.dir, s.dirs[i]))
			s.m.win.Canvas().Focus(s.name) // Enter saves here
		}
	}
	s.up = &widget.Button{Text: i18n.T("savedlg.up"), Icon: theme.MoveUpIcon(), OnTapped: func() { s.Open(filepath.Dir(s.dir)); s.m.win.Canvas().Focus(s.name) }}
	s.home = &widget.Button{Text: i18n.T("savedlg.home"), Icon: theme.HomeIcon(), OnTapped: func() {
		if h, err := os.UserHomeDir(); err == nil {
			s.Open(h)
			s.m.win.Canvas().Focus(s.name)
		}
	}}
	s.save = &widget.Button{Text: i18n.T("savedlg.save"), Icon: theme.DocumentSaveIcon(), Importance: widget.HighImportance, OnTapped: s.Submit}
	s.cancel = &widget.Button{Text: i18n.T("common.cancel"), Icon: theme.CancelIcon(), OnTapped: func() { s.dlg.Hide() }}
	folders := container.NewBorder(
		container.NewVBox(&widget.Label{Text: i18n.T("savedlg.folder"), TextStyle: fyne.TextStyle{Bold: true}},
			container.NewBorder(nil, nil, widget.NewIcon(theme.FolderOpenIcon()), container.NewHBox(s.up, s.home), s.folder)),
		nil, nil, nil, s.list)
	name := container.NewVBox(&widget.Label{Text: i18n.T("savedlg.name"), TextStyle: fyne.TextStyle{Bold: true}}, s.name, s.problem,
		container.NewHBox(s.save, s.cancel))
	s.dlg = m.Custom(req.Title, container.NewBorder(nil, name, nil, nil, folders), s.Submit, fyne.NewSize(620, 480))
	s.Open(s.dir)
	m.win.Canvas().Focus(s.name)
	// The name is chosen without its extension, ready to type over.
	if ext := filepath.Ext(req.Name); ext != "" {
		s.name.CursorColumn = len([]rune(strings.TrimSuffix(req.Name, ext)))
		s.name.Refresh()
	}
	return s
}

// Open shows the folder dir and its sub-folders; hidden ones stay hidden.
// A folder not made yet (Documents/Tusk) is shown empty and made on save.
func (s *SaveDialog) Open(dir string) {
	s.dir = filepath.Clean(dir)
	s.dirs = s.dirs[:0]
	if ents, err := os.ReadDir(s.dir); err == nil {
		for _, e := range ents {
			if !strings.HasPrefix(e.Name(), ".") && isDir(s.dir, e) {
				s.dirs = append(s.dirs, e.Name())
			}
		}
	}
	slices.SortFunc(s.dirs, func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) })
	s.folder.SetText(s.dir)
	s.list.Refresh()
	s.list.ScrollToTop()
}

func isDir(dir string, e os.DirEntry) bool {
	if e.IsDir() {
		return true
	}
	if e.Type()&os.ModeSymlink != 0 {
		fi, err := os.Stat(filepath.Join(dir, e.Name()))
		return err == nil && fi.IsDir()
	}
	return false
}

// Dir is the folder shown.
func (s *SaveDialog) Dir() string { return s.dir }

// Folders are the sub-folders listed.
func (s *SaveDialog) Folders() []string { return slices.Clone(s.dirs) }

// Name is the name field.
func (s *SaveDialog) Name() *widget.Entry { return &s.name.Entry }

// Closed says whether the dialog has gone.
func (s *SaveDialog) Closed() bool { return s.dlg.Closed() }

// Replacing is the open question whether to replace a file, or nil.
func (s *SaveDialog) Replacing() *Dialog {
	if s.replace == nil || s.replace.Closed() {
		return nil
	}
	return s.replace
}

// Submit saves under the name typed, asking first when a file of that
// name is already there.
func (s *SaveDialog) Submit() {
	if s.Replacing() != nil {
		return
	}
	name := strings.TrimSpace(s.name.Text)
	if msg := badName(name); msg != "" {
		s.fail(i18n.T(msg))
		return
	}
	if ext := filepath.Ext(s.req.Name); ext != "" && !strings.EqualFold(filepath.Ext(name), ext) {
		name += ext
	}
	path := filepath.Join(s.dir, name)
	fi, err := os.Stat(path)
	switch {
	case err == nil && fi.IsDir():
		s.fail(i18n.T("savedlg.is_folder", "Name", name))
		return
	case err == nil:
		q := &widget.Label{Text: i18n.T("savedlg.replace_q", "Name", name, "Folder", s.dir), Wrapping: fyne.TextWrapWord}
		s.replace = s.m.Confirm(i18n.T("savedlg.replace_title"), i18n.T("savedlg.replace"), i18n.T("common.cancel"), q, func(ok bool) {
			if ok {
				s.write(path)
			} else {
				s.m.win.Canvas().Focus(s.name)
			}
		})
		s.replace.Resize(fyne.NewSize(480, 200))
		return
	}
	s.write(path)
}

func (s *SaveDialog) write(path string) {
	err := os.MkdirAll(filepath.Dir(path), 0o700)
	if err == nil {
		err = s.req.Save(path)
	}
	if err != nil {
		text := err.Error()
		if s.req.ErrorText != nil {
			text = s.req.ErrorText(err)
		}
		s.fail(i18n.T("savedlg.failed", "Name", filepath.Base(path), "Problem", text))
		return
	}
	if a := fyne.CurrentApp(); a != nil && s.req.Kind != "" {
		a.Preferences().SetString(dirPref+s.req.Kind, filepath.Dir(path))
	}
	s.Path = path
	s.dlg.Hide()
}

func (s *SaveDialog) fail(msg string) {
	s.problem.SetText(msg)
	s.problem.Show()
	s.m.win.Canvas().Focus(s.name)
}

// badName is the message key of what is wrong with a typed name, or "".
func badName(name string) string {
	switch {
	case name == "", name == ".", name == "..":
		return "savedlg.err.empty"
	case strings.ContainsAny(name, `/\:*?"<>|`) || strings.HasPrefix(name, "."):
		return "savedlg.err.chars"
	}
	for _, r := range name {
		if unicode.IsControl(r) {
			return "savedlg.err.chars"
		}
	}
	return ""
}
