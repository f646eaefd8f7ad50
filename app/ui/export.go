package ui

import (
	"context"
	"errors"
	"io"
	"os"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tusk/app/export"
	"tusk/app/inspect"
	"tusk/app/store"
	"tusk/app/ui/dialogs"
	"tusk/i18n"
)

// The export dialog: the format, personal data (a supervisor's choice, off
// by default, never in the CITES table) and closed cases, then the file,
// then the export itself in a goroutine with a progress bar and Cancel.
// exportTo is the part without dialogs, which tests call.

type exportForm struct {
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

// showExport opens the export dialog for the cases the queue's filter f
// selects.
func (u *UI) showExport(f store.QueueFilter) { u.openExportForm(f) }

// openExportForm shows the export form and returns it; nil for a user
// who may not see cases.
func (u *UI) openExportForm(f store.QueueFilter) *exportForm {
	if u.user == nil || !u.user.Can(store.CapCases) {
		return nil
	}
	e := &exportForm{filter: f}
	e.format = widget.NewRadioGroup(formatLabels(), func(string) { u.exportFormatChanged(e) })
	e.format.Required = true
	box := container.NewVBox(wrapped(i18n.T("export.intro"), widget.MediumImportance), e.format)
	if u.user.Can(store.CapDecide) {
		e.personal = widget.NewCheck(i18n.T("export.personal"), nil)
		box.Add(e.personal)
		box.Add(wrapped(i18n.T("export.personal_hint"), widget.LowImportance))
	}
	if len(f.Statuses) == 0 {
		e.closed = widget.NewCheck(i18n.T("export.closed"), nil)
		e.closed.SetChecked(true)
		box.Add(e.closed)
	}
	e.next = &widget.Button{Text: i18n.T("export.choose_file"), Icon: theme.DocumentSaveIcon(), Importance: widget.HighImportance,
		OnTapped: u.act(func() { e.dlg.Hide(); u.chooseExportFile(e.chosen()) })}
	cancel := &widget.Button{Text: i18n.T("common.cancel"), Icon: theme.CancelIcon(), OnTapped: func() { e.dlg.Hide() }}
	box.Add(container.NewHBox(e.next, cancel))
	e.format.SetSelected(formatLabels()[0])
	e.dlg = u.dialogs.Custom(i18n.T("export.title"), box, e.next.OnTapped, fyne.NewSize(560, 0))
	return e
}

// exportChoice is what the form asks for.
type exportChoice struct {
	format   export.Format
	personal bool
	filter   store.QueueFilter
}

func (e *exportForm) chosen() exportChoice {
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

// exportFormatChanged takes personal data away with the CITES table.
func (u *UI) exportFormatChanged(e *exportForm) {
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

// exportFileName suggests a name: what, and the day.
func (u *UI) exportFileName(f export.Format) string {
	day := u.deps.Now().Format(time.DateOnly)
	switch f {
	case export.JSON:
		return "tusk-cases-" + day + ".json"
	case export.CITES:
		return "tusk-cites-" + day + ".csv"
	}
	return "tusk-cases-" + day + ".csv"
}

func (u *UI) chooseExportFile(c exportChoice) {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			return
		}
		// The export writes the path itself, through a temporary file, so
		// the dialog's handle is not needed.
		w.Close()
		u.runExport(w.URI().Path(), c)
	}, u.win)
	d.SetFileName(u.exportFileName(c.format))
	u.dialogs.Track(d)
}

// runExport shows the progress dialog and exports in a goroutine.
func (u *UI) runExport(path string, c exportChoice) *exportRun {
	ctx, cancel := context.WithCancel(u.ctx())
	r := &exportRun{bar: widget.NewProgressBar(), status: &widget.Label{Text: i18n.T("export.starting")}, cancel: cancel, done: make(chan struct{})}
	r.stop = &widget.Button{Text: i18n.T("common.cancel"), Icon: theme.CancelIcon(), OnTapped: cancel}
	r.dlg = u.dialogs.Custom(i18n.T("export.title"), container.NewVBox(r.status, r.bar, container.NewHBox(r.stop)), nil, fyne.NewSize(480, 0))
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
		res, err := u.exportTo(ctx, path, c.format, c.personal, c.filter, progress)
		cancel()
		fyne.Do(func() {
			r.dlg.Hide()
			u.exportDone(res, err)
			close(r.done)
		})
	}()
	return r
}

// exportDone says what was written, or why not.
func (u *UI) exportDone(res exportResult, err error) {
	title := i18n.T("export.title")
	msg := exportMessage(res)
	switch {
	case errors.Is(err, context.Canceled):
		msg = i18n.T("export.cancelled")
	case err != nil:
		msg = i18n.T("export.failed", "Problem", i18n.T(errorKey(err)))
	}
	u.dialogs.Info(title, i18n.T("common.ok"), wrapped(msg, widget.MediumImportance))
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
// progress may be nil. A failed or cancelled export leaves no file behind
// (nor the empty one the file dialog made).
func (u *UI) exportTo(ctx context.Context, path string, format export.Format, personal bool, f store.QueueFilter,
	progress func(done, total int)) (exportResult, error) {
	res := exportResult{Path: path, Format: format}
	perm := os.FileMode(0o644)
	if personal {
		perm = 0o600
	}
	err := export.WriteFile(path, perm, func(out io.Writer) error {
		w, err := export.New(out, format, export.Options{Personal: personal, Pack: u.pack(), Location: time.Local})
		if err != nil {
			return err
		}
		sr, err := u.deps.Store.ExportCases(ctx, u.user, store.ExportRequest{Filter: f, Format: string(format), Personal: personal && format.Nominal(), Progress: progress}, w.Write)
		if err != nil {
			return err
		}
		res.Cases, res.Personal, res.Rows = sr.Cases, sr.Personal, w.Rows()
		return w.Close()
	})
	if err != nil {
		if fi, serr := os.Stat(path); serr == nil && fi.Size() == 0 {
			os.Remove(path)
		}
		return exportResult{Path: path, Format: format}, err
	}
	return res, nil
}
