package cases

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tusk/app/caserecord"
	"tusk/app/inspect"
	"tusk/app/referral"
	"tusk/app/ui/widgets"
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
}

func (s *Screen) newSlipForm() fyne.CanvasObject {
	f := &slipForm{message: &widget.Label{Wrapping: fyne.TextWrapWord}}
	s.slip = f
	if s.view != nil {
		// A sensitive case's slip goes to the alternate addressee first.
		f.to, f.toIDs = s.addresseeSelect(s.view.cs)
	} else {
		f.to, f.toIDs = s.addresseeSelect(&inspect.Case{})
	}
	depotLang := i18n.Default
	if s.depot != nil {
		depotLang = s.depot.Language
	}
	f.lang = widgets.LanguageSelect(depotLang, nil)
	f.paper = widgets.NewSelect([]string{"A4", "Letter"}, nil)
	f.paper.SetSelectedIndex(0)
	f.english = widget.NewCheck(i18n.T("case.slip_english"), nil)
	f.english.SetChecked(true)
	f.save = &widget.Button{Text: i18n.T("case.slip_save"), Icon: theme.DocumentSaveIcon(), Importance: widget.HighImportance,
		OnTapped: s.env.Act(func() { s.env.WithKey(func() { s.saveSlip() }, nil) })}
	f.print = &widget.Button{Text: i18n.T("case.slip_print"), Icon: theme.DocumentPrintIcon(), OnTapped: s.env.Act(func() { s.env.WithKey(func() { s.printSlip() }, nil) })}
	return container.NewVBox(
		widgets.FormGrid(widgets.NewField("case.slip_to", f.to), widgets.NewField("case.slip_lang", f.lang), widgets.NewField("case.slip_paper", f.paper)),
		f.english, container.NewHBox(f.save, f.print), f.message)
}

// makeSlip makes, signs and records one slip of the open case.
func (s *Screen) makeSlip() (*caserecord.Slip, error) {
	f := s.slip
	to := ""
	if i := f.to.SelectedIndex(); i >= 0 && i < len(f.toIDs) {
		to = f.toIDs[i]
	}
	return s.d.MakeSlip(s.ctx(), s.user, s.pack(), caserecord.SlipRequest{
		Case: s.current, Lang: widgets.SelectedLanguage(f.lang), Second: f.english.Checked, Paper: f.paper.Selected,
		ReferralID: to, Supervisor: referral.Officer{ID: fmt.Sprint(s.user.ID), Name: s.user.Name}})
}

func (s *Screen) slipFailed(f *slipForm, err error) {
	f.message.Importance = widget.DangerImportance
	f.message.SetText(i18n.T("case.slip_failed", "Problem", i18n.T(slipErrorKey(err))))
}

// slipErrorKey finds the translatable code of a slip error from any layer.
func slipErrorKey(err error) string {
	if code := referral.ErrorCode(err); code != "" && i18n.HasKey(code) {
		return code
	}
	var ce *caserecord.Error
	if errors.As(err, &ce) && i18n.HasKey(ce.Code) {
		return ce.Code
	}
	return widgets.ErrorKey(err)
}

// saveSlip asks where to save the PDF; the slip is made once the user has
// chosen, so a cancelled dialog makes nothing.
func (s *Screen) saveSlip() {
	f := s.slip
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			return
		}
		defer w.Close()
		slip, err := s.makeSlip()
		if err != nil {
			s.slipFailed(f, err)
			return
		}
		if _, err := w.Write(slip.PDF); err != nil {
			s.slipFailed(f, err)
			return
		}
		s.d.Store.Audit(s.ctx(), s.user, "slip.save", "case:"+slip.Case, slip.Number+" "+w.URI().Path())
		s.slipDone(slip, "case.slip_saved", w.URI().Path())
	}, s.env.Win)
	d.SetFileName(s.current + ".pdf")
	s.env.Dialogs.Track(d)
}

// printSlip sends the PDF to the system printer with lp, where there is one.
func (s *Screen) printSlip() {
	f := s.slip
	lp, err := exec.LookPath("lp")
	if err != nil {
		f.message.Importance = widget.WarningImportance
		f.message.SetText(i18n.T("case.slip_no_printer"))
		return
	}
	slip, err := s.makeSlip()
	if err != nil {
		s.slipFailed(f, err)
		return
	}
	path := filepath.Join(os.TempDir(), slip.Number+".pdf")
	if err := os.WriteFile(path, slip.PDF, 0o600); err != nil {
		s.slipFailed(f, err)
		return
	}
	if out, err := exec.Command(lp, path).CombinedOutput(); err != nil {
		f.message.Importance = widget.DangerImportance
		f.message.SetText(i18n.T("case.slip_print_failed", "Problem", strings.TrimSpace(string(out))))
		return
	}
	s.d.Store.Audit(s.ctx(), s.user, "slip.print", "case:"+slip.Case, slip.Number)
	s.slipDone(slip, "case.slip_printed", "")
}

func (s *Screen) slipDone(slip *caserecord.Slip, key, where string) {
	f := s.slip
	f.lastSlip = slip
	f.message.Importance = widget.SuccessImportance
	f.message.SetText(i18n.T(key, "Slip", slip.Number, "Path", where, "Key", slip.Key.Fingerprint()))
}
