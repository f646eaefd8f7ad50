package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"slices"
	"time"

	"tusk/app/inspect"
)

// Exports of cases
//
// ExportCases hands the cases a queue filter selects to a callback, one
// at a time, oldest held first, for package export to write. It lists the
// matching IDs in one query, then reads the cases in batches by primary
// key, so the store's single connection is free between batches and the
// app stays usable during a long export. (Paging by (held_at, id) instead
// made SQLite pick the status index and sort every remaining case again
// for each batch: 4.7 s instead of 1.9 s for a CSV of 50,000 cases.)

// ExportRequest says what to export.
type ExportRequest struct {
	// Filter is the review queue's filter, applied as the queue applies it.
	// Its Statuses empty means every status but closed, as in the queue:
	// list inspect.CaseStatuses to export every case. Limit, Offset and
	// OldestFirst are ignored.
	Filter QueueFilter
	// Format names the export's format for the audit ("csv", "cites" …).
	Format string
	// Personal asks for the parties, their ID documents and the free-text
	// notes. They are handed out only to an actor with CapDecide; a
	// format that never carries them (CITES) does not ask.
	Personal bool
	// Progress, when set, is called after each case with the number done
	// and the number matched at the start.
	Progress func(done, total int)
}

// ExportResult is what an export handed out.
type ExportResult struct {
	Cases    int
	Personal bool // personal data was handed out
}

// exportBatchSize is how many cases one query reads; tests lower it.
var exportBatchSize = 200

// ExportCases calls each for every case req selects, in a stable order
// (held time, then case ID). Without personal data, the inspection carries
// no parties, no identity checks, no notes and no decision reason. The
// cases are those that matched when the export started. It stops
// at the first error of each or when ctx ends, and returns it. Needs
// CapCases; audited as cases.export once every case was handed out.
func (s *Store) ExportCases(ctx context.Context, actor *User, req ExportRequest, each func(*CaseRow) error) (ExportResult, error) {
	var res ExportResult
	if !actor.Can(CapCases) {
		return res, ErrForbidden
	}
	res.Personal = req.Personal && actor.Can(CapDecide)
	cond, args, err := s.queueWhere(ctx, actor, req.Filter)
	if err != nil {
		return res, err
	}
	var depot Depot
	if d, err := s.Depot(ctx); err == nil {
		depot = *d
	} else if !errors.Is(err, ErrNoDepot) {
		return res, err
	}
	// The matching IDs first, in order: the set is fixed when the export
	// starts, and each batch is then read by primary key.
	ids, err := s.exportIDs(ctx, cond, args)
	if err != nil {
		return res, err
	}
	total := len(ids)
	if total == 0 && req.Progress != nil {
		req.Progress(0, 0) // nothing to do is done
	}
	for len(ids) > 0 {
		n := min(exportBatchSize, len(ids))
		batch, err := s.exportBatch(ctx, ids[:n], res.Personal, depot)
		if err != nil {
			return res, err
		}
		ids = ids[n:]
		for _, c := range batch {
			if err := ctx.Err(); err != nil {
				return res, err
			}
			if err := each(c); err != nil {
				return res, err
			}
			res.Cases++
			if req.Progress != nil {
				req.Progress(res.Cases, total)
			}
		}
	}
	detail := fmt.Sprintf("format=%s cases=%d personal=%t", req.Format, res.Cases, res.Personal)
	if err := s.Audit(ctx, actor, "cases.export", "cases", detail); err != nil {
		return res, err
	}
	return res, nil
}

// ExportRows is ExportCases as an iterator of rows, for export.Copy: it
// yields each row, then, if anything failed (or the consumer stopped
// early), one final error. The audit entry is written once every row was
// taken.
func (s *Store) ExportRows(ctx context.Context, actor *User, req ExportRequest) iter.Seq2[*CaseRow, error] {
	return func(yield func(*CaseRow, error) bool) {
		stopped := errors.New("store: export stopped by its reader")
		_, err := s.ExportCases(ctx, actor, req, func(c *CaseRow) error {
			if !yield(c, nil) {
				return stopped
			}
			return nil
		})
		if err != nil && !errors.Is(err, stopped) {
			yield(nil, err)
		}
	}
}

// exportIDs lists the IDs of the cases matching cond, oldest held first.
func (s *Store) exportIDs(ctx context.Context, cond string, args []any) ([]int64, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT c.id FROM cases c WHERE `+cond+` ORDER BY c.held_at, c.id`, args...)
	if err != nil {
		return nil, err
	}
	return scanIDs(rows)
}

// exportBatch reads the cases with the given IDs, in that order, all of
// them before the callback runs, so the connection is free again.
func (s *Store) exportBatch(ctx context.Context, ids []int64, personal bool, depot Depot) ([]*CaseRow, error) {
	args := make([]any, len(ids))
	at := make(map[int64]int, len(ids))
	for i, id := range ids {
		args[i], at[id] = id, i
	}
	rows, err := s.db.QueryContext(ctx, `SELECT c.id, c.number, c.station, c.status, c.outcome, c.police_ref, c.risk_level, c.risk_score,
		c.sensitive, c.held_at, c.referred_at, c.handed_at, c.closed_at, COALESCE(u.name, ''), i.number, i.data
		FROM cases c JOIN inspections i ON i.id = c.inspection_id LEFT JOIN users u ON u.id = c.inspector_id
		WHERE c.id IN (`+placeholders(len(ids))+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make([]*CaseRow, len(ids))
	for rows.Next() {
		var c CaseRow
		var id int64
		var held, referred, handed, closed, number string
		var data []byte
		if err := rows.Scan(&id, &c.Number, &c.Station, &c.Status, &c.Outcome, &c.PoliceRef, &c.Risk, &c.Score,
			&c.Sensitive, &held, &referred, &handed, &closed, &c.Inspector, &number, &data); err != nil {
			return nil, err
		}
		c.HeldAt, c.Referred, c.Handed, c.Closed = parseTime(held), parseTime(referred), parseTime(handed), parseTime(closed)
		if c.Station == "" {
			c.Station, c.Country, c.Place = depot.Code, depot.Country, depot.Name
		}
		var in inspect.Inspection
		if err := json.Unmarshal(data, &in); err != nil {
			return nil, fmt.Errorf("case %s: %w", c.Number, err)
		}
		in.ID = number
		if !personal {
			stripPersonal(&in)
		}
		c.Inspection, c.Personal = &in, personal
		out[at[id]] = &c
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return slices.DeleteFunc(out, func(c *CaseRow) bool { return c == nil }), nil
}

// stripPersonal removes what a non-nominal reader must not get: the
// parties and their documents, the identity checks, and every free text,
// where a name or a number may have been typed.
func stripPersonal(in *inspect.Inspection) {
	in.Parties, in.Identity, in.Notes = nil, nil, ""
	for i := range in.Answers {
		in.Answers[i].Note = ""
	}
	for i := range in.Findings {
		in.Findings[i].Note = ""
	}
	for i := range in.Photos {
		in.Photos[i].FileName = ""
	}
	if in.Decision != nil {
		d := *in.Decision
		d.Reason = ""
		in.Decision = &d
	}
}

// CaseRow is one case as an export gets it (package export writes it
// as a table). Personal data (the
// parties, their ID documents and the free-text notes) is in Inspection
// only when Personal is set; otherwise the store has removed it.
type CaseRow struct {
	Number    string // C-2026-0012
	Station   string // depot code of the station that held the parcel
	Country   string // that station's country, ISO alpha-2, "" if unknown
	Place     string // that station's name, "" if unknown
	Status    string // open | under_review | referred | handed_over | closed
	Outcome   string // seizure_confirmed | not_wildlife | no_action, "" while open
	PoliceRef string
	Risk      string // grey | green | amber | red
	Score     int
	Sensitive bool
	Inspector string // name of the inspector who held the parcel
	HeldAt    time.Time
	Referred  time.Time
	Handed    time.Time
	Closed    time.Time
	// Inspection is the parcel's inspection; never nil for a Case the
	// store hands out.
	Inspection *inspect.Inspection
	Personal   bool
}
