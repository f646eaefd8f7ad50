package sop

// The identify wizard asks about what staff see (alive? what material?
// what colour?) and narrows the cards down. A card's Traits list, per
// question, every option that fits it; a card that leaves a question out
// fits any answer to it.

// Narrow returns the IDs of the cards, in pack order, that fit every
// answer (question ID to option ID) and pass the filter. An empty answer,
// or a question or option the pack does not know, narrows nothing, so an
// answer saved against an older pack cannot empty the list by itself.
func (p *Pack) Narrow(answers map[string]string, f Filter) []string {
	if p == nil {
		return nil
	}
	var out []string
	for i := range p.Cards {
		c := &p.Cards[i]
		if p.idx != nil && !p.idx.passes(i, f) {
			continue
		}
		if p.fits(c, answers) {
			out = append(out, c.ID)
		}
	}
	return out
}

func (p *Pack) fits(c *Card, answers map[string]string) bool {
	for q, o := range answers {
		if o == "" || !p.knownOption(q, o) {
			continue
		}
		opts, ok := c.Traits[q]
		if !ok {
			continue
		}
		if !contains(opts, o) {
			return false
		}
	}
	return true
}

func (p *Pack) knownOption(q, o string) bool {
	qq := p.QuestionByID[q]
	if qq == nil {
		return false
	}
	for _, op := range qq.Options {
		if op.ID == o {
			return true
		}
	}
	return false
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// OptionCounts says, for question q, how many of the cards would remain
// after each answer. Options nothing fits count 0; the UI may still offer
// them, since "none of our cards" is an answer too.
func (p *Pack) OptionCounts(q string, cards []string) map[string]int {
	qq := p.QuestionByID[q]
	if qq == nil {
		return nil
	}
	counts := make(map[string]int, len(qq.Options))
	for _, op := range qq.Options {
		counts[op.ID] = 0
	}
	for _, id := range cards {
		c := p.CardByID[id]
		if c == nil {
			continue
		}
		opts, ok := c.Traits[q]
		for _, op := range qq.Options {
			if !ok || contains(opts, op.ID) {
				counts[op.ID]++
			}
		}
	}
	return counts
}

// NextQuestion picks the unanswered question that best splits the
// remaining cards: the one whose worst answer leaves the fewest cards,
// then the one that leaves fewest on average, then wizard order. A
// question that no answer would narrow is skipped, so the wizard never
// asks something useless. It returns "" when no question can narrow the
// cards further (one card left, or the rest share every trait).
func (p *Pack) NextQuestion(cards []string, answers map[string]string) string {
	if p == nil || len(cards) < 2 {
		return ""
	}
	best, bestWorst, bestSum := "", 0, 0
	for _, q := range p.Wizard.Questions {
		if answers[q.ID] != "" {
			continue
		}
		counts := p.OptionCounts(q.ID, cards)
		worst, sum, splits := 0, 0, false
		for _, op := range q.Options {
			n := counts[op.ID]
			if n == 0 {
				continue
			}
			if n < len(cards) {
				splits = true
			}
			worst = max(worst, n)
			sum += n
		}
		if !splits {
			continue
		}
		if best == "" || worst < bestWorst || (worst == bestWorst && sum < bestSum) {
			best, bestWorst, bestSum = q.ID, worst, sum
		}
	}
	return best
}

// OptionHint is the deciding feature to look at for an option, in lang
// (English when the pack lacks it), or "" when the option has no hint.
func (p *Pack) OptionHint(q, o, lang string) string {
	qq := p.QuestionByID[q]
	if qq == nil {
		return ""
	}
	for _, op := range qq.Options {
		if op.ID == o {
			return op.Hint.In(lang)
		}
	}
	return ""
}
