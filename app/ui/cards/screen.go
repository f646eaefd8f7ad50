package cards

import (
	"bytes"
	"fmt"
	"image"
	"strings"
	"time"

	"github.com/fyne-io/oksvg"
	"github.com/srwiley/rasterx"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tusk/app/sop"
	"tusk/app/store"
	tusktheme "tusk/app/ui/theme"
	"tusk/app/ui/widgets"
	"tusk/assets"
	"tusk/i18n"
)

// skipped marks a wizard question the user could not answer: it narrows
// nothing and is not asked again.
const skipped = "-"

// view is one showing of the card library: search as you type, filters,
// the identify wizard, and the card itself with its illustration in view.
type view struct {
	sc   *Screen
	pack *sop.Pack
	lang string

	search   *widgets.Entry
	group    *widget.Select
	form     *widget.Select
	appendix *widget.Select
	large    *widget.Check
	banner   *widget.Label
	count    *widget.Label
	list     *widget.List
	hits     []sop.Hit

	// The identify wizard.
	wizardOn  *widget.Check
	wizardBox *fyne.Container
	answers   map[string]string
	order     []string // answered questions, in the order asked
	question  string
	options   map[string]*widget.Button
	skip      *widget.Button
	restart   *widget.Button

	addWord *addWordForm

	detail  *fyne.Container
	zoom    *container.ThemeOverride // the card pane's own theme: large type enlarges it alone
	largeOn bool
	art     *illustrations

	// The card pane follows the best hit once typing pauses.
	following bool // the list is being pointed at its best hit
	followGen int  // bumped to drop a follow still pending

	selected string
	title    *widget.Label // the open card's title, for tests
}

// groupIDs, appendices: the filter values the pack uses.
var groupIDs = []string{"mammal", "bird", "reptile"}
var appendices = []string{"I", "II", "III"}

// Build shows the card library for the signed-in user.
func (sc *Screen) Build() fyne.CanvasObject {
	p := sc.pack()
	s := &view{sc: sc, pack: p, lang: i18n.CurrentLang(), answers: map[string]string{}, options: map[string]*widget.Button{}}
	// Large type stays on from one visit of the screen to the next, and
	// the drawn illustrations are kept.
	s.art = &illustrations{drawn: map[string]image.Image{}}
	if prev := sc.cur; prev != nil {
		s.largeOn, s.art = prev.largeOn, prev.art
	}
	sc.cur = s
	s.search = sc.env().Entry("cards.search_hint")
	s.search.OnChanged = func(string) { s.touch(); s.refreshCards() }
	s.search.OnSubmitted = func(string) { s.openFirstCard() }

	any := i18n.T("cards.filter_any")
	groups := []string{any}
	for _, g := range groupIDs {
		groups = append(groups, i18n.T("cards.group."+g))
	}
	s.group = widgets.NewSelect(groups, func(string) { s.refreshCards() })
	s.group.SetSelectedIndex(0)
	forms := []string{any}
	if p != nil {
		for _, f := range p.Forms {
			forms = append(forms, f.Names.In(s.lang))
		}
	}
	s.form = widgets.NewSelect(forms, func(string) { s.refreshCards() })
	s.form.SetSelectedIndex(0)
	apps := []string{any}
	for _, a := range appendices {
		apps = append(apps, i18n.T("cards.appendix", "App", a))
	}
	s.appendix = widgets.NewSelect(apps, func(string) { s.refreshCards() })
	s.appendix.SetSelectedIndex(0)
	s.large = widget.NewCheck(i18n.T("cards.large_type"), func(on bool) { s.setLargeType(on, false) })
	s.large.Checked = s.largeOn

	s.banner = &widget.Label{Importance: widget.DangerImportance, Wrapping: fyne.TextWrapWord}
	s.banner.Hide()
	s.count = &widget.Label{Importance: widget.LowImportance}
	s.list = widget.NewList(func() int { return len(s.hits) },
		func() fyne.CanvasObject {
			return container.NewVBox(&widget.Label{TextStyle: fyne.TextStyle{Bold: true}, Truncation: fyne.TextTruncateEllipsis},
				&widget.Label{Importance: widget.LowImportance, Truncation: fyne.TextTruncateEllipsis})
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id >= len(s.hits) {
				return
			}
			box := o.(*fyne.Container)
			title, sub := s.cardRow(s.hits[id])
			box.Objects[0].(*widget.Label).SetText(title)
			box.Objects[1].(*widget.Label).SetText(sub)
		})
	s.list.OnSelected = func(id widget.ListItemID) {
		s.touch()
		if id >= len(s.hits) {
			return
		}
		if s.following && s.selected != "" {
			s.followBestHit()
			return
		}
		if s.hits[id].Card != s.selected {
			s.openCard(s.hits[id].Card)
		}
	}

	s.wizardOn = widget.NewCheck(i18n.T("cards.wizard"), func(on bool) {
		s.answers, s.order = map[string]string{}, nil
		if on {
			s.wizardBox.Show()
		} else {
			s.wizardBox.Hide()
		}
		s.refreshCards()
	})
	s.wizardBox = container.NewVBox()
	s.wizardBox.Hide()
	s.skip = &widget.Button{Text: i18n.T("cards.wizard_skip"), Icon: theme.MediaSkipNextIcon(), OnTapped: s.act(func() {
		if s.question != "" {
			s.answers[s.question] = skipped
			s.order = append(s.order, s.question)
			s.refreshCards()
		}
	})}
	s.restart = &widget.Button{Text: i18n.T("cards.wizard_restart"), Icon: theme.ViewRefreshIcon(), OnTapped: s.act(func() {
		s.answers, s.order = map[string]string{}, nil
		s.refreshCards()
	})}

	s.detail = container.NewStack()
	s.zoom = container.NewThemeOverride(s.detail, s.cardTheme())
	if p == nil {
		s.detail.Add(container.NewPadded(widgets.Wrapped(i18n.T("cards.loading"), widget.LowImportance)))
	}
	s.showPackBanner()

	// Each filter says what it filters: three selects all reading "All"
	// told nothing.
	filters := container.NewGridWithColumns(3,
		filterBox("cards.filter.group", s.group), filterBox("cards.filter.form", s.form), filterBox("cards.filter.appendix", s.appendix))
	// Two checks side by side, the trainer's button beside the count: in
	// French the three in one row made the screen 1105 px wide.
	tools := container.NewGridWithColumns(2, s.wizardOn, s.large)
	countRow := fyne.CanvasObject(s.count)
	if sc.user().Can(store.CapEditPack) && p != nil {
		add := &widget.Button{Text: i18n.T("cards.add_word"), Icon: theme.ContentAddIcon(), OnTapped: s.act(func() { s.showAddWord() })}
		countRow = container.NewBorder(nil, nil, nil, add, s.count)
	}
	left := container.NewBorder(
		container.NewVBox(s.banner, s.search, filters, tools, s.wizardBox, countRow),
		nil, nil, nil, s.list)
	split := container.NewHSplit(left, s.zoom)
	split.Offset = 0.36
	s.refreshCards()
	// At the counter the next thing is to type what the waybill says.
	s.sc.env().Focus(s.search)
	return split
}

// filterBox is a filter with its name over it.
func filterBox(key string, sel *widget.Select) fyne.CanvasObject {
	name := &widget.Label{Text: i18n.T(key), Importance: widget.LowImportance, Wrapping: fyne.TextWrapWord, SizeName: theme.SizeNameCaptionText}
	return container.NewBorder(name, nil, nil, nil, sel)
}

// showPackBanner tells trainers and supervisors when the edited pack was
// refused, with its file and line, while the last good pack stays in use.
func (s *view) showPackBanner() {
	live := s.sc.live()
	if live == nil || !s.sc.user().Can(store.CapEditPack) {
		return
	}
	if err := live.LastError(); err != nil {
		s.banner.SetText(i18n.T("cards.pack_refused", "Problems", firstLines(err.Error(), 4)))
		s.banner.Show()
	}
}

func firstLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = append(lines[:n], "…")
	}
	return strings.Join(lines, "\n")
}

func (s *view) filter() sop.Filter {
	var f sop.Filter
	if i := s.group.SelectedIndex(); i > 0 {
		f.Group = groupIDs[i-1]
	}
	if i := s.form.SelectedIndex(); i > 0 && s.pack != nil && i-1 < len(s.pack.Forms) {
		f.Form = s.pack.Forms[i-1].ID
	}
	if i := s.appendix.SelectedIndex(); i > 0 {
		f.Appendix = appendices[i-1]
	}
	return f
}

// refreshCards reruns the search (and the wizard) and redraws the list.
func (s *view) refreshCards() {
	if s.pack == nil || s.list == nil {
		return
	}
	f := s.filter()
	s.hits = s.pack.Search(s.search.Text, s.lang, f)
	if s.wizardOn.Checked {
		keep := map[string]bool{}
		for _, id := range s.pack.Narrow(s.answers, f) {
			keep[id] = true
		}
		hits := s.hits[:0:0]
		for _, h := range s.hits {
			if keep[h.Card] {
				hits = append(hits, h)
			}
		}
		s.hits = hits
		s.refreshWizard()
	}
	s.count.SetText(i18n.TN("cards.count", len(s.hits)))
	s.list.UnselectAll()
	s.list.Refresh()
	// The card pane follows the best hit as the user types, and the list
	// shows it at its top. (Selecting before the list has a size scrolled
	// it one row past the first card.)
	if len(s.hits) > 0 {
		s.following = true
		s.list.Select(0)
		s.following = false
	} else if s.selected != "" {
		s.followGen++
		s.selected = ""
		s.title = nil
		s.showDetail(container.NewPadded(widgets.Wrapped(i18n.TN("cards.count", 0), widget.LowImportance)))
	}
	s.list.ScrollToTop()
}

// cardRow is a list row: the title, then species, appendix and what matched.
func (s *view) cardRow(h sop.Hit) (string, string) {
	c := s.pack.CardByID[h.Card]
	if c == nil {
		return h.Card, ""
	}
	parts := []string{}
	if sp := s.pack.CardSpecies(c.ID); sp != nil {
		parts = append(parts, sp.Names.In(s.lang), i18n.T("cards.appendix", "App", sp.CITES.Appendix))
	}
	if h.Text != "" && h.Field != sop.FieldTitle {
		parts = append(parts, "“"+h.Text+"”")
	}
	return c.Title.In(s.lang), strings.Join(parts, " · ")
}

// typingPause is how long typing stops before the card pane follows the
// best hit: drawing each card the letters pass through made typing lag.
const typingPause = 150 * time.Millisecond

// followBestHit opens the best hit once typing pauses.
func (s *view) followBestHit() {
	s.followGen++
	gen := s.followGen
	later(typingPause, func() {
		if s.sc.cur != s || s.followGen != gen || len(s.hits) == 0 || s.hits[0].Card == s.selected {
			return
		}
		s.openCard(s.hits[0].Card)
	})
}

func (s *view) openFirstCard() {
	if len(s.hits) > 0 {
		s.list.Select(0)
		if s.selected != s.hits[0].Card {
			s.openCard(s.hits[0].Card)
		}
	}
}

// refreshWizard shows the next question that best splits the remaining
// cards, each answer with how many cards it leaves and what to look at.
func (s *view) refreshWizard() {
	p := s.pack
	remaining := p.Narrow(s.answers, s.filter())
	s.question = p.NextQuestion(remaining, s.answers)
	s.options = map[string]*widget.Button{}
	box := s.wizardBox
	box.RemoveAll()
	for _, q := range s.order {
		a := s.answers[q]
		if a == skipped {
			continue
		}
		qq := p.QuestionByID[q]
		if qq == nil {
			continue
		}
		for _, op := range qq.Options {
			if op.ID == a {
				line := "✓ " + qq.Text.In(s.lang) + " " + op.Text.In(s.lang)
				if h := op.Hint.In(s.lang); h != "" {
					line += " — " + h
				}
				box.Add(&widget.Label{Text: line, Wrapping: fyne.TextWrapWord, Importance: widget.SuccessImportance})
			}
		}
	}
	if s.question == "" {
		box.Add(&widget.Label{Text: i18n.TN("cards.wizard_done", len(remaining)), Wrapping: fyne.TextWrapWord, TextStyle: fyne.TextStyle{Bold: true}})
		box.Add(container.NewHBox(s.restart))
		return
	}
	qq := p.QuestionByID[s.question]
	counts := p.OptionCounts(s.question, remaining)
	box.Add(&widget.Label{Text: qq.Text.In(s.lang), Wrapping: fyne.TextWrapWord, TextStyle: fyne.TextStyle{Bold: true}})
	grid := container.NewGridWithColumns(2)
	for _, op := range qq.Options {
		op := op
		if counts[op.ID] == 0 {
			continue
		}
		b := &widget.Button{Text: fmt.Sprintf("%s (%d)", op.Text.In(s.lang), counts[op.ID]), Alignment: widget.ButtonAlignLeading}
		b.OnTapped = s.act(func() {
			s.answers[s.question] = op.ID
			s.order = append(s.order, s.question)
			s.refreshCards()
		})
		s.options[op.ID] = b
		grid.Add(b)
	}
	box.Add(grid)
	box.Add(container.NewHBox(s.skip, s.restart))
}

// openCard shows one card in full.
func (s *view) openCard(id string) {
	p := s.pack
	c := p.CardByID[id]
	if c == nil {
		return
	}
	s.followGen++ // a card chosen now wins over one still to follow
	s.selected = id
	lang := s.lang
	sp := p.CardSpecies(id)

	img := canvas.NewImageFromImage(s.art.picture(c.Illustration))
	img.FillMode = canvas.ImageFillContain
	// The illustration sets the pane's height, not its width: it shrinks
	// to fit a narrow pane rather than widen the window.
	scale := s.cardTheme().Scale
	img.SetMinSize(fyne.NewSize(160, 240*scale))

	s.title = &widget.Label{Text: c.Title.In(lang), SizeName: theme.SizeNameHeadingText, TextStyle: fyne.TextStyle{Bold: true}, Wrapping: fyne.TextWrapWord}
	body := container.NewVBox(s.title)
	if sp != nil {
		body.Add(&widget.Label{Text: fmt.Sprintf("%s · %s", sp.Names.In(lang), sp.Scientific), TextStyle: fyne.TextStyle{Italic: true}, Wrapping: fyne.TextWrapWord})
		// Bold in the text colour: the primary green as text was 2.4:1 on
		// the dark background.
		body.Add(&widget.Label{Text: i18n.T("cards.cites_line", "App", sp.CITES.Appendix, "Date", sp.CITES.AsOf), TextStyle: fyne.TextStyle{Bold: true}, Wrapping: fyne.TextWrapWord})
		if n := sp.CITES.Note.In(lang); n != "" {
			body.Add(widgets.Wrapped(n, widget.MediumImportance))
		}
	}
	if f := p.FormByID[c.Form]; f != nil {
		body.Add(widgets.Wrapped(i18n.T("cards.form_line", "Form", f.Names.In(lang), "Term", f.TradeTerm, "Units", strings.Join(f.Units, ", ")), widget.LowImportance))
	}
	body.Add(widgets.Wrapped(c.Summary.In(lang), widget.MediumImportance))
	if s := c.Safety.In(lang); s != "" {
		body.Add(section("cards.safety", theme.WarningIcon(), widgets.Wrapped(s, widget.WarningImportance)))
	}
	body.Add(section("cards.features", theme.VisibilityIcon(), bullets(c.Features, lang)))
	if len(c.Lookalikes) > 0 {
		grid := container.NewGridWithColumns(2)
		for _, la := range c.Lookalikes {
			// Wrapped labels, not card titles: a long name must not widen the window.
			inner := container.NewVBox(&widget.Label{Text: la.Name.In(lang), TextStyle: fyne.TextStyle{Bold: true}, Wrapping: fyne.TextWrapWord},
				widgets.Wrapped(la.Tell.In(lang), widget.MediumImportance))
			if other := p.CardByID[la.Card]; other != nil {
				target := other.ID
				inner.Add(&widget.Button{Text: i18n.T("cards.open_card"), Icon: theme.NavigateNextIcon(),
					OnTapped: s.act(func() { s.openCard(target) })})
			}
			grid.Add(inner)
		}
		body.Add(section("cards.lookalikes", theme.QuestionIcon(), grid))
	}
	var declared []string
	for _, cat := range c.DeclaredAs.Categories {
		if cc := p.CategoryByID[cat]; cc != nil {
			declared = append(declared, cc.Names.In(lang))
		}
	}
	decl := container.NewVBox()
	if len(declared) > 0 {
		decl.Add(widgets.Wrapped(i18n.T("cards.declared_categories", "List", strings.Join(declared, ", ")), widget.MediumImportance))
	}
	for _, ph := range c.DeclaredAs.Phrases {
		decl.Add(widgets.Wrapped("“"+ph.Text+"” ("+ph.Lang+")", widget.MediumImportance))
	}
	body.Add(section("cards.declared_as", theme.DocumentIcon(), decl))
	if words := p.CodeWordsFor(id); len(words) > 0 {
		box := container.NewVBox()
		for _, w := range words {
			box.Add(widgets.Wrapped(fmt.Sprintf("“%s” · %s · %s — %s", w.Text, w.Lang, w.Script, w.Meaning.In(lang)), widget.MediumImportance))
		}
		body.Add(section("cards.code_words", theme.SearchIcon(), box))
	}
	if len(c.Concealment) > 0 {
		body.Add(section("cards.concealment", theme.VisibilityOffIcon(), bullets(c.Concealment, lang)))
	}
	legal := container.NewVBox(widgets.Wrapped(c.Legal.In(lang), widget.MediumImportance))
	if depot := s.sc.env().Depot(); depot != nil && sp != nil {
		// The country by its name, not a bare code.
		country := depot.Country
		if c := p.CountryByCode[country]; c != nil {
			country = c.Names.In(lang)
		}
		for _, l := range p.LegalNotes(depot.Country, sp.ID) {
			legal.Add(widgets.Wrapped(country+": "+l.Text.In(lang), widget.MediumImportance))
		}
	}
	body.Add(section("cards.legal", theme.InfoIcon(), legal))
	var srcs []string
	for _, src := range p.SourcesFor(c.Sources) {
		line := src.Title
		if src.Date != "" {
			line += " (" + src.Date + ")"
		}
		srcs = append(srcs, "• "+line)
	}
	body.Add(section("cards.sources", theme.FileIcon(), widgets.Wrapped(strings.Join(srcs, "\n"), widget.LowImportance)))
	body.Add(widgets.Wrapped(i18n.T("cards.pack_as_of", "Version", p.Manifest.Version, "Date", p.Manifest.AsOf), widget.LowImportance))

	// The illustration stays in view above the text while staff compare.
	view := container.NewBorder(img, nil, nil, nil, container.NewVScroll(container.NewPadded(body)))
	s.showDetail(view)
}

// showDetail puts o in the card pane, under the pane's theme.
func (s *view) showDetail(o fyne.CanvasObject) {
	s.detail = container.NewStack(o)
	s.zoom.Content = s.detail
	s.zoom.Refresh()
}

// illustrations draws each card's SVG illustration once, into a picture
// large enough for large type, and keeps it. An SVG image is drawn again
// at every new size it is laid out at: a card took half a second to
// open, and large type seconds, most of it drawing the same illustration
// again. A picture is only scaled.
type illustrations struct {
	drawn map[string]image.Image
}

// artSize is the size the illustrations are drawn at: the card pane's
// illustration in large type.
var artSize = fyne.NewSize(320*largeScale, 240*largeScale)

func (a *illustrations) picture(name string) image.Image {
	if img, ok := a.drawn[name]; ok {
		return img
	}
	svg, _ := assets.CardIllustration(name)
	img := drawSVG(svg, int(artSize.Width), int(artSize.Height))
	a.drawn[name] = img
	return img
}

// drawSVG draws an SVG to fit w×h pixels, keeping its shape, with the
// parser and rasteriser Fyne uses itself. Drawn through a Fyne software
// canvas instead, it never returned when the card pane followed the best
// hit after a pause (the card stayed the one before); this needs no Fyne.
// A broken SVG gives an empty picture: the card is still shown.
func drawSVG(svg []byte, w, h int) (img image.Image) {
	empty := image.NewNRGBA(image.Rect(0, 0, 1, 1))
	icon, err := oksvg.ReadIconStream(bytes.NewReader(svg))
	if err != nil || icon.ViewBox.W <= 0 || icon.ViewBox.H <= 0 {
		return empty
	}
	aspect := icon.ViewBox.W / icon.ViewBox.H
	if float64(w)/float64(h) > aspect {
		w = int(float64(h) * aspect)
	} else {
		h = int(float64(w) / aspect)
	}
	icon.SetTarget(0, 0, float64(w), float64(h))
	out := image.NewNRGBA(image.Rect(0, 0, w, h))
	scanner := rasterx.NewScannerGV(w, h, out, out.Bounds())
	defer func() {
		if recover() != nil {
			img = empty
		}
	}()
	icon.Draw(rasterx.NewDasher(w, h, scanner), 1)
	return out
}

func bullets(items []sop.Text, lang string) fyne.CanvasObject {
	box := container.NewVBox()
	for _, t := range items {
		box.Add(widgets.Wrapped("• "+t.In(lang), widget.MediumImportance))
	}
	return box
}

// section is a heading with an icon over its content: icons next to words
// for staff who read slowly.
func section(key string, icon fyne.Resource, content fyne.CanvasObject) fyne.CanvasObject {
	// The heading wraps: a long one in French must not widen the window.
	head := container.NewBorder(nil, nil, widget.NewIcon(icon), nil,
		&widget.Label{Text: i18n.T(key), TextStyle: fyne.TextStyle{Bold: true}, SizeName: theme.SizeNameSubHeadingText, Wrapping: fyne.TextWrapWord})
	return container.NewVBox(widget.NewSeparator(), head, content)
}

// largeScale is how much large type enlarges the card.
const largeScale = 1.5

// cardTheme is the card pane's theme: the app's, enlarged in large type.
func (s *view) cardTheme() *tusktheme.Theme {
	base := s.sc.theme()
	if !s.largeOn {
		return base
	}
	t := *base
	t.Scale = largeScale
	return &t
}

// setLargeType enlarges the card pane alone, for reading at arm's length.
// The rest of the window, the search, the wizard and the open card stay as
// they are. Enlarging the whole app took seconds and rebuilt the screen.
// With now, the card is drawn at once, without the message.
func (s *view) setLargeType(on, now bool) {
	if s.largeOn == on {
		return
	}
	s.largeOn = on
	apply := func() {
		if s.sc.cur != s {
			return // the screen was left meanwhile; the next one reads largeOn
		}
		s.zoom.Theme = s.cardTheme()
		if s.selected != "" {
			s.openCard(s.selected) // the illustration grows too
		} else {
			s.zoom.Refresh()
		}
	}
	if s.selected == "" || now {
		apply()
		return
	}
	// Drawing a whole card's text at a new size takes a moment on a slow
	// PC (over a second under Xvfb's software rendering): say so first.
	s.showDetail(container.NewPadded(
		&widget.Label{Text: i18n.T("cards.large_wait"), SizeName: theme.SizeNameSubHeadingText, Wrapping: fyne.TextWrapWord}))
	later(60*time.Millisecond, apply) // after the message is on the screen
}

// later runs f on the UI goroutine after d. Tests run f at once.
var later = func(d time.Duration, f func()) {
	time.AfterFunc(d, func() { fyne.Do(f) })
}
