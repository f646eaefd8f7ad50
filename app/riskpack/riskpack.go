// Package riskpack converts the SOP content pack (package sop) into what
// the risk assessment (package inspect) takes: the weighted rules, the
// action thresholds and the base SignalContext (checklist item → rule,
// countries of concern by route role, folded code words). The Inspect
// screen and `tusk assess` both score through it, so a parcel gets the same
// score, level and reasons in either.
//
// A Risk is built once per loaded pack (New) and never changed, so any
// number of goroutines may use it; a pack reload makes a new one.
package riskpack

import (
	"maps"
	"slices"
	"time"

	"tusk/app/inspect"
	"tusk/app/sop"
)

// Risk is one pack, converted.
type Risk struct {
	// Rules are the pack's rules in file order.
	Rules []inspect.Rule
	// Thresholds are the pack's hold and refuse scores.
	Thresholds inspect.Thresholds
	// Base is the SignalContext without the parcel-specific parts (Now,
	// Repeat). Its maps and slices are shared: read them, never change
	// them; Context returns a copy to fill in.
	Base inspect.SignalContext

	pack *sop.Pack
}

// New converts p. A nil pack gives a Risk with no rules, which scores
// every parcel 0.
func New(p *sop.Pack) *Risk {
	r := &Risk{pack: p, Base: inspect.SignalContext{ItemRules: map[string]string{}, ItemSignals: map[string]string{}, Concern: map[string][]string{}}}
	if p == nil {
		return r
	}
	r.Thresholds = inspect.Thresholds{Hold: p.Rules.Thresholds.Hold, Refuse: p.Rules.Thresholds.Refuse}
	for _, rl := range p.Rules.Rules {
		kind := rl.Kind
		if kind == sop.KindWildlife {
			kind = ""
		}
		r.Rules = append(r.Rules, inspect.Rule{ID: rl.ID, Weight: rl.Weight, Signal: rl.Signal, Action: rl.Action,
			Group: rl.Group, Kind: kind})
		if rl.Kind == sop.KindPostal {
			r.Base.PostalRules = append(r.Base.PostalRules, rl.ID)
		}
		for item, sig := range rl.ItemSignals {
			r.Base.ItemSignals[item] = sig
		}
	}
	for _, it := range p.Checklists.Items {
		if it.Rule != "" {
			r.Base.ItemRules[it.ID] = it.Rule
		}
	}
	for _, c := range p.Routes.Countries {
		for _, role := range c.Roles {
			if !slices.Contains(r.Base.Concern[role], c.Country) {
				r.Base.Concern[role] = append(r.Base.Concern[role], c.Country)
			}
		}
	}
	for role := range r.Base.Concern {
		slices.Sort(r.Base.Concern[role])
	}
	r.Base.Words = codeWords(p)
	return r
}

// codeWords folds the pack's code words once. A weak word carries the
// declared categories of its cards and the cards themselves: what may
// back it. A text listed strong and weak is strong.
func codeWords(p *sop.Pack) []inspect.CodeWord {
	at := map[string]int{}
	var out []inspect.CodeWord
	for _, w := range p.CodeWords {
		text := inspect.NormalizeName(w.Text)
		if text == "" {
			continue
		}
		i, seen := at[text]
		if !seen {
			i = len(out)
			at[text] = i
			out = append(out, inspect.CodeWord{Text: text, Weak: true})
		}
		cw := &out[i]
		if w.Strength != sop.StrengthWeak {
			cw.Weak = false
		}
		for _, id := range w.Cards {
			if !slices.Contains(cw.Cards, id) {
				cw.Cards = append(cw.Cards, id)
			}
			if c := p.CardByID[id]; c != nil {
				for _, cat := range c.DeclaredAs.Categories {
					if !slices.Contains(cw.Categories, cat) {
						cw.Categories = append(cw.Categories, cat)
					}
				}
			}
		}
	}
	for i := range out {
		if !out[i].Weak {
			out[i].Categories, out[i].Cards = nil, nil
		}
		slices.Sort(out[i].Categories)
		slices.Sort(out[i].Cards)
	}
	return out
}

// Pack is the pack this Risk was made from.
func (r *Risk) Pack() *sop.Pack { return r.pack }

// Context is a copy of Base with the repeat counts from the store
// (store.RepeatCounts; nil when there is no store) and the clock for ID
// checks (zero: the inspection's UpdatedAt).
func (r *Risk) Context(repeat map[string]int, now time.Time) inspect.SignalContext {
	c := r.Base
	c.Repeat = maps.Clone(repeat)
	c.Now = now
	return c
}

// Assess scores an inspection with the pack's rules: inspect.Assess with
// Context(repeat, now).
func (r *Risk) Assess(in *inspect.Inspection, repeat map[string]int, now time.Time) inspect.Assessment {
	return inspect.Assess(in, r.Rules, r.Thresholds, r.Context(repeat, now))
}

// Reason is one reason of an assessment in words.
type Reason struct {
	Rule    string `json:"rule"`
	Weight  int    `json:"weight"`
	Name    string `json:"name"`    // the rule's name in the language asked for
	Explain string `json:"explain"` // why it matters, in that language
	Detail  string `json:"detail"`  // what fired it: roles, item or card IDs, countries (not translated)
	// SameAs names the rule of the same group that counted (this one then
	// weighs 0); Floor is the action this rule's floor set, when it set
	// the suggestion above the score's.
	SameAs string `json:"same_as,omitempty"`
	Floor  string `json:"floor,omitempty"`
}

// Explain puts an assessment's reasons into words in lang, falling back
// to English where the pack lacks a translation and to the rule ID for a
// rule the pack does not have (an assessment saved under an older pack).
func (r *Risk) Explain(a inspect.Assessment, lang string) []Reason {
	out := make([]Reason, 0, len(a.Reasons))
	for _, rs := range a.Reasons {
		x := Reason{Rule: rs.RuleID, Weight: rs.Weight, Name: rs.RuleID, Detail: rs.Detail, SameAs: rs.SameAs, Floor: rs.Floor}
		if r.pack != nil {
			if rl := r.pack.RuleByID[rs.RuleID]; rl != nil {
				x.Name, x.Explain = rl.Name.In(lang), rl.Explain.In(lang)
			}
		}
		out = append(out, x)
	}
	return out
}
