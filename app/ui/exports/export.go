// Package exports is the export dialog of the review queue: the format,
// personal data and closed cases, then the file, then the export itself
// with a progress bar and Cancel. It reaches the store only through the
// narrow Store interface below.
package exports

import (
	"context"
	"errors"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tusk/app/export"
	"tusk/app/inspect"
	"tusk/app/store"
	"tusk/app/ui/dialogs"
	"tusk/app/ui/widgets"
	"tusk/i18n"
)

// The export dialog: the format, personal data (a supervisor's choice, off
// by default, never in the CITES table) and closed cases, then the file,
// then the export itself in a goroutine with a progress bar and Cancel.
// exportTo is the part without dialogs, which tests call.

// Store is what the export asks of the store.
type Store interface {
	ExportCases(ctx context.Context, actor *store.User, req store.ExportRequest, each func(*store.CaseRow) error) (store.ExportResult, error)
}

// Deps are what the shell hands the dialog.
type Deps struct {
	Env   *widgets.Env
	Store Store
}

// Exports opens the export dialog for the signed-in user.
type Exports struct{ d Deps }

// New makes the export dialog's opener.
func New(d Deps) *Exports { return &Exports{d: d} }

// Form is the open export form.
type Form struct {
	filter   store.QueueFilter
	format   *widget.RadioGroup
	personal *widget.Check // nil unless the user may decide
	closed   *widget.Check // nil when the filter names its statuses
	next     *widget.Button
	dlg      *dialogs.Dialog
}

// exportRun is one export under way.
type exportRun struct {
	bar    *widget.ProgressBar
	status *widget.Label
	stop   *widget.Button
	cancel context.CancelFunc
	dlg    *dialogs.Dialog
	done   chan struct{} // closed once the result is shown
}

// ExportResult is what one export wrote.
type exportResult struct {
	Path     string
	Format   export.Format
	Cases    int
	Rows     int // CITES: product lines
	Personal bool
}

func formatLabels() []string {
	return []string{i18n.T("export.format_csv"), i18n.T("export.format_json"), i18n.T("export.format_cites")}
}

// Open shows the export form for the cases the queue's filter f selects
// and returns it; nil for a user who may not see cases.
func (x *Exports) Open(f store.QueueFilter) *Form {
	user := x.d.Env.User()
	if user == nil || !user.Can(store.CapCases) {
		return nil
	}
	e := &Form{filter: f}
	e.format = widget.NewRadioGroup(formatLabels(), func(string) { e.formatChanged() })
	e.format.Required = true
	box := container.NewVBox(widgets.Wrapped(i18n.T("export.intro"), widget.MediumImportance), e.format)
	if user.Can(store.CapDecide) {
		e.personal = widget.NewCheck(i18n.T("export.personal"), nil)
		box.Add(e.personal)
		box.Add(widgets.Wrapped(i18n.T("export.personal_hint"), widget.LowImportance))
	}
	if len(f.Statuses) == 0 {
		e.closed = widget.NewCheck(i18n.T("export.closed"), nil)
		e.closed.SetChecked(true)
		box.Add(e.closed)
	}
	e.next = &widget.Button{Text: i18n.T("export.choose_file"), Icon: theme.DocumentSaveIcon(), Importance: widget.HighImportance,
		OnTapped: x.d.Env.Act(func() { e.dlg.Hide(); x.chooseFile(e.chosen()) })}
	cancel := &widget.Button{Text: i18n.T("common.cancel"), Icon: theme.CancelIcon(), OnTapped: func() { e.dlg.Hide() }}
	box.Add(container.NewHBox(e.next, cancel))
	e.format.SetSelected(formatLabels()[0])
	e.dlg = x.d.Env.Dialogs.Custom(i18n.T("export.title"), box, e.next.OnTapped, fyne.NewSize(560, 0))
	return e
}

// exportChoice is what the form asks for.
type exportChoice struct {
	format   export.Format
	personal bool
	filter   store.QueueFilter
}

// Closed says whether the form has gone.
func (e *Form) Closed() bool { return e.dlg.Closed() }

func (e *Form) chosen() exportChoice {
	c := exportChoice{format: export.CSV, filter: e.filter}
	for i, l := range formatLabels() {
		if l == e.format.Selected {
			c.format = export.Formats[i]
		}
	}
	c.personal = e.personal != nil && e.personal.Checked && c.format.Nominal()
	if e.closed != nil && e.closed.Checked {
		c.filter.Statuses = inspect.CaseStatuses
	}
	return c
}

// formatChanged takes personal data away with the CITES table.
func (e *Form) formatChanged() {
	if e.personal == nil {
		return
	}
	if e.chosen().format.Nominal() {
		e.personal.Enable()
	} else {
		e.personal.SetChecked(false)
		e.personal.Disable()
	}
}

// fileName suggests a name: what, and the day.
func (x *Exports) fileName(f export.Format) string {
	day := x.now().Format(time.DateOnly)
	switch f {
	case export.JSON:
		return "tusk-cases-" + day + ".json"
	case export.CITES:
		return "tusk-cites-" + day + ".csv"
	}
	return "tusk-cases-" + day + ".csv"
}

func (x *Exports) now() time.Time {
	if x.d.Env.Now != nil {
		return x.d.Env.Now()
	}
	return time.Now()
}

func (x *Exports) chooseFile(c exportChoice) *dialogs.SaveDialog {
	ext := "csv"
	if c.format == export.JSON {
		ext = "json"
	}
	// The export writes the path itself, through a temporary file, in a
	// goroutine with its own progress dialog.
	return dialogs.SaveFile(x.d.Env.Dialogs, dialogs.SaveRequest{Title: i18n.T("export.title"), Kind: "export",
		Name: dialogs.SafeName(ext, strings.TrimSuffix(x.fileName(c.format), "."+ext)),
		Save: func(path string) error { x.run(path, c); return nil }})
}

// run shows the progress dialog and exports in a goroutine.
func (x *Exports) run(path string, c exportChoice) *exportRun {
	ctx, cancel := context.WithCancel(x.d.Env.Ctx())
	r := &exportRun{bar: widget.NewProgressBar(), status: &widget.Label{Text: i18n.T("export.starting")}, cancel: cancel, done: make(chan struct{})}
	r.stop = &widget.Button{Text: i18n.T("common.cancel"), Icon: theme.CancelIcon(), OnTapped: cancel}
	r.dlg = x.d.Env.Dialogs.Custom(i18n.T("export.title"), container.NewVBox(r.status, r.bar, container.NewHBox(r.stop)), nil, fyne.NewSize(480, 0))
	r.dlg.OnEsc(cancel) // Esc is Cancel: the export stops, then the dialog closes
	var mu sync.Mutex
	shown := -1 // the last whole percent shown: no more UI updates than that
	progress := func(done, total int) {
		pct := 100
		if total > 0 {
			pct = done * 100 / total
		}
		mu.Lock()
		if pct == shown {
			mu.Unlock()
			return
		}
		shown = pct
		mu.Unlock()
		fyne.Do(func() {
			r.bar.SetValue(float64(pct) / 100)
			r.status.SetText(i18n.T("export.progress", "Done", done, "Total", total))
		})
	}
	go func() {
		res, err := x.exportTo(ctx, path, c.format, c.personal, c.filter, progress)
		cancel()
		fyne.Do(func() {
			r.dlg.Hide()
			x.done(res, err)
			close(r.done)
		})
	}()
	return r
}

// done says what was written, or why not.
func (x *Exports) done(res exportResult, err error) {
	title := i18n.T("export.title")
	msg := exportMessage(res)
	switch {
	case errors.Is(err, context.Canceled):
		msg = i18n.T("export.cancelled")
	case err != nil:
		msg = i18n.T("export.failed", "Problem", i18n.T(widgets.ErrorKey(err)))
	}
	x.d.Env.Dialogs.Info(title, i18n.T("common.ok"), widgets.Wrapped(msg, widget.MediumImportance))
}

func exportMessage(res exportResult) string {
	var msg string
	if res.Format == export.CITES {
		msg = i18n.TN("export.done_cites", res.Cases, "Rows", res.Rows, "Path", res.Path)
	} else {
		msg = i18n.TN("export.done", res.Cases, "Path", res.Path)
	}
	if res.Personal {
		return msg + "\n" + i18n.T("export.done_personal")
	}
	return msg + "\n" + i18n.T("export.done_no_personal")
}

// exportTo writes the cases f selects to path, for the signed-in user:
// the store decides whether personal data goes in (a supervisor who asked).
// progress may be nil. A failed or cancelled export leaves no file behind,
// and a file it was to replace as it was.
func (x *Exports) exportTo(ctx context.Context, path string, format export.Format, personal bool, f store.QueueFilter,
	progress func(done, total int)) (exportResult, error) {
	res := exportResult{Path: path, Format: format}
	perm := os.FileMode(0o644)
	if personal {
		perm = 0o600
	}
	err := export.WriteFile(path, perm, func(out io.Writer) error {
		w, err := export.New(out, format, export.Options{Personal: personal, Pack: x.d.Env.Pack(), Location: time.Local})
		if err != nil {
			return err
		}
		sr, err := x.d.Store.ExportCases(ctx, x.d.Env.User(), store.ExportRequest{Filter: f, Format: string(format), Personal: personal && format.Nominal(), Progress: progress}, w.Write)
		if err != nil {
			return err
		}
		res.Cases, res.Personal, res.Rows = sr.Cases, sr.Personal, w.Rows()
		return w.Close()
	})
	if err != nil {
		return exportResult{Path: path, Format: format}, err
	}
	return res, nil
}
