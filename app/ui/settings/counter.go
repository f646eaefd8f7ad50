package settings

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tusk/app/inspect"
	"tusk/app/store"
	"tusk/app/ui/widgets"
	"tusk/app/waybill"
	"tusk/i18n"
)

// counterForm is what the counter works with: the capture folder and the
// couriers' waybill formats, each made from example numbers.
type counterForm struct {
	capture  *widgets.Entry
	fields   map[string]*widgets.Field
	formats  []*formatRow
	list     *fyne.Container
	addFmt   *widget.Button
	try      *widgets.Entry
	tried    *widget.Label
	readErr  *widget.Label // the formats could not be read
	save     *widget.Button
	done     *widget.Label
	onChange func()
}

// formatRow is one courier's waybill format.
type formatRow struct {
	courier, name *widgets.Entry
	examples      *widgets.Entry
	regex         *widgets.Entry
	s10           *widget.Check
	derive        *widget.Button
	remove        *widget.Button
	fits          *widget.Label // how the examples fare
	breadth       *widget.Label // the warning when almost anything passes
	problem       *widget.Label // why it cannot be saved
	box           *fyne.Container
}

func (r *formatRow) pattern() inspect.WaybillPattern {
	p := inspect.WaybillPattern{Courier: strings.TrimSpace(r.courier.Text), Name: strings.TrimSpace(r.name.Text),
		Regex: strings.TrimSpace(r.regex.Text), Examples: waybill.Clean(r.examples.Text)}
	if r.s10.Checked {
		p.Check = inspect.CheckUPUS10
	}
	return p
}

func (f *counterForm) snapshot() string {
	var b strings.Builder
	b.WriteString(f.capture.Text)
	for _, r := range f.formats {
		p := r.pattern()
		fmt.Fprintf(&b, "\x00%s\x01%s\x01%s\x01%s\x01%s", p.Courier, p.Name, p.Regex, p.Check, strings.Join(p.Examples, ","))
	}
	return b.String()
}

func (s *Screen) buildCounter() fyne.CanvasObject {
	f := &counterForm{capture: s.env.Entry("settings.capture_hint"), list: container.NewVBox(), done: status(),
		tried: &widget.Label{Wrapping: fyne.TextWrapWord}, readErr: &widget.Label{Wrapping: fyne.TextWrapWord, Importance: widget.DangerImportance}}
	s.counter = f
	f.onChange = s.changed
	f.fields = map[string]*widgets.Field{"capture": widgets.NewField("settings.capture_dir", f.capture)}
	if v, ok := s.read(store.SettingCaptureDir, f.fields["capture"]); ok {
		f.capture.SetText(v)
	}
	s.watch(f.capture)
	for _, p := range s.readPatterns(f) {
		s.addFormat(p)
	}
	f.addFmt = &widget.Button{Text: i18n.T("settings2.waybill.add"), Icon: theme.ContentAddIcon(), OnTapped: s.act(func() {
		s.addFormat(inspect.WaybillPattern{})
		s.changed()
	})}
	f.try = s.env.Entry("settings2.waybill.try_hint")
	f.try.OnChanged = func(string) { s.tryWaybill() }
	f.save = s.saveButton("common.save", s.saveCounter)
	if f.readErr.Text == "" {
		f.readErr.Hide()
	}
	f.tried.Hide()
	return container.NewVBox(
		widgets.FormGrid(f.fields["capture"]),
		widget.NewSeparator(),
		widgets.SectionHead(i18n.T("settings.waybill_patterns"), theme.ListIcon()),
		widgets.Wrapped(i18n.T("settings2.waybill.intro"), widget.MediumImportance),
		widgets.FormGrid(widgets.NewField("settings2.waybill.try", f.try)),
		f.tried,
		f.readErr,
		f.list,
		container.NewHBox(f.addFmt))
}

// readPatterns reads the saved formats; unset gives the built-in ones, and
// a value that cannot be read says so above the list.
func (s *Screen) readPatterns(f *counterForm) []inspect.WaybillPattern {
	v, err := s.d.Store.Setting(s.ctx(), store.SettingWaybillPatterns)
	if err != nil {
		f.readErr.SetText(i18n.T("settings2.err.unreadable", "Problem", err.Error()))
		return inspect.DefaultWaybillPatterns()
	}
	if v == "" {
		return inspect.DefaultWaybillPatterns()
	}
	var ps []inspect.WaybillPattern
	if err := json.Unmarshal([]byte(v), &ps); err != nil || len(ps) == 0 {
		problem := "[]"
		if err != nil {
			problem = err.Error()
		}
		f.readErr.SetText(i18n.T("settings2.err.unreadable", "Problem", problem))
		return inspect.DefaultWaybillPatterns()
	}
	return ps
}

// addFormat adds a row for p at the end of the list.
func (s *Screen) addFormat(p inspect.WaybillPattern) *formatRow {
	f := s.counter
	r := &formatRow{courier: s.env.Entry("settings2.waybill.courier_hint"), name: s.env.Entry("settings2.waybill.name_hint"),
		examples: s.env.MultiLineEntry(), regex: s.env.Entry(""),
		fits: &widget.Label{Wrapping: fyne.TextWrapWord}, breadth: &widget.Label{Wrapping: fyne.TextWrapWord},
		problem: &widget.Label{Wrapping: fyne.TextWrapWord, Importance: widget.DangerImportance}}
	r.courier.SetText(p.Courier)
	r.name.SetText(p.Name)
	r.regex.SetText(p.Regex)
	r.examples.SetText(strings.Join(p.Examples, "\n"))
	r.examples.SetPlaceHolder(i18n.T("settings2.waybill.examples_hint"))
	r.examples.SetMinRowsVisible(3)
	r.s10 = widget.NewCheck(i18n.T("settings2.waybill.s10"), nil)
	r.s10.SetChecked(p.Check == inspect.CheckUPUS10)
	live := func() {
		s.judge(r)
		s.tryWaybill()
		s.changed()
	}
	s.watch(r.courier, r.name)
	for _, e := range []*widgets.Entry{r.examples, r.regex} {
		prev := e.OnChanged
		e.OnChanged = func(v string) {
			if prev != nil {
				prev(v)
			}
			live()
		}
	}
	r.s10.OnChanged = func(bool) { live() }
	r.derive = &widget.Button{Text: i18n.T("settings2.waybill.derive"), Icon: theme.MediaPlayIcon(), OnTapped: s.act(func() { s.deriveFormat(r) })}
	r.remove = &widget.Button{Icon: theme.DeleteIcon(), Importance: widget.LowImportance, OnTapped: s.act(func() {
		for i, o := range f.formats {
			if o == r {
				f.formats = append(f.formats[:i:i], f.formats[i+1:]...)
			}
		}
		f.list.Remove(r.box)
		s.tryWaybill()
		s.changed()
	})}
	grid := widgets.FormGrid(
		widgets.NewField("settings2.waybill.courier", container.NewBorder(nil, nil, nil, r.remove, container.NewGridWithColumns(2, r.courier, r.name))),
		widgets.NewField("settings2.waybill.examples", container.NewBorder(nil, nil, nil, container.NewVBox(r.derive), r.examples)),
		widgets.NewField("settings2.waybill.pattern", container.NewBorder(nil, nil, nil, r.s10, r.regex)))
	r.box = container.NewVBox(widget.NewSeparator(), grid, r.fits, r.breadth, r.problem)
	f.formats = append(f.formats, r)
	f.list.Add(r.box)
	s.judge(r)
	return r
}

// deriveFormat makes the row's format from its examples.
func (s *Screen) deriveFormat(r *formatRow) {
	d, err := waybill.Derive([]string{r.examples.Text})
	if err != nil {
		r.problem.SetText(i18n.T("settings2.waybill.no_examples"))
		r.problem.Show()
		return
	}
	r.examples.SetText(strings.Join(d.Examples, "\n"))
	r.s10.SetChecked(d.Check == inspect.CheckUPUS10)
	r.regex.SetText(d.Regex)
	s.judge(r)
}

// judge shows how the row's examples fare against its format and warns
// when the format lets almost anything through.
func (s *Screen) judge(r *formatRow) {
	p := r.pattern()
	r.problem.SetText("")
	r.problem.Hide()
	if p.Regex == "" {
		showText(r.fits, "")
		r.breadth.Importance = widget.MediumImportance
		r.breadth.SetText(i18n.T("settings2.waybill.empty"))
		return
	}
	res, err := waybill.Try(p, p.Examples)
	if err != nil {
		showText(r.fits, "")
		r.breadth.SetText("")
		r.problem.SetText(i18n.T("settings2.waybill.bad_pattern", "Problem", err.Error()))
		r.problem.Show()
		return
	}
	var misfits []string
	for _, x := range res {
		if !x.OK {
			misfits = append(misfits, x.Number)
		}
	}
	switch {
	case len(p.Examples) == 0:
		r.fits.Importance = widget.LowImportance
		showText(r.fits, i18n.T("settings2.waybill.no_examples_yet"))
	case len(misfits) > 0:
		r.fits.Importance = widget.DangerImportance
		showText(r.fits, i18n.T("settings2.waybill.misfits", "Count", len(misfits), "Total", len(res), "Numbers", strings.Join(misfits, ", ")))
	default:
		r.fits.Importance = widget.SuccessImportance
		showText(r.fits, i18n.TN("settings2.waybill.fits", len(res)))
	}
	b, err := waybill.Measure(p, waybill.Typical(p.Examples)...)
	if err != nil {
		return
	}
	if b.Broad {
		r.breadth.Importance = widget.WarningImportance
		r.breadth.SetText(i18n.T("settings2.waybill.broad", "Percent", fmt.Sprintf("%.0f", b.Rate*100), "Length", b.Length))
		if len(p.Examples) == 0 { // the warning says to add examples
			showText(r.fits, "")
		}
	} else {
		r.breadth.Importance = widget.LowImportance
		r.breadth.SetText(i18n.T("settings2.waybill.narrow"))
	}
}

// tryWaybill checks the typed test number against the formats in order,
// as the counter will.
func (s *Screen) tryWaybill() {
	f := s.counter
	if f == nil || f.try == nil {
		return
	}
	n := inspect.CleanWaybill(f.try.Text)
	if n == "" {
		showText(f.tried, "")
		return
	}
	var ps []inspect.WaybillPattern
	for _, r := range f.formats {
		ps = append(ps, r.pattern())
	}
	w, _ := inspect.CompilePatterns(waybill.NarrowFirst(ps))
	p, problem := w.Check(n)
	switch {
	case problem != "":
		f.tried.Importance = widget.WarningImportance
		showText(f.tried, i18n.T("settings2.waybill.tried_flagged", "Number", n, "Problem", i18n.T(problem)))
	default:
		f.tried.Importance = widget.SuccessImportance
		name := strings.TrimSpace(p.Name + " " + p.Courier)
		showText(f.tried, i18n.T("settings2.waybill.tried_ok", "Number", n, "Format", name))
	}
}

func (s *Screen) saveCounter() {
	f := s.counter
	f.fields["capture"].SetError("")
	f.done.SetText("")
	bad := false
	dir := strings.TrimSpace(f.capture.Text)
	if dir != "" {
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			f.fields["capture"].SetError("settings.err.capture_dir")
			bad = true
		}
	}
	var ps []inspect.WaybillPattern
	for _, r := range f.formats {
		s.judge(r)
		p := r.pattern()
		switch {
		case p.Regex == "":
			r.problem.SetText(i18n.T("settings2.waybill.empty"))
		case r.problem.Text != "":
		case r.fits.Importance == widget.DangerImportance:
			r.problem.SetText(i18n.T("settings2.waybill.fix_misfits"))
		default:
			ps = append(ps, p)
			continue
		}
		r.problem.Show()
		bad = true
	}
	if bad {
		setStatus(f.done, false, i18n.T("settings2.not_saved"))
		return
	}
	if err := s.d.Store.SetSetting(s.ctx(), s.user, store.SettingCaptureDir, dir); err != nil {
		f.fields["capture"].SetError(widgets.ErrorKey(err))
		return
	}
	if err := s.d.Store.SetWaybillPatterns(s.ctx(), s.user, waybill.NarrowFirst(ps)); err != nil {
		setStatus(f.done, false, i18n.T(widgets.ErrorKey(err))+" "+errDetail(err))
		return
	}
	f.readErr.Hide()
	setStatus(f.done, true, i18n.T("common.saved"))
	s.saved(Counter)
}

// errDetail is a store error's detail, such as the regular expression's
// own complaint.
func errDetail(err error) string {
	var se *store.Error
	if errors.As(err, &se) {
		return se.Detail
	}
	return ""
}
