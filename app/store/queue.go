package store

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"tusk/app/inspect"
)

// QueueCols are the copies of an inspection that the review queue filters
// on; openCase and the bundle import fill them the same way.
type QueueCols struct {
	Products    string // " card1 card2 "
	Origin      string // ISO country
	Destination string
	Search      string // lower case: waybill, party names, ID and phone numbers
}

// QueueColumns derives a case's queue columns from its inspection.
func QueueColumns(in *inspect.Inspection) QueueCols {
	var q QueueCols
	var cards []string
	for _, f := range in.Findings {
		if f.Card != "" && !slices.Contains(cards, f.Card) {
			cards = append(cards, f.Card)
		}
	}
	if len(cards) > 0 {
		q.Products = " " + strings.Join(cards, " ") + " "
	}
	q.Origin, q.Destination = in.Parcel.Origin.Country, in.Parcel.Destination.Country
	words := []string{in.Parcel.Waybill}
	for _, p := range in.Parties {
		words = append(words, p.Name, p.Phone)
		if p.ID != nil {
			words = append(words, p.ID.Number, p.ID.Name)
		}
	}
	var b strings.Builder
	for _, w := range words {
		if w = strings.TrimSpace(w); w != "" {
			b.WriteString(strings.ToLower(w))
			b.WriteByte('\n')
		}
	}
	q.Search = b.String()
	return q
}

// QueueFilter narrows the review queue. Zero values do not filter.
type QueueFilter struct {
	Statuses    []string // case statuses; none means every status but closed
	Station     string   // depot code; the depot's own code means its own cases
	InspectorID int64
	Product     string // card ID
	Origin      string // ISO country
	Destination string
	From, To    time.Time // held in [From, To)
	MinScore    int
	Text        string // waybill, names, ID and phone numbers
	Overdue     bool   // only parcels past their due time
	OldestFirst bool
	Limit       int // page size, 50 if 0
	Offset      int
}

// QueueItem is one line of the review queue. Names and ID numbers come
// masked unless the reader may see personal data.
type QueueItem struct {
	Number      string // C-2026-0012
	Inspection  string
	Station     string // depot code of the station that held it
	Status      string
	Pending     string
	Risk        string // grey | green | amber | red
	Score       int
	Waybill     string
	Inspector   string
	Products    []string // card IDs
	Origin      string
	Destination string
	Sender      string // sender's name
	SenderID    string // sender's ID number
	HeldAt      time.Time
	DueAt       time.Time
	Overdue     bool // still waiting for a decision after its due time
	Sensitive   bool
}

// Queue is one page of the review queue and the number of cases that
// match. Sensitive cases show only to those who may decide; the text
// search looks at names and ID numbers only for those who may see them.
// Needs CapCases.
func (s *Store) Queue(ctx context.Context, actor *User, f QueueFilter) ([]QueueItem, int, error) {
	if !actor.Can(CapCases) {
		return nil, 0, ErrForbidden
	}
	cond, args, err := s.queueWhere(ctx, actor, f)
	if err != nil {
		return nil, 0, err
	}
	now := fmtTime(s.Now())
	var total int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM cases c WHERE `+cond, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	own := ""
	if d, err := s.Depot(ctx); err == nil {
		own = d.Code
	}
	order := `DESC`
	if f.OldestFirst {
		order = `ASC`
	}
	// The page's IDs first, from cases and its indexes alone; the join with
	// the inspections (and their JSON) is then only for the page's rows.
	sortKey := `c.held_at`
	if f.waitingOnly() {
		sortKey = `+c.held_at` // sort the few waiting cases found by status
	}
	page := `SELECT c.id FROM cases c WHERE ` + cond + ` ORDER BY ` + sortKey + ` ` + order + `, c.id ` + order + ` LIMIT ? OFFSET ?`
	rows, err := s.db.QueryContext(ctx, `WITH page(id, n) AS (SELECT id, row_number() OVER () FROM (`+page+`))
		SELECT c.number, i.number, c.station, c.status, c.pending, c.risk_level, c.risk_score, i.waybill,
		COALESCE(u.name, ''), c.products, c.origin, c.destination, c.held_at, c.due_at, c.sensitive, i.data
		FROM page JOIN cases c ON c.id = page.id JOIN inspections i ON i.id = c.inspection_id LEFT JOIN users u ON u.id = c.inspector_id
		ORDER BY page.n`, append(args, limit, f.Offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []QueueItem
	for rows.Next() {
		var q QueueItem
		var products, held, due string
		var data []byte
		if err := rows.Scan(&q.Number, &q.Inspection, &q.Station, &q.Status, &q.Pending, &q.Risk, &q.Score, &q.Waybill,
			&q.Inspector, &products, &q.Origin, &q.Destination, &held, &due, &q.Sensitive, &data); err != nil {
			return nil, 0, err
		}
		if q.Station == "" {
			q.Station = own
		}
		q.Products = strings.Fields(products)
		q.HeldAt, q.DueAt = parseTime(held), parseTime(due)
		q.Overdue = (q.Status == inspect.CaseOpen || q.Status == inspect.CaseUnderReview) && due != "" && due < now
		var in struct {
			Parties []inspect.Party `json:"parties"`
		}
		if err := json.Unmarshal(data, &in); err != nil {
			return nil, 0, fmt.Errorf("case %s: %w", q.Number, err)
		}
		for _, p := range in.Parties {
			if p.Role == inspect.RoleSender {
				q.Sender = p.Name
				if p.ID != nil {
					q.SenderID = p.ID.Number
				}
			}
		}
		if !actor.Can(CapViewPersonal) {
			q.Sender, q.SenderID = maskWords(q.Sender), maskID(q.SenderID)
		}
		out = append(out, q)
	}
	return out, total, rows.Err()
}

// waitingOnly reports whether the filter asks only for cases waiting for
// a decision (open or under review, or overdue). Those are few next to
// all cases, so the queue reads them through the status index and sorts
// them, rather than walking another index in held order: SQLite's
// statistics do not know how skewed the statuses are.
func (f QueueFilter) waitingOnly() bool {
	if f.Overdue {
		return true
	}
	if len(f.Statuses) == 0 {
		return false
	}
	for _, st := range f.Statuses {
		if st != inspect.CaseOpen && st != inspect.CaseUnderReview {
			return false
		}
	}
	return true
}

// queueWhere turns a filter into the SQL condition on cases c, with its
// arguments; the queue and the exports share it.
func (s *Store) queueWhere(ctx context.Context, actor *User, f QueueFilter) (string, []any, error) {
	var where []string
	var args []any
	add := func(cond string, a ...any) { where = append(where, cond); args = append(args, a...) }
	now := fmtTime(s.Now())
	hint := "" // "+" keeps SQLite off an index; see waitingOnly
	if f.waitingOnly() {
		hint = "+"
	}
	if !actor.Can(CapDecide) {
		add(`c.sensitive = 0`)
	}
	if len(f.Statuses) > 0 {
		for _, st := range f.Statuses {
			if !slices.Contains(inspect.CaseStatuses, st) {
				return "", nil, FieldError{Field: "status", Code: ErrCaseStatus.Code}
			}
		}
		args := make([]any, len(f.Statuses))
		for i, st := range f.Statuses {
			args[i] = st
		}
		add(`c.status IN (`+placeholders(len(f.Statuses))+`)`, args...)
	} else {
		// Listed rather than "<> 'closed'", so the status index serves it.
		add(`c.status IN ('open', 'under_review', 'referred', 'handed_over')`)
	}
	if f.Station != "" {
		station := f.Station
		if d, err := s.Depot(ctx); err == nil && strings.EqualFold(d.Code, station) {
			station = ""
		}
		add(hint+`c.station = ?`, station)
	}
	if f.InspectorID != 0 {
		add(hint+`c.inspector_id = ?`, f.InspectorID)
	}
	if f.Product != "" {
		add(`c.products LIKE ?`, "% "+f.Product+" %")
	}
	if f.Origin != "" {
		add(`c.origin = ?`, strings.ToUpper(f.Origin))
	}
	if f.Destination != "" {
		add(`c.destination = ?`, strings.ToUpper(f.Destination))
	}
	if !f.From.IsZero() {
		add(`c.held_at >= ?`, fmtTime(f.From))
	}
	if !f.To.IsZero() {
		add(`c.held_at < ?`, fmtTime(f.To))
	}
	if f.MinScore > 0 {
		add(`c.risk_score >= ?`, f.MinScore)
	}
	if f.Overdue {
		add(`c.status IN ('open', 'under_review') AND c.due_at < ?`, now)
	}
	if t := strings.ToLower(strings.TrimSpace(f.Text)); t != "" {
		switch {
		case !actor.Can(CapViewPersonal):
			add(`(SELECT i.waybill FROM inspections i WHERE i.id = c.inspection_id) LIKE ? ESCAPE '\'`, "%"+escapeLike(t)+"%")
		case utf8.RuneCountInString(t) >= 3:
			// A phrase of trigrams is a substring match, served by the index.
			add(`c.id IN (SELECT rowid FROM cases_fts WHERE cases_fts MATCH ?)`, `"`+strings.ReplaceAll(t, `"`, `""`)+`"`)
		default:
			add(`c.search LIKE ? ESCAPE '\'`, "%"+escapeLike(t)+"%")
		}
	}
	return strings.Join(where, " AND "), args, nil
}

// escapeLike escapes LIKE's wildcards so a search for "50%" means it.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// Stations lists the depot codes cases came from: this depot's first,
// then the imported stations'.
func (s *Store) Stations(ctx context.Context) ([]string, error) {
	var out []string
	if d, err := s.Depot(ctx); err == nil {
		out = append(out, d.Code)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT station FROM cases WHERE station <> '' ORDER BY station`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var st string
		if err := rows.Scan(&st); err != nil {
			return nil, err
		}
		out = append(out, st)
	}
	return out, rows.Err()
}
