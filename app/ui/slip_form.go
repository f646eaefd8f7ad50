package ui

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tusk/app/caserecord"
	"tusk/app/inspect"
	"tusk/app/referral"
	"tusk/i18n"
)

// slipForm makes a referral slip: addressee, language, paper, then Save
// as… or Print. Each one makes, signs and records a new slip.
type slipForm struct {
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
	f.lang = languageSelect(depotLang, nil)
	f.paper = newSelect([]string{"A4", "Letter"}, nil)
	f.paper.SetSelectedIndex(0)
	f.english = widget.NewCheck(i18n.T("case.slip_english"), nil)
	f.english.SetChecked(true)
	f.save = &widget.Button{Text: i18n.T("case.slip_save"), Icon: theme.DocumentSaveIcon(), Importance: widget.HighImportance,
		OnTapped: u.act(func() { u.withKey(func() { u.saveSlip(s) }, nil) })}
	f.print = &widget.Button{Text: i18n.T("case.slip_print"), Icon: theme.DocumentPrintIcon(), OnTapped: u.act(func() { u.withKey(func() { u.printSlip(s) }, nil) })}
	return container.NewVBox(
		formGrid(newField("case.slip_to", f.to), newField("case.slip_lang", f.lang), newField("case.slip_paper", f.paper)),
		f.english, container.NewHBox(f.save, f.print), f.message)
}

// makeSlip makes, signs and records one slip of the open case.
func (u *UI) makeSlip(s *casesScreen) (*caserecord.Slip, error) {
	f := s.slip
	to := ""
	if i := f.to.SelectedIndex(); i >= 0 && i < len(f.toIDs) {
		to = f.toIDs[i]
	}
	return caserecord.MakeSlip(u.ctx(), u.deps.Store, u.user, u.pack(), caserecord.SlipRequest{
		Case: s.current, Lang: selectedLanguage(f.lang), Second: f.english.Checked, Paper: f.paper.Selected,
		ReferralID: to, Supervisor: referral.Officer{ID: fmt.Sprint(u.user.ID), Name: u.user.Name}})
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
	return errorKey(err)
}

// saveSlip asks where to save the PDF; the slip is made once the user has
// chosen, so a cancelled dialog makes nothing.
func (u *UI) saveSlip(s *casesScreen) {
	f := s.slip
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			return
		}
		slip, err := u.makeSlip(s)
		if err != nil {
			_ = w.Close()
			u.slipFailed(f, err)
			return
		}
		// A write that fails only at Close (a full disk, a share gone) is
		// not a saved slip.
		_, err = w.Write(slip.PDF)
		if cerr := w.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			u.slipFailed(f, err)
			return
		}
		u.deps.Store.Audit(u.ctx(), u.user, "slip.save", "case:"+slip.Case, slip.Number+" "+w.URI().Path())
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
	slip, err := u.makeSlip(s)
	if err != nil {
		u.slipFailed(f, err)
		return
	}
	// lp can take seconds (a slow or sleeping printer): it runs off the
	// UI goroutine, and the button waits for it.
	f.print.Disable()
	f.printing.Add(1)
	user := u.user
	go func() {
		defer f.printing.Done()
		out, err := runLP(lp, slip.PDF)
		fyne.Do(func() {
			f.print.Enable()
			if err != nil {
				f.message.Importance = widget.DangerImportance
				f.message.SetText(i18n.T("case.slip_print_failed", "Problem", strings.TrimSpace(string(out))))
				return
			}
			u.slipDone(s, slip, "case.slip_printed", "")
			u.deps.Store.Audit(u.ctx(), user, "slip.print", "case:"+slip.Case, slip.Number)
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
