package caserecord

import (
	"strconv"
	"strings"
	"time"

	"tusk/app/inspect"
	"tusk/app/sop"
	"tusk/app/store"
	"tusk/i18n"
)

// nextKey is where the next " key=" starts in v, or len(v).
func nextKey(v string) int {
	for i := 0; i < len(v); i++ {
		if v[i] != ' ' {
			continue
		}
		rest := strings.TrimLeft(v[i:], " ")
		if eq := strings.IndexByte(rest, '='); eq > 0 && isKey(rest[:eq]) {
			return i
		}
	}
	return len(v)
}

// ParseDetail reads an audit entry's detail, "waybill=RR1 stage=acceptance
// reason=\"wrong box\"", into its key=value pairs (quoted values
// unquoted) and the words that are not pairs, in order.
func ParseDetail(detail string) (map[string]string, []string) {
	kv := map[string]string{}
	var rest []string
	s := strings.TrimSpace(detail)
	for s != "" {
		eq := strings.IndexByte(s, '=')
		sp := strings.IndexByte(s, ' ')
		if eq > 0 && (sp < 0 || eq < sp) && isKey(s[:eq]) {
			key, v := s[:eq], s[eq+1:]
			if strings.HasPrefix(v, `"`) {
				if q, err := strconv.QuotedPrefix(v); err == nil {
					if u, err := strconv.Unquote(q); err == nil {
						kv[key] = u
						s = strings.TrimSpace(v[len(q):])
						continue
					}
				}
			}
			// An unquoted value runs to the next " key=": a storage
			// place such as "Cage 1" holds spaces.
			end := nextKey(v)
			kv[key] = strings.TrimSpace(v[:end])
			s = strings.TrimSpace(v[end:])
			continue
		}
		if sp < 0 {
			sp = len(s)
		}
		rest = append(rest, s[:sp])
		s = strings.TrimSpace(s[sp:])
	}
	return kv, rest
}

func isKey(s string) bool {
	for _, c := range s {
		if (c < 'a' || c > 'z') && c != '_' {
			return false
		}
	}
	return s != ""
}

// HistoryText writes one entry of a case's history as a sentence in the
// reader's language: "Li Wei held the parcel: risk red, 75 points, case
// C-2026-0001." instead of "score=75 level=red case=…". An action without
// a sentence falls back to its name and its detail.
func HistoryText(tr *i18n.Translator, e store.AuditEntry) string {
	kv, _ := ParseDetail(e.Detail)
	args := []any{"Actor", e.ActorName}
	for k, v := range kv {
		args = append(args, strings.ToUpper(k[:1])+k[1:], v)
	}
	if st := kv["stage"]; st != "" {
		args = append(args, "Stage", tr.T("inspect.stage."+st))
	}
	if e.Action == "photo.attach" || e.Action == "photo.detach" {
		sha := strings.TrimSpace(e.Detail) // the photo's SHA-256, as the case view's photo caption shortens it
		args = append(args, "Photo", sha[:min(12, len(sha))])
	}
	if lv := kv["level"]; lv != "" {
		args = append(args, "Level", tr.T("advice.level."+lv))
	}
	key := "slip.history." + e.Action
	if !i18n.HasKey(key) || (kv["file"] == "" && kv["station"] == "" && i18n.HasKey(key+"_short")) {
		key += "_short" // the sentence without the part that is missing
	}
	var parts []string
	// An entry older than its sentence may lack a value the sentence
	// names: it is then written as its name and detail.
	if sentence := tr.T(key, args...); i18n.HasKey(key) && !strings.Contains(sentence, "<no value>") {
		parts = append(parts, sentence)
	} else {
		what := e.Action
		if k := "audit." + e.Action; i18n.HasKey(k) {
			what = tr.T(k)
		}
		parts = append(parts, e.ActorName+": "+what)
		if len(kv) == 0 && e.Detail != "" {
			parts = append(parts, "("+e.Detail+")")
			return strings.Join(parts, " ")
		}
	}
	// A coded reason in the reader's language, the words people typed,
	// and the few facts every decision may carry.
	if k := kv["reason_key"]; k != "" && i18n.HasKey(k) {
		parts = append(parts, tr.T("slip.history.param.reason", "V", tr.T(k)))
	}
	for _, k := range []string{"reason", "override", "outcome", "police_ref", "officer", "unit", "expert", "addressee"} {
		v := kv[k]
		if k == "outcome" && i18n.HasKey("review.outcome."+v) {
			v = tr.T("review.outcome." + v)
		}
		if v != "" && !strings.Contains(parts[0], v) {
			parts = append(parts, tr.T("slip.history.param."+k, "V", v))
		}
	}
	return strings.Join(parts, " ")
}

// HistoryLine is HistoryText with the entry's local time in front.
func HistoryLine(tr *i18n.Translator, e store.AuditEntry, loc *time.Location) string {
	at, err := time.Parse("2006-01-02T15:04:05.000Z", e.At)
	if err != nil {
		return HistoryText(tr, e)
	}
	return at.In(loc).Format("2006-01-02 15:04") + " · " + HistoryText(tr, e)
}

// DecisionReason is why the counter held or refused a parcel, in the
// reader's language: a coded reason (the rules that fired, or the
// default reason of the action) rendered from the pack, then the
// inspector's own words. A decision from before codes keeps its text.
func DecisionReason(tr *i18n.Translator, p *sop.Pack, d *inspect.Decision) string {
	if d == nil {
		return ""
	}
	var parts []string
	if d.ReasonKey != "" {
		parts = append(parts, tr.T(d.ReasonKey))
	}
	var rules []string
	for _, id := range d.ReasonRules {
		name := id
		if p != nil && p.RuleByID[id] != nil {
			name = p.RuleByID[id].Name.In(tr.Lang())
		}
		rules = append(rules, name)
	}
	if len(rules) > 0 {
		parts = append(parts, strings.Join(rules, "; "))
	}
	coded := strings.Join(parts, ": ")
	switch {
	case coded == "":
		return d.Reason
	case d.Reason == "":
		return coded
	}
	return coded + " — " + d.Reason
}
