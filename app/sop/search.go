package sop

import (
	"slices"
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

// String is a stable key for the match; the UI translates it as
// "sop.match.<name>".
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
	lang uint8 // index in index.langs; 0 is "no language"
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
	entryWords  [][]int32 // entry -> IDs of its words, while building only
	// Each card's (word, entry) pairs sorted by word ID, so checking a
	// query word against one card is a binary search in its pairs.
	pairStart []int32
	pairWord  []int32
	pairEntry []int32
	dels      map[string][]int32 // word and its one-rune deletions -> word IDs
	hanWords  map[rune][]int32   // Han character -> IDs of Han words holding it

	cardStart []int32 // first entry of each card, plus a sentinel

	// per card, for filters
	group, form []string
	appendix    []string

	langs  []string         // entry languages; langs[0] is ""
	pool   sync.Pool        // *scratch
	wordID map[string]int32 // while building only
}

func buildIndex(p *Pack) *index {
	ix := &index{ncards: len(p.Cards), exact: map[string][]int32{}, bprefix: map[string][]int32{}, wordID: map[string]int32{}, langs: []string{""}}
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
	ix.entries = append(ix.entries, entry{card: card, kind: kind, lang: ix.langID(lang, true), text: text})
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
// langID numbers a language for cheap comparison; unknown ones get 255
// unless add is set.
func (ix *index) langID(lang string, add bool) uint8 {
	for i, l := range ix.langs {
		if l == lang {
			return uint8(i)
		}
	}
	if !add || len(ix.langs) >= 255 {
		return 255
	}
	ix.langs = append(ix.langs, lang)
	return uint8(len(ix.langs) - 1)
}

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
	for len(ix.entryWords) <= int(e) {
		ix.entryWords = append(ix.entryWords, nil)
	}
	ix.entryWords[e] = append(ix.entryWords[e], id)
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
	newID := make([]int32, len(order))
	for i, o := range order {
		newID[o] = int32(i)
	}
	for len(ix.entryWords) < len(ix.entries) {
		ix.entryWords = append(ix.entryWords, nil)
	}
	for _, ids := range ix.entryWords {
		for j, id := range ids {
			ids[j] = newID[id]
		}
	}
	type pair struct{ w, e int32 }
	var ps []pair
	for c := 0; c < ix.ncards; c++ {
		ix.pairStart = append(ix.pairStart, int32(len(ix.pairWord)))
		ps = ps[:0]
		for e := ix.cardStart[c]; e < ix.cardStart[c+1]; e++ {
			for _, w := range ix.entryWords[e] {
				ps = append(ps, pair{w, e})
			}
		}
		sort.Slice(ps, func(a, b int) bool {
			if ps[a].w != ps[b].w {
				return ps[a].w < ps[b].w
			}
			return ps[a].e < ps[b].e
		})
		for _, p := range ps {
			ix.pairWord = append(ix.pairWord, p.w)
			ix.pairEntry = append(ix.pairEntry, p.e)
		}
	}
	ix.pairStart = append(ix.pairStart, int32(len(ix.pairWord)))
	ix.entryWords = nil

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
		if n := utf8.RuneCountInString(w); n < 3 || n > maxTypoWord+1 {
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

// maxTypoWord bounds the words typos are looked for in: the deletion
// variants of a word grow with the square of its length, and no real
// word is this long.
const maxTypoWord = 40

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

// scoreBase is the score of each tier and field, before the language bonus.
var scoreBase = func() (t [5][len(fieldNames)]int32) {
	for m := range t {
		for k := range t[m] {
			t[m][k] = int32(5-m)*100 + int32(9-kindRank(Match(m), Field(k)))*10
		}
	}
	return t
}()

func (ix *index) score(m Match, e int32, ql uint8) int32 {
	en := &ix.entries[e]
	s := scoreBase[m][en.kind]
	if en.lang == ql || en.lang == 0 {
		s += 5 // the user's own language wins a tie
	}
	return s
}

func matchOf(score int32) Match { return Match(5 - score/100) }

// scratch is per-query working memory, pooled so a query allocates
// little. Per-card state sits in one struct so a posting touches one
// cache line, not six slices.
type scratch struct {
	gen, tgen uint32
	cards     []cardSlot
	w         []wordSlot
	wtouched  []int32
	alive     []int32 // cards that matched every query word so far
	next      []int32
}

type cardSlot struct {
	stamp          uint32 // == gen: seen by this query
	count          uint8  // query words matched so far
	full, fentry   int32  // best whole-field score and its entry
	tscore, tentry int32  // min over query words of each word's best
}

type wordSlot struct {
	stamp        uint32 // == tgen: seen by the current query word
	score, entry int32
}

func (ix *index) getScratch() *scratch {
	if s, ok := ix.pool.Get().(*scratch); ok {
		return s
	}
	return &scratch{cards: make([]cardSlot, ix.ncards), w: make([]wordSlot, ix.ncards)}
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
	ql := ix.langID(lang, false)
	s := ix.getScratch()
	defer ix.pool.Put(s)
	s.gen++
	if s.gen == 0 { // wrapped: stale stamps could look current
		clear(s.cards)
		s.gen = 1
	}

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
		sc := ix.score(m, e, ql)
		if s.cards[c].stamp != s.gen {
			s.cards[c].stamp = s.gen
			s.cards[c].full, s.cards[c].fentry = -1, -1
			s.cards[c].count = 0
		}
		if sc > s.cards[c].full || (sc == s.cards[c].full && e < s.cards[c].fentry) {
			s.cards[c].full, s.cards[c].fentry = sc, e
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
	// Rare words go first; once few cards are left, a common word is
	// checked against those cards' own words instead of walking its long
	// posting lists, and the loop stops as soon as no card is left.
	var tms []*wordMatcher
	for _, qw := range words(qf) {
		if len(tms) == 255 {
			break
		}
		dup := false
		for _, tm := range tms {
			dup = dup || tm.word == qw
		}
		if !dup {
			tms = append(tms, ix.matcher(qw))
		}
	}
	sort.SliceStable(tms, func(a, b int) bool { return tms[a].postings < tms[b].postings })
	alive := s.alive[:0]
	for k, tm := range tms {
		s.tgen++
		if s.tgen == 0 {
			clear(s.w)
			s.tgen = 1
		}
		s.wtouched = s.wtouched[:0]
		if k > 0 && tm.postings > 2*len(alive) {
			for _, c := range alive {
				ix.checkCard(c, tm, ql, s)
			}
		} else {
			ix.scanPostings(tm, ql, s)
		}
		next := s.next[:0]
		for _, c := range s.wtouched {
			if s.cards[c].stamp != s.gen {
				if k > 0 {
					continue // missed an earlier word
				}
				s.cards[c].stamp = s.gen
				s.cards[c].full, s.cards[c].fentry = -1, -1
				s.cards[c].count = 0
			}
			if int(s.cards[c].count) != k {
				continue
			}
			if k == 0 || s.w[c].score < s.cards[c].tscore {
				s.cards[c].tscore, s.cards[c].tentry = s.w[c].score, s.w[c].entry
			}
			s.cards[c].count++
			next = append(next, c)
		}
		s.next, s.alive = alive, next
		alive = next
		if len(alive) == 0 {
			break
		}
	}

	// Collect in pack order, then a stable counting sort by score keeps
	// ties in pack order without a comparison sort.
	var byScore [601][]int32
	nq := uint8(len(tms))
	n := 0
	for c := 0; c < ix.ncards; c++ {
		if s.cards[c].stamp != s.gen {
			continue
		}
		best, e := s.cards[c].full, s.cards[c].fentry
		if s.cards[c].count == nq && nq > 0 && s.cards[c].tscore > best {
			best, e = s.cards[c].tscore, s.cards[c].tentry
		}
		if best < 0 || !ix.passes(c, f) {
			s.cards[c].fentry = -1
			continue
		}
		s.cards[c].full, s.cards[c].fentry = best, e
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
			en := &ix.entries[s.cards[c].fentry]
			hits = append(hits, Hit{
				Card: p.Cards[c].ID, Score: int(s.cards[c].full), Match: matchOf(s.cards[c].full),
				Field: en.kind, Text: en.text, Lang: ix.langs[en.lang],
			})
		}
	}
	return hits
}

// wordMatcher is what one query word matches: a range of the sorted
// words (those it starts; the first may equal it) and a few more words
// found by typo or inside Chinese words.
type wordMatcher struct {
	word     string
	lo, hi   int32 // words[lo:hi] start with word
	exact    int32 // ID of the word itself, or -1
	extra    map[int32]Match
	extraIDs []int32 // the keys of extra, sorted
	postings int     // entries to walk, to order the words
}

func (ix *index) matcher(qw string) *wordMatcher {
	tm := &wordMatcher{word: qw, exact: -1}
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
			tm.add(id, m)
			tm.postings += len(ix.wordEntries[id])
		}
		return tm
	}
	lo := sort.SearchStrings(ix.words, qw)
	hi := lo
	for hi < len(ix.words) && strings.HasPrefix(ix.words[hi], qw) {
		tm.postings += len(ix.wordEntries[hi])
		hi++
	}
	tm.lo, tm.hi = int32(lo), int32(hi)
	if lo < hi && ix.words[lo] == qw {
		tm.exact = int32(lo)
	}
	// A word the pack knows is taken as meant: looking for its typos
	// would only drag in its neighbours ("mong" and "long").
	if n := utf8.RuneCountInString(qw); n < 4 || n > maxTypoWord || tm.exact >= 0 {
		return tm
	}
	for _, v := range deletions(qw) {
		for _, id := range ix.dels[v] {
			if (id >= tm.lo && id < tm.hi) || tm.extra[id] != 0 {
				continue
			}
			if within1(ix.words[id], qw) {
				tm.add(id, MatchTypo)
				tm.postings += len(ix.wordEntries[id])
			}
		}
	}
	return tm
}

func (tm *wordMatcher) add(id int32, m Match) {
	if tm.extra == nil {
		tm.extra = map[int32]Match{}
	}
	tm.extra[id] = m
	i, _ := slices.BinarySearch(tm.extraIDs, id)
	tm.extraIDs = slices.Insert(tm.extraIDs, i, id)
}

// tier says how word id matches, if it does.
func (tm *wordMatcher) tier(id int32) (Match, bool) {
	if id >= tm.lo && id < tm.hi {
		if id == tm.exact {
			return MatchWord, true
		}
		return MatchWordPrefix, true
	}
	if tm.extra == nil {
		return 0, false
	}
	m, ok := tm.extra[id]
	return m, ok
}

func (ix *index) wordHit(s *scratch, e int32, m Match, ql uint8) {
	c := ix.entries[e].card
	sc := ix.score(m, e, ql)
	if s.w[c].stamp != s.tgen {
		s.w[c].stamp = s.tgen
		s.w[c].score, s.w[c].entry = sc, e
		s.wtouched = append(s.wtouched, c)
		return
	}
	if sc > s.w[c].score || (sc == s.w[c].score && e < s.w[c].entry) {
		s.w[c].score, s.w[c].entry = sc, e // ties: the first field, whatever the walk order
	}
}

// scanPostings scores every card holding a word that tm matches.
func (ix *index) scanPostings(tm *wordMatcher, ql uint8, s *scratch) {
	for id := tm.lo; id < tm.hi; id++ {
		m := MatchWordPrefix
		if id == tm.exact {
			m = MatchWord
		}
		for _, e := range ix.wordEntries[id] {
			ix.wordHit(s, e, m, ql)
		}
	}
	for id, m := range tm.extra {
		for _, e := range ix.wordEntries[id] {
			ix.wordHit(s, e, m, ql)
		}
	}
}

// checkCard scores one card against tm by binary search in the card's
// sorted (word, entry) pairs: the words tm starts are one run of IDs.
func (ix *index) checkCard(c int32, tm *wordMatcher, ql uint8, s *scratch) {
	ws := ix.pairWord[ix.pairStart[c]:ix.pairStart[c+1]]
	es := ix.pairEntry[ix.pairStart[c]:ix.pairStart[c+1]]
	if tm.lo < tm.hi {
		i, _ := slices.BinarySearch(ws, tm.lo)
		for ; i < len(ws) && ws[i] < tm.hi; i++ {
			m := MatchWordPrefix
			if ws[i] == tm.exact {
				m = MatchWord
			}
			ix.wordHit(s, es[i], m, ql)
		}
	}
	for _, id := range tm.extraIDs {
		i, _ := slices.BinarySearch(ws, id)
		for ; i < len(ws) && ws[i] == id; i++ {
			ix.wordHit(s, es[i], tm.extra[id], ql)
		}
	}
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
