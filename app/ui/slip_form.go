package ui

import (
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
	"tusk/app/coded"
	"tusk/app/inspect"
	"tusk/app/referral"
	"tusk/app/store"
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
		formGrid(newField("case.slip_to", f.to), newField("case.slip_lang", f.lang), newField("case.slip_paper", f.paper)),
		f.english, container.NewHBox(f.save, f.print), f.message,
		formGrid(newField("slip.reissue_reason", f.reason)), help, container.NewHBox(f.reissue))
}

// makeSlip gives the open case's slip: the first time it issues and
// records it, later a copy of the slip in force; reissue corrects it
// under a new number. deliver hands the PDF out, and out is audited with
// it in the store.
func (u *UI) makeSlip(s *casesScreen, out store.SlipOut, deliver func(*caserecord.Slip) error, reissue bool) (*caserecord.Slip, error) {
	f := s.slip
	to := ""
	if i := f.to.SelectedIndex(); i >= 0 && i < len(f.toIDs) {
		to = f.toIDs[i]
	}
	req := caserecord.SlipRequest{
		Case: s.current, Lang: selectedLanguage(f.lang), Second: f.english.Checked, Paper: f.paper.Selected,
		ReferralID: to, Supervisor: referral.Officer{ID: fmt.Sprint(u.user.ID), Name: u.user.Name},
		Out: out, Deliver: deliver}
	if reissue {
		req.Reissue, req.Reason = true, f.reason.Text
	}
	return caserecord.MakeSlip(u.ctx(), u.deps.Store, u.user, u.pack(), req)
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
	return path, os.WriteFile(path, sl.PDF, 0o600)
}

func (u *UI) slipFailed(f *slipForm, err error) {
	f.message.Importance = widget.DangerImportance
	f.message.SetText(i18n.T("case.slip_failed", "Problem", i18n.T(slipErrorKey(err))))
}

// slipErrorKey finds the translatable code of a slip error from any layer
// (store, referral and caserecord share the one coded error type).
func slipErrorKey(err error) string {
	if code := coded.Code(err); code != "" && i18n.HasKey(code) {
		return code
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
		defer w.Close()
		slip, err := u.makeSlip(s, store.SlipOut{Action: store.SlipSaved, Where: w.URI().Path()}, func(sl *caserecord.Slip) error {
			_, err := w.Write(sl.PDF)
			return err
		}, false)
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
	slip, err := u.makeSlip(s, store.SlipOut{Action: store.SlipPrinted}, func(sl *caserecord.Slip) error {
		path := filepath.Join(os.TempDir(), sl.Number+".pdf")
		if err := os.WriteFile(path, sl.PDF, 0o600); err != nil {
			return err
		}
		defer os.Remove(path)
		var err error
		lpOut, err = exec.Command(lp, path).CombinedOutput()
		return err
	}, false)
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
}

func (u *UI) slipDone(s *casesScreen, slip *caserecord.Slip, key, where string) {
	f := s.slip
	f.lastSlip = slip
	f.message.Importance = widget.SuccessImportance
	f.message.SetText(i18n.T(key, "Slip", slip.Number, "Path", where, "Key", slip.Key.Fingerprint()))
}
