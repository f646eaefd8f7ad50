package cases

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tusk/app/atomicfile"
	"tusk/app/caserecord"
	"tusk/app/coded"
	"tusk/app/inspect"
	"tusk/app/referral"
	"tusk/app/store"
	"tusk/app/ui/dialogs"
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
	lastSlip *caserecord.Slip    // for tests and for the message
	saving   *dialogs.SaveDialog // the last Save as… dialog
	printing sync.WaitGroup      // the print job being handed to lp
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
	f.reason = widget.NewEntry()
	f.reissue = &widget.Button{Text: i18n.T("slip.reissue"), Icon: theme.ViewRefreshIcon(),
		OnTapped: s.env.Act(func() { s.env.WithKey(func() { s.reissueSlip() }, nil) })}
	help := &widget.Label{Text: i18n.T("slip.reissue_help"), Wrapping: fyne.TextWrapWord, Importance: widget.LowImportance}
	if s.current != "" && err == nil {
		if cur, err := s.d.Store.CurrentSlip(s.ctx(), s.user, s.current); err == nil {
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
func (s *Screen) makeSlip(out store.SlipOut, deliver func(*caserecord.Slip) error, reissue bool) (*caserecord.Slip, error) {
	return s.makeSlipWith(s.slipRequest(out, deliver, reissue))
}

func (s *Screen) makeSlipWith(req caserecord.SlipRequest) (*caserecord.Slip, error) {
	return s.d.MakeSlip(s.ctx(), s.user, s.pack(), req)
}

// slipRequest reads the slip form; call it on the UI goroutine.
func (s *Screen) slipRequest(out store.SlipOut, deliver func(*caserecord.Slip) error, reissue bool) caserecord.SlipRequest {
	f := s.slip
	to := ""
	if i := f.to.SelectedIndex(); i >= 0 && i < len(f.toIDs) {
		to = f.toIDs[i]
	}
	req := caserecord.SlipRequest{
		Case: s.current, Lang: widgets.SelectedLanguage(f.lang), Second: f.english.Checked, Paper: f.paper.Selected,
		ReferralID: to, Supervisor: referral.Officer{ID: fmt.Sprint(s.user.ID), Name: s.user.Name},
		Out: out, Deliver: deliver}
	if reissue {
		req.Reissue, req.Reason = true, f.reason.Text
	}
	return req
}

// reissueSlip corrects the slip under a new number and keeps the PDF in
// the home folder's slips/, as at referral.
func (s *Screen) reissueSlip() {
	f := s.slip
	path := ""
	slip, err := s.makeSlip(s.keptSlipOut(), func(sl *caserecord.Slip) error {
		var err error
		path, err = s.keepSlip(sl)
		return err
	}, true)
	if err != nil {
		s.slipFailed(f, err)
		return
	}
	f.reason.SetText("")
	f.lastSlip = slip
	f.message.Importance = widget.SuccessImportance
	f.message.SetText(i18n.T("slip.reissued", "Slip", slip.Number, "Old", slip.Supersedes, "Path", path))
}

// keptSlipOut audits a slip kept in the home folder's slips/ (its file
// name is the slip number).
func (s *Screen) keptSlipOut() store.SlipOut {
	return store.SlipOut{Action: store.SlipSaved, Where: filepath.Join(s.d.Home, "slips")}
}

// keepSlip writes a slip just issued to the home folder's slips/.
func (s *Screen) keepSlip(sl *caserecord.Slip) (string, error) {
	dir := filepath.Join(s.d.Home, "slips")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	path := filepath.Join(dir, sl.Number+".pdf")
	return path, atomicfile.WriteFile(path, sl.PDF)
}

func (s *Screen) slipFailed(f *slipForm, err error) {
	f.message.Importance = widget.DangerImportance
	f.message.SetText(i18n.T("case.slip_failed", "Problem", i18n.T(slipErrorKey(err))))
}

// slipErrorKey finds the translatable code of a slip error from any layer
// (store, referral and caserecord share the one coded error type).
func slipErrorKey(err error) string {
	if code := coded.Code(err); code != "" && i18n.HasKey(code) {
		return code
	}
	return widgets.ErrorKey(err)
}

// saveSlip asks where to save the PDF in Tusk's save dialog; the slip is
// given once the user has chosen, so a cancelled dialog gives nothing. The
// store records the copy and where it went with the slip, in one step.
func (s *Screen) saveSlip() {
	f := s.slip
	f.saving = dialogs.SaveFile(s.env.Dialogs, dialogs.SaveRequest{Title: i18n.T("cases.save_slip"), Kind: "slip",
		Name:      dialogs.SafeName("pdf", s.current, "slip", widgets.SelectedLanguage(f.lang)),
		ErrorText: func(err error) string { return i18n.T(slipErrorKey(err)) },
		Save: func(path string) error {
			slip, err := s.makeSlip(store.SlipOut{Action: store.SlipSaved, Where: path}, func(sl *caserecord.Slip) error {
				return atomicfile.WriteFile(path, sl.PDF)
			}, false)
			if err != nil {
				s.slipFailed(f, err)
				return err
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
	var lpOut []byte
	req := s.slipRequest(store.SlipOut{Action: store.SlipPrinted}, func(sl *caserecord.Slip) error {
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
		slip, err := s.makeSlipWith(req)
		fyne.Do(func() {
			f.print.Enable()
			if err != nil && lpOut != nil {
				f.message.Importance = widget.DangerImportance
				f.message.SetText(i18n.T("case.slip_print_failed", "Problem", strings.TrimSpace(string(lpOut))))
				return
			}
			if err != nil {
				s.slipFailed(f, err)
				return
			}
			s.slipDone(slip, "case.slip_printed", "")
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

func (s *Screen) slipDone(slip *caserecord.Slip, key, where string) {
	f := s.slip
	f.lastSlip = slip
	f.message.Importance = widget.SuccessImportance
	f.message.SetText(i18n.T(key, "Slip", slip.Number, "Path", where, "Key", slip.Key.Fingerprint()))
}
