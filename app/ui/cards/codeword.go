package cards

import (
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tusk/app/sop"
	"tusk/app/ui/dialogs"
	"tusk/app/ui/widgets"
	"tusk/i18n"
)

// addWordForm lets a trainer add a code word heard in a workshop or seen on
// a waybill. It goes into <home>/pack/codewords.json, and every open app
// reloads it.
type addWordForm struct {
	word    *widgets.Entry
	lang    *widget.Select
	card    *widget.Select
	fields  map[string]*widgets.Field
	message *widget.Label
	save    *widget.Button
	dlg     *dialogs.Dialog
	cardIDs []string
}

// wordLangs are the languages a code word can be in; "und" is "other".
var wordLangs = []string{"zh", "en", "vi", "sw", "fr", "und"}

func (s *view) showAddWord() {
	f := &addWordForm{word: s.env().Entry(""), message: &widget.Label{Importance: widget.DangerImportance, Wrapping: fyne.TextWrapWord}}
	var langNames []string
	for _, l := range wordLangs {
		if l == "und" {
			langNames = append(langNames, i18n.T("cards.word_lang_other"))
		} else {
			langNames = append(langNames, i18n.Name(l))
		}
	}
	f.lang = widgets.NewSelect(langNames, nil)
	f.lang.SetSelectedIndex(0)
	var titles []string
	for _, c := range s.pack.Cards {
		f.cardIDs = append(f.cardIDs, c.ID)
		titles = append(titles, c.Title.In(s.lang))
	}
	f.card = widgets.NewSelect(titles, nil)
	if i := indexOf(f.cardIDs, s.selected); i >= 0 {
		f.card.SetSelectedIndex(i)
	}
	f.fields = map[string]*widgets.Field{
		"word": widgets.NewField("cards.word", f.word), "lang": widgets.NewField("cards.word_lang", f.lang), "card": widgets.NewField("cards.word_card", f.card),
	}
	f.save = &widget.Button{Text: i18n.T("common.save"), Icon: theme.DocumentSaveIcon(), Importance: widget.HighImportance,
		OnTapped: s.act(func() { s.saveWord(f) })}
	f.word.OnSubmitted = func(string) { s.saveWord(f) }
	cancel := &widget.Button{Text: i18n.T("common.cancel"), Icon: theme.CancelIcon(), OnTapped: func() { f.dlg.Hide() }}
	content := container.NewVBox(widgets.Wrapped(i18n.T("cards.add_word_hint"), widget.LowImportance),
		widgets.FormGrid(f.fields["word"], f.fields["lang"], f.fields["card"]), f.message, container.NewHBox(f.save, cancel))
	s.addWord = f
	// Enter saves, from the word or anywhere else in the dialog; Esc cancels.
	f.dlg = s.env().Dialogs.Custom(i18n.T("cards.add_word"), content, func() { s.saveWord(f) }, fyne.NewSize(560, 0))
	s.env().Win.Canvas().Focus(f.word)
}

func indexOf(xs []string, x string) int {
	for i, v := range xs {
		if v == x {
			return i
		}
	}
	return -1
}

func (s *view) saveWord(f *addWordForm) {
	for _, fl := range f.fields {
		fl.SetError("")
	}
	f.message.SetText("")
	i := f.card.SelectedIndex()
	if i < 0 {
		f.fields["card"].SetError("sop.err.word_cards")
		return
	}
	card := s.pack.CardByID[f.cardIDs[i]]
	// The meaning says which product the word stands for, in every
	// language, from the card's own titles.
	meaning := sop.Text{}
	for _, l := range i18n.Languages {
		meaning[l.Code] = i18n.New(l.Code).T("cards.word_meaning", "Title", card.Title.In(l.Code))
	}
	lang := "und"
	if j := f.lang.SelectedIndex(); j >= 0 {
		lang = wordLangs[j]
	}
	who := s.sc.user().Name + " " + s.sc.now().Format("2006-01-02")
	// The word and its audit entry are one action: both or neither.
	p, err := addWord(s.sc.ctx(), s.sc.d.Store, s.sc.user(), s.sc.d.PackDir, sop.NewCodeWord{
		Text: f.word.Text, Lang: lang, Cards: []string{card.ID}, Meaning: meaning, AddedBy: who})
	switch {
	case errors.Is(err, sop.ErrWordEmpty), errors.Is(err, sop.ErrWordExists):
		f.fields["word"].SetError(err.Error())
		return
	case errors.Is(err, sop.ErrWordCards):
		f.fields["card"].SetError(err.Error())
		return
	case err != nil:
		problem := firstLines(err.Error(), 3)
		if key := widgets.ErrorKey(err); key != "common.err.unexpected" {
			problem = i18n.T(key)
		}
		f.message.SetText(i18n.T("cards.word_failed", "Problem", problem))
		return
	}
	f.dlg.Hide()
	// Show it now; the watcher's own reload a moment later changes nothing.
	if l := s.sc.live(); l != nil {
		l.Update(p, nil)
	}
	s.sc.d.Changed()
}
