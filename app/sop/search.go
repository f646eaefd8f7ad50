package sop

import (
	"sort"
	"strings"
	"sync"
	"unicode/utf8"
)

// Field says which part of a card a search hit matched.
type Field uint8

// The searchable fields of a card.
const (
	FieldCodeWord   Field = iota // a code word that names the card
	FieldTitle                   // the card's title
	FieldSpecies                 // the species' common name
	FieldScientific              // the species' scientific name
	FieldPhrase                  // a declared-as phrase
	FieldForm                    // the product form's name
)

var fieldNames = [...]string{"codeword", "title", "species", "scientific", "phrase", "form"}

// String is a stable key for the field; the UI translates it as
// "sop.field.<name>".
func (f Field) String() string {
	if int(f) < len(fieldNames) {
		return fieldNames[f]
	}
	return "unknown"
}

// Match says how a hit matched, best first.
type Match uint8

// How a query matched a card.
const (
	MatchExact      Match = iota // the whole query is the whole field
	MatchPrefix                  // the field starts with the query's whole words
	MatchWord                    // every query word is a whole word of the card
	MatchWordPrefix              // every query word starts a word (or is inside a Chinese word), or the field starts with the query cut mid-word
	MatchTypo                    // with one typo in a query word of 4 letters or more
)

var matchNames = [...]string{"exact", "prefix", "word", "word_prefix", "typo"}

func (m Match) String() string {
	if int(m) < len(matchNames) {
		return matchNames[m]
	}
	return "unknown"
}

// Hit is one card found by Search.
type Hit struct {
	Card  string // card ID
	Score int    // higher is better; only the order matters
	Match Match  // how the best field matched
	Field Field  // which field matched best
	Text  string // that field's text as written in the pack
	Lang  string // its language, "" for scientific names
}

// Filter narrows cards by species group, product form and CITES appendix.
// Empty fields do not filter. Limit, when above 0, caps Search's hits.
type Filter struct {
	Group    string // mammal, bird, reptile ...
	Form     string // form ID
	Appendix string // "I", "II" or "III"; a split listing "I/II" matches both
	Limit    int
}

// entry is one searchable text of one card.
type entry struct {
	card int32
	kind Field
	lang string
	text string
}

// index is the folded search index, built once per pack.
type index struct {
	entries []entry
	ncards  int

	exact      map[string][]int32 // compact key -> entries
	bprefix    map[string][]int32 // compact leading words of a key -> entries
	keys       []string           // sorted unique compact keys
	keyEntries [][]int32

	words       []string // sorted unique words (folded, and pinyin)
	wordEntries [][]int32
	dels        map[string][]int32 // word and its one-rune deletions -> word IDs
	hanWords    map[rune][]int32   // Han character -> IDs of Han words holding it

	cardStart []int32 // first entry of each card, plus a sentinel

	// per card, for filters
	group, form []string
	appendix    []string

	pool   sync.Pool        // *scratch
	wordID map[string]int32 // while building only
}

func buildIndex(p *Pack) *index {
	ix := &index{ncards: len(p.Cards), exact: map[string][]int32{}, bprefix: map[string][]int32{}, wordID: map[string]int32{}}
	ix.group = make([]string, len(p.Cards))
	ix.form = make([]string, len(p.Cards))
	ix.appendix = make([]string, len(p.Cards))
	for i := range p.Cards {
		c := &p.Cards[i]
		ci := int32(i)
		ix.cardStart = append(ix.cardStart, int32(len(ix.entries)))
		ix.form[i] = c.Form
		for _, lang := range Languages {
			ix.add(ci, FieldTitle, lang, c.Title[lang])
		}
		for _, w := range p.wordsByCard[c.ID] {
			ix.add(ci, FieldCodeWord, w.Lang, w.Text)
		}
		if s := p.SpeciesByID[c.Species]; s != nil {
			ix.group[i] = s.Group
			ix.appendix[i] = s.CITES.Appendix
			for _, lang := range Languages {
				ix.add(ci, FieldSpecies, lang, s.Names[lang])
			}
			for _, sci := range strings.FieldsFunc(s.Scientific, func(r rune) bool { return r == ',' || r == ';' }) {
				ix.add(ci, FieldScientific, "", strings.TrimSpace(sci))
			}
		}
		for _, ph := range c.DeclaredAs.Phrases {
			ix.add(ci, FieldPhrase, ph.Lang, ph.Text)
		}
		if f := p.FormByID[c.Form]; f != nil {
			for _, lang := range Languages {
				ix.add(ci, FieldForm, lang, f.Names[lang])
			}
		}
	}
	ix.cardStart = append(ix.cardStart, int32(len(ix.entries)))
	ix.finish()
	return ix
}

// IndexedText lists the texts Search matches for a card: each field as
// written and, after any Chinese one, its toneless pinyin. It serves
// debugging and the FTS5 comparison benchmark.
func (p *Pack) IndexedText(cardID string) []string {
	i, ok := p.cardIndex[cardID]
	if !ok || p.idx == nil {
		return nil
	}
	var out []string
	for _, e := range p.idx.entries[p.idx.cardStart[i]:p.idx.cardStart[i+1]] {
		out = append(out, e.text)
		if hasHan(e.text) {
			var syl []string
			for _, run := range pinyinRuns(fold(e.text)) {
				syl = append(syl, run...)
			}
			out = append(out, strings.Join(syl, " "))
		}
	}
	return out
}

func (ix *index) add(card int32, kind Field, lang, text string) {
	if strings.TrimSpace(text) == "" {
		return
	}
	e := int32(len(ix.entries))
	ix.entries = append(ix.entries, entry{card: card, kind: kind, lang: lang, text: text})
	f := fold(text)
	ix.addKey(f, e)
	for _, w := range words(f) {
		ix.addWord(w, e)
	}
	if hasHan(text) {
		// Pinyin lets staff without a Chinese keyboard find Chinese names:
		// each syllable, each run joined, and neighbouring pairs joined, so
		// "xiangya", "xiang ya" and "xijiao" all hit. The whole-field key
		// keeps any Latin text, so "hedinghong" is not an exact match for
		// "Carved casque (鹤顶红)".
		for _, run := range pinyinRuns(f) {
			for i, syl := range run {
				ix.addWord(syl, e)
				if i+1 < len(run) {
					ix.addWord(syl+run[i+1], e)
				}
			}
			if len(run) > 2 {
				ix.addWord(strings.Join(run, ""), e)
			}
		}
		ix.addKey(pinyinOf(f), e)
	}
}

// addKey indexes a whole field (folded) for exact and prefix matches: its
// compact form, and the compact form of each run of its leading words
// ("tiger", "tigerbone" for "Tiger bone wine"; in Chinese every
// character ends a word).
func (ix *index) addKey(folded string, e int32) {
	k := compact(folded)
	if k == "" {
		return
	}
	ix.exact[k] = appendUnique(ix.exact[k], e)
	var acc strings.Builder
	for _, w := range words(folded) {
		r, _ := utf8.DecodeRuneInString(w)
		if isHan(r) {
			for _, h := range w {
				acc.WriteRune(h)
				if acc.Len() < len(k) {
					ix.bprefix[acc.String()] = appendUnique(ix.bprefix[acc.String()], e)
				}
			}
			continue
		}
		acc.WriteString(w)
		if acc.Len() < len(k) {
			ix.bprefix[acc.String()] = appendUnique(ix.bprefix[acc.String()], e)
		}
	}
}

func (ix *index) addWord(w string, e int32) {
	id, ok := ix.wordID[w]
	if !ok {
		id = int32(len(ix.words))
		ix.wordID[w] = id
		ix.words = append(ix.words, w)
		ix.wordEntries = append(ix.wordEntries, nil)
	}
	es := ix.wordEntries[id]
	if len(es) > 0 && es[len(es)-1] == e {
		return
	}
	ix.wordEntries[id] = append(es, e)
}

// finish sorts the word and key tables for prefix search and builds the
// typo and Han lookups.
func (ix *index) finish() {
	ix.wordID = nil // only needed while building
	order := make([]int, len(ix.words))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool { return ix.words[order[a]] < ix.words[order[b]] })
	ws := make([]string, len(order))
	wes := make([][]int32, len(order))
	for i, o := range order {
		ws[i], wes[i] = ix.words[o], ix.wordEntries[o]
	}
	ix.words, ix.wordEntries = ws, wes

	ix.keys = make([]string, 0, len(ix.exact))
	for k := range ix.exact {
		ix.keys = append(ix.keys, k)
	}
	sort.Strings(ix.keys)
	ix.keyEntries = make([][]int32, len(ix.keys))
	for i, k := range ix.keys {
		ix.keyEntries[i] = ix.exact[k]
	}

	ix.dels = map[string][]int32{}
	ix.hanWords = map[rune][]int32{}
	for id, w := range ix.words {
		r, _ := utf8.DecodeRuneInString(w)
		if isHan(r) {
			seen := map[rune]bool{}
			for _, h := range w {
				if !seen[h] {
					seen[h] = true
					ix.hanWords[h] = append(ix.hanWords[h], int32(id))
				}
			}
			continue
		}
		if utf8.RuneCountInString(w) < 3 {
			continue
		}
		for _, v := range deletions(w) {
			ix.dels[v] = appendUnique(ix.dels[v], int32(id))
		}
	}
}

func appendUnique(xs []int32, x int32) []int32 {
	if len(xs) > 0 && xs[len(xs)-1] == x {
		return xs
	}
	return append(xs, x)
}

// deletions is w and every string made by dropping one rune of w. Two
// words one edit apart share one of these (a symmetric-delete index).
func deletions(w string) []string {
	rs := []rune(w)
	out := make([]string, 0, len(rs)+1)
	out = append(out, w)
	for i := range rs {
		out = append(out, string(rs[:i])+string(rs[i+1:]))
	}
	return out
}

// kindRank orders fields within a match tier. For a whole-field match a
// code word is as strong as a title; for word matches the title leads and
// code words (often short, shared by several cards) come after the names.
func kindRank(m Match, k Field) int {
	if m <= MatchPrefix {
		switch k {
		case FieldCodeWord, FieldTitle:
			return 0
		case FieldSpecies, FieldScientific:
			return 1
		case FieldPhrase:
			return 2
		default:
			return 3
		}
	}
	switch k {
	case FieldTitle:
		return 0
	case FieldSpecies, FieldScientific:
		return 1
	case FieldCodeWord:
		return 2
	case FieldPhrase:
		return 3
	default:
		return 4
	}
}

func (ix *index) score(m Match, e int32, lang string) int32 {
	en := &ix.entries[e]
	s := int32(5-int(m))*100 + int32(9-kindRank(m, en.kind))*10
	if en.lang == lang || en.lang == "" {
		s += 5 // the user's own language wins a tie
	}
	return s
}

func matchOf(score int32) Match { return Match(5 - score/100) }

// scratch is per-query working memory, pooled so a query allocates little.
type scratch struct {
	gen, tgen uint32
	stamp     []uint32 // card seen by this query (entry-level or all tokens)
	full      []int32  // best entry-level score
	fentry    []int32
	count     []uint8 // query words matched so far
	tscore    []int32 // min over words of each word's best score
	tentry    []int32
	wstamp    []uint32 // card seen by the current word
	wscore    []int32
	wentry    []int32
	touched   []int32
	wtouched  []int32
}

func (ix *index) getScratch() *scratch {
	if s, ok := ix.pool.Get().(*scratch); ok {
		return s
	}
	n := ix.ncards
	return &scratch{
		stamp: make([]uint32, n), full: make([]int32, n), fentry: make([]int32, n),
		count: make([]uint8, n), tscore: make([]int32, n), tentry: make([]int32, n),
		wstamp: make([]uint32, n), wscore: make([]int32, n), wentry: make([]int32, n),
	}
}

// Search finds the cards matching query, best first; see Match for the
// tiers. Ties keep pack order. lang is the user's language: matches in it
// win ties. An empty query lists every card that passes the filter.
func (p *Pack) Search(query, lang string, f Filter) []Hit {
	if p == nil || p.idx == nil {
		return nil
	}
	ix := p.idx
	qf := fold(query)
	qc := compact(qf)
	if qc == "" {
		var hits []Hit
		for i := range p.Cards {
			if ix.passes(i, f) {
				hits = append(hits, Hit{Card: p.Cards[i].ID})
				if f.Limit > 0 && len(hits) == f.Limit {
					break
				}
			}
		}
		return hits
	}
	s := ix.getScratch()
	defer ix.pool.Put(s)
	s.gen++
	if s.gen == 0 { // wrapped: stale stamps could look current
		clear(s.stamp)
		s.gen = 1
	}
	s.touched = s.touched[:0]

	// Whole-field matches: the query is the field, or starts it.
	mark := func(e int32, m Match) {
		c := ix.entries[e].card
		switch k := ix.entries[e].kind; {
		case k == FieldForm && m < MatchWord:
			// A form name ("Horn", "Ivory carving") is generic: matching
			// it whole says less than a word of a title.
			m = MatchWord
		case k == FieldPhrase && m == MatchPrefix:
			// "bone" starts the declared phrase "bone crafts", but a
			// title with the word bone in it is the better answer.
			m = MatchWord
		}
		sc := ix.score(m, e, lang)
		if s.stamp[c] != s.gen {
			s.stamp[c] = s.gen
			s.full[c], s.fentry[c] = -1, -1
			s.count[c] = 0
			s.touched = append(s.touched, c)
		}
		if sc > s.full[c] {
			s.full[c], s.fentry[c] = sc, e
		}
	}
	for _, e := range ix.exact[qc] {
		mark(e, MatchExact)
	}
	for _, e := range ix.bprefix[qc] {
		mark(e, MatchPrefix)
	}
	// A field that starts with the query cut mid-word ("horn" in
	// "hornbill ivory") ranks with words being typed, below whole words.
	lo := sort.SearchStrings(ix.keys, qc)
	for i := lo; i < len(ix.keys) && strings.HasPrefix(ix.keys[i], qc); i++ {
		for _, e := range ix.keyEntries[i] {
			mark(e, MatchWordPrefix)
		}
	}

	// Word matches: every query word must match some word of the card.
	qws := words(qf)
	if len(qws) > 255 {
		qws = qws[:255]
	}
	for k, qw := range qws {
		s.tgen++
		if s.tgen == 0 {
			clear(s.wstamp)
			s.tgen = 1
		}
		s.wtouched = s.wtouched[:0]
		ix.matchWord(qw, lang, s)
		for _, c := range s.wtouched {
			if s.stamp[c] != s.gen {
				if k > 0 {
					continue // missed an earlier word
				}
				s.stamp[c] = s.gen
				s.full[c], s.fentry[c] = -1, -1
				s.count[c] = 0
				s.touched = append(s.touched, c)
			}
			if int(s.count[c]) != k {
				continue
			}
			if k == 0 || s.wscore[c] < s.tscore[c] {
				s.tscore[c], s.tentry[c] = s.wscore[c], s.wentry[c]
			}
			s.count[c]++
		}
	}

	// Collect in pack order, then a stable counting sort by score keeps
	// ties in pack order without a comparison sort.
	var byScore [601][]int32
	nq := uint8(len(qws))
	n := 0
	for c := 0; c < ix.ncards; c++ {
		if s.stamp[c] != s.gen {
			continue
		}
		best, e := s.full[c], s.fentry[c]
		if s.count[c] == nq && nq > 0 && s.tscore[c] > best {
			best, e = s.tscore[c], s.tentry[c]
		}
		if best < 0 || !ix.passes(c, f) {
			s.fentry[c] = -1
			continue
		}
		s.full[c], s.fentry[c] = best, e
		if best > 600 {
			best = 600
		}
		byScore[best] = append(byScore[best], int32(c))
		n++
	}
	if f.Limit > 0 && n > f.Limit {
		n = f.Limit
	}
	hits := make([]Hit, 0, n)
	for sc := 600; sc >= 0 && len(hits) < n; sc-- {
		for _, c := range byScore[sc] {
			if len(hits) == n {
				break
			}
			en := &ix.entries[s.fentry[c]]
			hits = append(hits, Hit{
				Card: p.Cards[c].ID, Score: int(s.full[c]), Match: matchOf(s.full[c]),
				Field: en.kind, Text: en.text, Lang: en.lang,
			})
		}
	}
	return hits
}

// matchWord scores every card with a word matching qw into s.w*.
func (ix *index) matchWord(qw, lang string, s *scratch) {
	hit := func(e int32, m Match) {
		c := ix.entries[e].card
		sc := ix.score(m, e, lang)
		if s.wstamp[c] != s.tgen {
			s.wstamp[c] = s.tgen
			s.wscore[c], s.wentry[c] = sc, e
			s.wtouched = append(s.wtouched, c)
			return
		}
		if sc > s.wscore[c] {
			s.wscore[c], s.wentry[c] = sc, e
		}
	}
	r, _ := utf8.DecodeRuneInString(qw)
	if isHan(r) {
		for _, id := range ix.hanWords[r] {
			w := ix.words[id]
			m := MatchWordPrefix
			if w == qw {
				m = MatchWord
			} else if !strings.Contains(w, qw) {
				continue
			}
			for _, e := range ix.wordEntries[id] {
				hit(e, m)
			}
		}
		return
	}
	lo := sort.SearchStrings(ix.words, qw)
	for i := lo; i < len(ix.words) && strings.HasPrefix(ix.words[i], qw); i++ {
		m := MatchWordPrefix
		if ix.words[i] == qw {
			m = MatchWord
		}
		for _, e := range ix.wordEntries[i] {
			hit(e, m)
		}
	}
	if utf8.RuneCountInString(qw) < 4 {
		return
	}
	var seen []int32
	for _, v := range deletions(qw) {
		for _, id := range ix.dels[v] {
			if containsID(seen, id) {
				continue
			}
			seen = append(seen, id)
			w := ix.words[id]
			if w == qw || !within1(w, qw) {
				continue
			}
			for _, e := range ix.wordEntries[id] {
				hit(e, MatchTypo)
			}
		}
	}
}

func containsID(xs []int32, x int32) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// passes applies the filter to card i.
func (ix *index) passes(i int, f Filter) bool {
	if f.Group != "" && ix.group[i] != f.Group {
		return false
	}
	if f.Form != "" && ix.form[i] != f.Form {
		return false
	}
	if f.Appendix != "" && !appendixHas(ix.appendix[i], f.Appendix) {
		return false
	}
	return true
}

// appendixHas reports whether a listing such as "I/II" includes app.
func appendixHas(listing, app string) bool {
	for _, part := range strings.Split(listing, "/") {
		if strings.TrimSpace(part) == app {
			return true
		}
	}
	return false
}
