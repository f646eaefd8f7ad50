package ui

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tusk/app/atomicfile"
	"tusk/app/caserecord"
	"tusk/app/inspect"
	"tusk/app/referral"
	"tusk/app/store"
	"tusk/app/ui/widgets"
	"tusk/i18n"
)

// slipForm gives the referral slip: addressee, language, paper, then Save
// as… or Print. The first one issues the slip; later ones are copies of
// that same slip (any language). Re-issue, with a reason, corrects it
// under a new number.
type slipForm struct {
	reason   *widget.Entry
	reissue  *widget.Button
	to       *widget.Select
	toIDs    []string
	lang     *widget.Select
	paper    *widget.Select
	english  *widget.Check
	save     *widget.Button
	print    *widget.Button
	message  *widget.Label
	lastSlip *caserecord.Slip // for tests and for the message
	printing sync.WaitGroup   // the print job being handed to lp
}

func (u *UI) newSlipForm(s *casesScreen) fyne.CanvasObject {
	f := &slipForm{message: &widget.Label{Wrapping: fyne.TextWrapWord}}
	s.slip = f
	if s.view != nil {
		// A sensitive case's slip goes to the alternate addressee first.
		f.to, f.toIDs = u.addresseeSelect(s.view.cs)
	} else {
		f.to, f.toIDs = u.addresseeSelect(&inspect.Case{})
	}
	depotLang := i18n.Default
	if u.depot != nil {
		depotLang = u.depot.Language
	}
	f.lang = widgets.LanguageSelect(depotLang, nil)
	f.paper = widgets.NewSelect([]string{"A4", "Letter"}, nil)
	f.paper.SetSelectedIndex(0)
	f.english = widget.NewCheck(i18n.T("case.slip_english"), nil)
	f.english.SetChecked(true)
	f.save = &widget.Button{Text: i18n.T("case.slip_save"), Icon: theme.DocumentSaveIcon(), Importance: widget.HighImportance,
		OnTapped: u.act(func() { u.withKey(func() { u.saveSlip(s) }, nil) })}
	f.print = &widget.Button{Text: i18n.T("case.slip_print"), Icon: theme.DocumentPrintIcon(), OnTapped: u.act(func() { u.withKey(func() { u.printSlip(s) }, nil) })}
	f.reason = widget.NewEntry()
	f.reissue = &widget.Button{Text: i18n.T("slip.reissue"), Icon: theme.ViewRefreshIcon(),
		OnTapped: u.act(func() { u.withKey(func() { u.reissueSlip(s) }, nil) })}
	help := &widget.Label{Text: i18n.T("slip.reissue_help"), Wrapping: fyne.TextWrapWord, Importance: widget.LowImportance}
	if s.current != "" {
		if cur, err := u.deps.Store.CurrentSlip(u.ctx(), u.user, s.current); err == nil {
			f.message.SetText(i18n.T("slip.in_force", "Slip", cur.Number))
		}
	}
	return container.NewVBox(
		widgets.FormGrid(widgets.NewField("case.slip_to", f.to), widgets.NewField("case.slip_lang", f.lang), widgets.NewField("case.slip_paper", f.paper)),
		f.english, container.NewHBox(f.save, f.print), f.message,
		widgets.FormGrid(widgets.NewField("slip.reissue_reason", f.reason)), help, container.NewHBox(f.reissue))
}

// makeSlip gives the open case's slip: the first time it issues and
// records it, later a copy of the slip in force; reissue corrects it
// under a new number. deliver hands the PDF out, and out is audited with
// it in the store.
func (u *UI) makeSlip(s *casesScreen, out store.SlipOut, deliver func(*caserecord.Slip) error, reissue bool) (*caserecord.Slip, error) {
	return u.makeSlipWith(s.slipRequest(u, out, deliver, reissue))
}

func (u *UI) makeSlipWith(req caserecord.SlipRequest) (*caserecord.Slip, error) {
	return caserecord.MakeSlip(u.ctx(), u.deps.Store, u.user, u.pack(), req)
}

// slipRequest reads the slip form; call it on the UI goroutine.
func (s *casesScreen) slipRequest(u *UI, out store.SlipOut, deliver func(*caserecord.Slip) error, reissue bool) caserecord.SlipRequest {
	f := s.slip
	to := ""
	if i := f.to.SelectedIndex(); i >= 0 && i < len(f.toIDs) {
		to = f.toIDs[i]
	}
	req := caserecord.SlipRequest{
		Case: s.current, Lang: widgets.SelectedLanguage(f.lang), Second: f.english.Checked, Paper: f.paper.Selected,
		ReferralID: to, Supervisor: referral.Officer{ID: fmt.Sprint(u.user.ID), Name: u.user.Name},
		Out: out, Deliver: deliver}
	if reissue {
		req.Reissue, req.Reason = true, f.reason.Text
	}
	return req
}

// reissueSlip corrects the slip under a new number and keeps the PDF in
// the home folder's slips/, as at referral.
func (u *UI) reissueSlip(s *casesScreen) {
	f := s.slip
	path := ""
	slip, err := u.makeSlip(s, u.keptSlipOut(), func(sl *caserecord.Slip) error {
		var err error
		path, err = u.keepSlip(sl)
		return err
	}, true)
	if err != nil {
		u.slipFailed(f, err)
		return
	}
	f.reason.SetText("")
	f.lastSlip = slip
	f.message.Importance = widget.SuccessImportance
	f.message.SetText(i18n.T("slip.reissued", "Slip", slip.Number, "Old", slip.Supersedes, "Path", path))
}

// keptSlipOut audits a slip kept in the home folder's slips/ (its file
// name is the slip number).
func (u *UI) keptSlipOut() store.SlipOut {
	return store.SlipOut{Action: store.SlipSaved, Where: filepath.Join(u.deps.Home, "slips")}
}

// keepSlip writes a slip just issued to the home folder's slips/.
func (u *UI) keepSlip(sl *caserecord.Slip) (string, error) {
	dir := filepath.Join(u.deps.Home, "slips")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	path := filepath.Join(dir, sl.Number+".pdf")
	return path, atomicfile.WriteFile(path, sl.PDF)
}

func (u *UI) slipFailed(f *slipForm, err error) {
	f.message.Importance = widget.DangerImportance
	f.message.SetText(i18n.T("case.slip_failed", "Problem", i18n.T(slipErrorKey(err))))
}

// slipErrorKey finds the translatable code of a slip error from any layer.
func slipErrorKey(err error) string {
	if code := referral.ErrorCode(err); code != "" && i18n.HasKey(code) {
		return code
	}
	var ce *caserecord.Error
	if asErr(err, &ce) && i18n.HasKey(ce.Code) {
		return ce.Code
	}
	return widgets.ErrorKey(err)
}

// saveSlip asks where to save the PDF; the slip is made once the user has
// chosen, so a cancelled dialog makes nothing.
func (u *UI) saveSlip(s *casesScreen) {
	f := s.slip
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			return
		}
		// The slip is recorded only once it is written: a write that fails
		// only at Close (a full disk, a share gone) is not a saved slip.
		closed := false
		slip, err := u.makeSlip(s, store.SlipOut{Action: store.SlipSaved, Where: w.URI().Path()}, func(sl *caserecord.Slip) error {
			_, err := w.Write(sl.PDF)
			closed = true
			if cerr := w.Close(); err == nil {
				err = cerr
			}
			return err
		}, false)
		if !closed {
			_ = w.Close()
		}
		if err != nil {
			u.slipFailed(f, err)
			return
		}
		u.slipDone(s, slip, "case.slip_saved", w.URI().Path())
	}, u.win)
	d.SetFileName(s.current + ".pdf")
	u.dialogs.Track(d)
}

// printSlip sends the PDF to the system printer with lp, where there is one.
func (u *UI) printSlip(s *casesScreen) {
	f := s.slip
	lp, err := exec.LookPath("lp")
	if err != nil {
		f.message.Importance = widget.WarningImportance
		f.message.SetText(i18n.T("case.slip_no_printer"))
		return
	}
	var lpOut []byte
	req := s.slipRequest(u, store.SlipOut{Action: store.SlipPrinted}, func(sl *caserecord.Slip) error {
		var err error
		lpOut, err = runLP(lp, sl.PDF)
		return err
	}, false)
	// lp can take seconds (a slow or sleeping printer): it runs off the
	// UI goroutine, and the button waits for it.
	f.print.Disable()
	f.printing.Add(1)
	go func() {
		defer f.printing.Done()
		slip, err := u.makeSlipWith(req)
		fyne.Do(func() {
			f.print.Enable()
			if err != nil && lpOut != nil {
				f.message.Importance = widget.DangerImportance
				f.message.SetText(i18n.T("case.slip_print_failed", "Problem", strings.TrimSpace(string(lpOut))))
				return
			}
			if err != nil {
				u.slipFailed(f, err)
				return
			}
			u.slipDone(s, slip, "case.slip_printed", "")
		})
	}()
}

// runLP prints a PDF with lp through a private temporary file, removed
// once lp has read it.
func runLP(lp string, pdf []byte) ([]byte, error) {
	tmp, err := os.CreateTemp("", "tusk-slip-*.pdf")
	if err != nil {
		return []byte(err.Error()), err
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.Write(pdf)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return []byte(err.Error()), err
	}
	return exec.Command(lp, tmp.Name()).CombinedOutput()
}

func (u *UI) slipDone(s *casesScreen, slip *caserecord.Slip, key, where string) {
	f := s.slip
	f.lastSlip = slip
	f.message.Importance = widget.SuccessImportance
	f.message.SetText(i18n.T(key, "Slip", slip.Number, "Path", where, "Key", slip.Key.Fingerprint()))
}
