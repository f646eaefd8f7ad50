package sop

// CardsFor returns the cards that pass the filter, in pack order (Limit is
// ignored).
func (p *Pack) CardsFor(f Filter) []*Card {
	if p == nil {
		return nil
	}
	var out []*Card
	for i := range p.Cards {
		if p.idx == nil || p.idx.passes(i, f) {
			out = append(out, &p.Cards[i])
		}
	}
	return out
}

// CardSpecies is the species a card is about (nil if the pack lacks it,
// which validation rules out).
func (p *Pack) CardSpecies(cardID string) *Species {
	c := p.CardByID[cardID]
	if c == nil {
		return nil
	}
	return p.SpeciesByID[c.Species]
}

// CodeWordsFor lists the code words that name a card, in pack order.
func (p *Pack) CodeWordsFor(cardID string) []*CodeWord {
	return p.wordsByCard[cardID]
}

// SourcesFor resolves source IDs, skipping unknown ones, in the given order.
func (p *Pack) SourcesFor(ids []string) []*Source {
	out := make([]*Source, 0, len(ids))
	for _, id := range ids {
		if s := p.SourceByID[id]; s != nil {
			out = append(out, s)
		}
	}
	return out
}

// ChecklistFor returns the checklist items that apply at an inspection
// stage to a declared-goods category, grouped in the pack's group order
// and in file order within a group. An empty stage or category matches
// every stage or category; items listing "*" apply to every category.
func (p *Pack) ChecklistFor(stage, category string) []*Item {
	if p == nil {
		return nil
	}
	var out []*Item
	for _, g := range p.Checklists.Groups {
		for i := range p.Checklists.Items {
			it := &p.Checklists.Items[i]
			if it.Group != g.ID {
				continue
			}
			if stage != "" && !contains(it.Stages, stage) {
				continue
			}
			if category != "" && !contains(it.Categories, "*") && !contains(it.Categories, category) {
				continue
			}
			out = append(out, it)
		}
	}
	return out
}

// LegalNotes returns the legal notes of a country that apply to a species,
// most specific first: notes naming the species, then notes for every
// species ("*"). An empty species gets only the "*" notes.
func (p *Pack) LegalNotes(country, species string) []*Legal {
	c := p.CountryByCode[country]
	if c == nil {
		return nil
	}
	var named, all []*Legal
	for i := range c.Legal {
		lg := &c.Legal[i]
		switch {
		case species != "" && contains(lg.Species, species):
			named = append(named, lg)
		case contains(lg.Species, "*"):
			all = append(all, lg)
		}
	}
	return append(named, all...)
}

// Referrals is the referral directory of a country, in pack order.
func (p *Pack) Referrals(country string) []Referral {
	if c := p.CountryByCode[country]; c != nil {
		return c.Referrals
	}
	return nil
}

// RouteCountry returns the routes entry of a country, or nil when the
// country is not one of concern.
func (p *Pack) RouteCountry(country string) *RouteCountry {
	for i := range p.Routes.Countries {
		if p.Routes.Countries[i].Country == country {
			return &p.Routes.Countries[i]
		}
	}
	return nil
}

// Counts sums up a pack, for `tusk pack check` and the about screen.
type Counts struct {
	Cards, Species, CodeWords, ChecklistItems, Rules, Countries int
}

// Counts returns the pack's sizes.
func (p *Pack) Counts() Counts {
	return Counts{
		Cards: len(p.Cards), Species: len(p.Species), CodeWords: len(p.CodeWords),
		ChecklistItems: len(p.Checklists.Items), Rules: len(p.Rules.Rules), Countries: len(p.Countries),
	}
}
