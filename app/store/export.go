package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"tusk/app/export"
	"tusk/app/inspect"
)

// Exports of cases
//
// ExportCases hands the cases a queue filter selects to a callback, one
// at a time, oldest held first, for package export to write. It reads in
// batches, so the store's single connection is free between them and the
// app stays usable during a long export.

// ExportRequest says what to export.
type ExportRequest struct {
	// Filter is the review queue's filter, applied as the queue applies it.
	// Its Statuses empty means every status but closed, as in the queue:
	// list inspect.CaseStatuses to export every case. Limit, Offset and
	// OldestFirst are ignored.
	Filter QueueFilter
	// Format is the export's format; it is recorded in the audit, and
	// export.CITES never carries personal data.
	Format export.Format
	// Personal asks for the parties, their ID documents and the free-text
	// notes. They are handed out only to an actor with CapDecide.
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
// no parties, no identity checks, no notes and no decision reason. Cases
// that reach the filter after the export started are left out. It stops
// at the first error of each or when ctx ends, and returns it. Needs
// CapCases; audited as cases.export once every case was handed out.
func (s *Store) ExportCases(ctx context.Context, actor *User, req ExportRequest, each func(*export.Case) error) (ExportResult, error) {
	var res ExportResult
	if !actor.Can(CapCases) {
		return res, ErrForbidden
	}
	res.Personal = req.Personal && req.Format.Nominal() && actor.Can(CapDecide)
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
	var maxID int64
	if err := s.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM cases`).Scan(&maxID); err != nil {
		return res, err
	}
	cond += ` AND c.id <= ?`
	args = append(args, maxID)
	var total int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM cases c WHERE `+cond, args...).Scan(&total); err != nil {
		return res, err
	}
	lastHeld, lastID := "", int64(0)
	for {
		batch, err := s.exportBatch(ctx, cond, append(args[:len(args):len(args)], lastHeld, lastHeld, lastID), res.Personal, depot)
		if err != nil {
			return res, err
		}
		for _, r := range batch {
			if err := ctx.Err(); err != nil {
				return res, err
			}
			if err := each(&r.Case); err != nil {
				return res, err
			}
			res.Cases++
			if req.Progress != nil {
				req.Progress(res.Cases, max(total, res.Cases))
			}
		}
		if len(batch) < exportBatchSize {
			break
		}
		last := batch[len(batch)-1]
		lastHeld, lastID = last.held, last.id
	}
	if req.Progress != nil && res.Cases < total {
		// Cases that left the filter meanwhile: the bar still ends full.
		req.Progress(res.Cases, res.Cases)
	}
	detail := fmt.Sprintf("format=%s cases=%d personal=%t", req.Format, res.Cases, res.Personal)
	if err := s.Audit(ctx, actor, "cases.export", "cases", detail); err != nil {
		return res, err
	}
	return res, nil
}

type exportRow struct {
	export.Case
	id   int64
	held string
}

// exportBatch reads the next batch after (held, id), all of it before the
// callback runs, so the connection is free again.
func (s *Store) exportBatch(ctx context.Context, cond string, args []any, personal bool, depot Depot) ([]exportRow, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT c.id, c.number, c.station, c.status, c.outcome, c.police_ref, c.risk_level, c.risk_score,
		c.sensitive, c.held_at, c.referred_at, c.handed_at, c.closed_at, COALESCE(u.name, ''), i.number, i.data
		FROM cases c JOIN inspections i ON i.id = c.inspection_id LEFT JOIN users u ON u.id = c.inspector_id
		WHERE `+cond+` AND (c.held_at > ? OR (c.held_at = ? AND c.id > ?))
		ORDER BY c.held_at, c.id LIMIT `+fmt.Sprint(exportBatchSize), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []exportRow
	for rows.Next() {
		var r exportRow
		var referred, handed, closed, number string
		var data []byte
		if err := rows.Scan(&r.id, &r.Number, &r.Station, &r.Status, &r.Outcome, &r.PoliceRef, &r.Risk, &r.Score,
			&r.Sensitive, &r.held, &referred, &handed, &closed, &r.Inspector, &number, &data); err != nil {
			return nil, err
		}
		r.HeldAt, r.Referred, r.Handed, r.Closed = parseTime(r.held), parseTime(referred), parseTime(handed), parseTime(closed)
		if r.Station == "" {
			r.Station, r.Country, r.Place = depot.Code, depot.Country, depot.Name
		}
		var in inspect.Inspection
		if err := json.Unmarshal(data, &in); err != nil {
			return nil, fmt.Errorf("case %s: %w", r.Number, err)
		}
		in.ID = number
		if !personal {
			stripPersonal(&in)
		}
		r.Inspection, r.Personal = &in, personal
		out = append(out, r)
	}
	return out, rows.Err()
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
