package cases

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tusk/app/caserecord"
	"tusk/app/export"
	"tusk/app/inspect"
	"tusk/app/referral"
	"tusk/app/ui/dialogs"
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
	lastSlip *caserecord.Slip    // for tests and for the message
	saving   *dialogs.SaveDialog // the last Save as… dialog
}

func (s *Screen) newSlipForm() fyne.CanvasObject {
	f := &slipForm{message: &widget.Label{Wrapping: fyne.TextWrapWord}}
	s.slip = f
	cs := &inspect.Case{}
	if s.view != nil {
		cs = s.view.cs // a sensitive case's slip goes to the alternate addressee first
	}
	var err error
	if f.to, f.toIDs, err = s.addresseeSelect(cs); err != nil {
		f.message.Importance = widget.DangerImportance
		f.message.SetText(i18n.T(widgets.ErrorKey(err)))
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
	f.saving = dialogs.SaveFile(s.env.Dialogs, dialogs.SaveRequest{Title: i18n.T("cases.save_slip"), Kind: "slip",
		Name:      dialogs.SafeName("pdf", s.current, "slip", widgets.SelectedLanguage(f.lang)),
		ErrorText: func(err error) string { return i18n.T(slipErrorKey(err)) },
		Save: func(path string) error {
			slip, err := s.makeSlip()
			if err != nil {
				s.slipFailed(f, err)
				return err
			}
			if err := export.WriteFile(path, 0o600, func(w io.Writer) error { _, err := w.Write(slip.PDF); return err }); err != nil {
				s.slipFailed(f, err)
				return err
			}
			if err := s.d.Store.Audit(s.ctx(), s.user, "slip.save", "case:"+slip.Case, slip.Number+" "+path); err != nil {
				s.slipUnrecorded(slip, err)
				return nil // the file is written: the form says what is missing
			}
			s.slipDone(slip, "case.slip_saved", path)
			return nil
		}})
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
	if err := s.d.Store.Audit(s.ctx(), s.user, "slip.print", "case:"+slip.Case, slip.Number); err != nil {
		s.slipUnrecorded(slip, err)
		return
	}
	s.slipDone(slip, "case.slip_printed", "")
}

func (s *Screen) slipDone(slip *caserecord.Slip, key, where string) {
	f := s.slip
	f.lastSlip = slip
	f.message.Importance = widget.SuccessImportance
	f.message.SetText(i18n.T(key, "Slip", slip.Number, "Path", where, "Key", slip.Key.Fingerprint()))
}

// slipUnrecorded says that the slip went out but the audit trail does not
// say so: the supervisor must know, not find out at the next audit.
func (s *Screen) slipUnrecorded(slip *caserecord.Slip, err error) {
	f := s.slip
	f.lastSlip = slip
	f.message.Importance = widget.WarningImportance
	f.message.SetText(i18n.T("cases.slip_unrecorded", "Slip", slip.Number, "Problem", i18n.T(widgets.ErrorKey(err))))
}
