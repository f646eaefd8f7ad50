package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"tusk/app/inspect"
	"tusk/app/referral"
)

// Cases and referral slips
//
// Cases lists held and refused parcels for review; CaseByNumber reads one.
// A supervisor makes a referral slip in three steps, which the CLI (`tusk
// slip`) and the UI share:
//
//	no, _ := st.NextSlipNumber(ctx)                       // S-2026-0001
//	rec := caserecord.Build(…)                            // referral.CaseRecord, rec.SlipNo = no
//	claims, _ := rec.Claims()
//	payload, key, _ := st.SignClaims(ctx, actor, claims)  // the depot key never leaves the store
//	st.RecordSlip(ctx, actor, rec.CaseNo, no, payload, referral.CanonicalJSON(rec))
//
// RecordSlip keeps the frozen record bytes and the payload, so `tusk
// export --case` later hands out exactly the record the QR code was signed
// over. Making a slip and reading a record with personal data need
// CapDecide; listing cases needs CapCases.
//
// The command line
//
// `tusk` commands run without anyone signed in: whoever can run them can
// read the database file, and with it every record and the signing key.
// CLIActor gives those commands a synthetic supervisor named "command
// line" (user ID 0), so the store's role checks still apply uniformly and
// every action is audited as done from the command line, not by a person.

// CLIName is the actor name the command line's actions are audited under.
const CLIName = "command line"

// CLIActor is the depot's command-line operator: a supervisor-level actor
// with ID 0 (no users row) whose actions the audit trail names
// "command line". Its language is the depot's, or English before the
// depot is set up (a police desk that only verifies slips has none).
func (s *Store) CLIActor(ctx context.Context) (*User, error) {
	lang := "en"
	d, err := s.Depot(ctx)
	switch {
	case err == nil:
		lang = d.Language
	case !errors.Is(err, ErrNoDepot):
		return nil, err
	}
	return &User{ID: 0, Name: CLIName, Role: Supervisor, Language: lang, Active: true}, nil
}

// Case errors; codes are i18n keys.
var (
	ErrCaseStatus = &Error{Code: "store.err.case_status"}         // not a known case status
	ErrNoSlip     = &Error{Code: "store.err.no_slip"}             // no slip was made for the case yet
	ErrSlipNumber = &Error{Code: "store.err.slip_number"}         // the slip number is not the next one (taken meanwhile)
	ErrSlipBad    = &Error{Code: referral.ErrRecordMismatch.Code} // payload and record do not belong together
)

// CaseSummary is one line of the case list: no personal data.
type CaseSummary struct {
	Number     string // C-2026-0012
	Inspection string // I-20261123-0007
	Status     string
	Risk       string // grey | green | amber | red
	Waybill    string
	Action     string // hold | refuse
	OpenedAt   time.Time
	UpdatedAt  time.Time
	Cards      []string // card IDs of the suspected products
	Slips      int      // slips made so far
	LastSlip   string   // number of the latest slip, "" if none
}

// Cases lists cases, newest opened first; status "" lists all. Needs
// CapCases.
func (s *Store) Cases(ctx context.Context, actor *User, status string) ([]CaseSummary, error) {
	if !actor.Can(CapCases) {
		return nil, ErrForbidden
	}
	if status != "" && !slices.Contains(inspect.CaseStatuses, status) {
		return nil, FieldError{"status", ErrCaseStatus.Code}
	}
	rows, err := s.db.QueryContext(ctx, `SELECT c.number, i.number, c.status, c.risk_level, i.waybill, i.data, c.opened_at, c.updated_at,
		(SELECT COUNT(*) FROM slips sl WHERE sl.case_id = c.id),
		COALESCE((SELECT sl.number FROM slips sl WHERE sl.case_id = c.id ORDER BY sl.id DESC LIMIT 1), '')
		FROM cases c JOIN inspections i ON i.id = c.inspection_id
		WHERE (? = '' OR c.status = ?) AND (c.sensitive = 0 OR ?) ORDER BY c.opened_at DESC, c.id DESC`, status, status, actor.Can(CapDecide))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []CaseSummary
	for rows.Next() {
		var c CaseSummary
		var data []byte
		var opened, updated string
		if err := rows.Scan(&c.Number, &c.Inspection, &c.Status, &c.Risk, &c.Waybill, &data, &opened, &updated, &c.Slips, &c.LastSlip); err != nil {
			return nil, err
		}
		c.OpenedAt, c.UpdatedAt = parseTime(opened), parseTime(updated)
		// Only the findings and the decision are read: nothing personal
		// leaves this function.
		var in struct {
			Findings []inspect.Finding `json:"findings"`
			Decision *inspect.Decision `json:"decision"`
		}
		if err := json.Unmarshal(data, &in); err != nil {
			return nil, fmt.Errorf("case %s: %w", c.Number, err)
		}
		for _, f := range in.Findings {
			if f.Card != "" && !slices.Contains(c.Cards, f.Card) {
				c.Cards = append(c.Cards, f.Card)
			}
		}
		if in.Decision != nil {
			c.Action = in.Decision.Action
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// CaseByNumber reads one case, or ErrNotFound. Needs CapCases.
func (s *Store) CaseByNumber(ctx context.Context, actor *User, number string) (*inspect.Case, error) {
	if !actor.Can(CapCases) {
		return nil, ErrForbidden
	}
	c, err := s.caseWhere(ctx, `c.number = ?`, number)
	if err == nil && c.Sensitive && !actor.Can(CapDecide) {
		// Staff complicity is suspected: only supervisors see the case.
		return nil, ErrNotFound
	}
	return c, err
}

// caseWhere reads the one case matching where (a condition on cases c or
// inspections i), or ErrNotFound.
func (s *Store) caseWhere(ctx context.Context, where string, arg any) (*inspect.Case, error) {
	var c inspect.Case
	var opened, updated string
	err := s.db.QueryRowContext(ctx, `SELECT c.number, i.number, c.status, c.outcome, c.risk_level, c.sensitive, c.station, c.pending,
		c.opened_at, c.updated_at
		FROM cases c JOIN inspections i ON i.id = c.inspection_id WHERE `+where, arg).
		Scan(&c.Number, &c.InspectionID, &c.Status, &c.Outcome, &c.Risk, &c.Sensitive, &c.Station, &c.Pending, &opened, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	c.OpenedAt, c.UpdatedAt = parseTime(opened), parseTime(updated)
	return &c, nil
}

// Slip is one referral slip made for a case.
type Slip struct {
	Number         string // S-2026-0001
	Case           string
	KeyFingerprint string
	Payload        string // the QR text
	Record         []byte // frozen canonical case record (personal data)
	RecordSHA256   string // lower-case hex
	MadeBy         string // user name, or CLIName
	MadeAt         time.Time
}

func slipSubject(number string) string { return "slip:" + number }

// NextSlipNumber is the number the next slip will get, S-YYYY-NNNN by
// the depot's year. It reserves nothing: RecordSlip refuses a number that
// is no longer the next one (ErrSlipNumber), so slip numbers have no gaps.
func (s *Store) NextSlipNumber(ctx context.Context) (string, error) {
	year := localDay(s.Now()).Format("2006")
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT value FROM counters WHERE name = ?`, "slip:"+year).Scan(&n)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", err
	}
	return fmt.Sprintf("S-%s-%04d", year, n+1), nil
}

// RecordSlip stores a slip just made: its payload and the frozen
// canonical record bytes. It checks that the payload verifies against this
// depot's keys, names this case and slip number, and was signed over
// exactly recordJSON (ErrSlipBad otherwise), and that slipNumber is the
// next one (ErrSlipNumber). Needs CapDecide; audited as slip.make (the
// detail holds numbers and the key's fingerprint, nothing personal).
func (s *Store) RecordSlip(ctx context.Context, actor *User, caseNumber, slipNumber, payload string, recordJSON []byte) error {
	if !actor.Can(CapDecide) {
		return ErrForbidden
	}
	ring, err := s.KeyRing(ctx)
	if err != nil {
		return err
	}
	claims, key, err := referral.Verify(payload, *ring)
	if err != nil {
		return errf(ErrSlipBad.Code, "%v", err)
	}
	if key.Kind != referral.KeyOwn {
		return errf(ErrSlipBad.Code, "not signed with this depot's current key")
	}
	if err := referral.VerifyRecord(claims, recordJSON); err != nil {
		return errf(ErrSlipBad.Code, "%v", err)
	}
	if claims.CaseNo != caseNumber || claims.SlipNo != slipNumber {
		return errf(ErrSlipBad.Code, "payload is for %s/%s", claims.CaseNo, claims.SlipNo)
	}
	sum := sha256.Sum256(recordJSON)
	return s.write(ctx, func(tx *Tx) error {
		var caseID int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM cases WHERE number = ?`, caseNumber).Scan(&caseID)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		year := localDay(tx.now).Format("2006")
		n, err := tx.nextSerial(ctx, "slip:"+year)
		if err != nil {
			return err
		}
		if want := fmt.Sprintf("S-%s-%04d", year, n); want != slipNumber {
			return errf(ErrSlipNumber.Code, "next is %s", want)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO slips(number, case_id, key_fingerprint, payload, record, record_sha256, made_by, made_by_name, made_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, slipNumber, caseID, key.Fingerprint(), payload, recordJSON,
			hex.EncodeToString(sum[:]), actor.ID, actor.Name, fmtTime(tx.now)); err != nil {
			return err
		}
		return tx.audit(ctx, actor, "slip.make", caseSubject(caseNumber),
			"slip="+slipNumber+" key="+key.Fingerprint()+" qr_chars="+strconv.Itoa(len(payload)))
	})
}

// Slips lists a case's slips, oldest first, without their records. Needs
// CapCases.
func (s *Store) Slips(ctx context.Context, actor *User, caseNumber string) ([]Slip, error) {
	if !actor.Can(CapCases) {
		return nil, ErrForbidden
	}
	rows, err := s.db.QueryContext(ctx, `SELECT sl.number, c.number, sl.key_fingerprint, sl.payload, sl.record_sha256, sl.made_by_name, sl.made_at
		FROM slips sl JOIN cases c ON c.id = sl.case_id WHERE c.number = ? ORDER BY sl.id`, caseNumber)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Slip
	for rows.Next() {
		var sl Slip
		var at string
		if err := rows.Scan(&sl.Number, &sl.Case, &sl.KeyFingerprint, &sl.Payload, &sl.RecordSHA256, &sl.MadeBy, &at); err != nil {
			return nil, err
		}
		sl.MadeAt = parseTime(at)
		out = append(out, sl)
	}
	return out, rows.Err()
}

// ExportCaseRecord returns the latest slip of a case with its frozen
// record bytes, for `tusk export --case`: ErrNotFound for an unknown case,
// ErrNoSlip when no slip was made yet. The record holds personal data, so
// this needs CapDecide; audited as case.export.
func (s *Store) ExportCaseRecord(ctx context.Context, actor *User, caseNumber string) (*Slip, error) {
	if !actor.Can(CapDecide) {
		return nil, ErrForbidden
	}
	var sl Slip
	err := s.write(ctx, func(tx *Tx) error {
		var caseID int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM cases WHERE number = ?`, caseNumber).Scan(&caseID)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		var at string
		err = tx.QueryRowContext(ctx, `SELECT number, key_fingerprint, payload, record, record_sha256, made_by_name, made_at
			FROM slips WHERE case_id = ? ORDER BY id DESC LIMIT 1`, caseID).
			Scan(&sl.Number, &sl.KeyFingerprint, &sl.Payload, &sl.Record, &sl.RecordSHA256, &sl.MadeBy, &at)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNoSlip
		}
		if err != nil {
			return err
		}
		sl.Case, sl.MadeAt = caseNumber, parseTime(at)
		if sum := sha256.Sum256(sl.Record); hex.EncodeToString(sum[:]) != sl.RecordSHA256 {
			return errf(ErrSlipBad.Code, "stored record of %s was changed", sl.Number)
		}
		return tx.audit(ctx, actor, "case.export", caseSubject(caseNumber), "slip="+sl.Number)
	})
	if err != nil {
		return nil, err
	}
	return &sl, nil
}
