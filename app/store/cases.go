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
	"strings"
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
//	st.RecordSlip(ctx, actor, rec.CaseNo, no, payload, referral.CanonicalJSON(rec), out)
//
// One referral has one slip number: RecordSlip refuses a second first
// slip (ErrSlipIssued). Copies, prints and other languages render the
// slip in force (CurrentSlip) and are audited with SlipHandedOut; a
// correction is ReissueSlip, a new number that supersedes the old, which
// SlipSupersededBy then names when the old code is verified.
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
	// ErrSlipIssued: the case has its slip already; a copy renders it, a
	// correction re-issues it (ReissueSlip).
	ErrSlipIssued     = &Error{Code: "slip.err.issued"}
	ErrSlipNotCurrent = &Error{Code: "slip.err.not_current"}    // the slip to re-issue was superseded meanwhile
	ErrReissueReason  = &Error{Code: "slip.err.reissue_reason"} // a re-issue needs the supervisor's reason
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
		return nil, FieldError{Field: "status", Code: ErrCaseStatus.Code}
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
	Supersedes     string // the slip this re-issue replaces; "" for the first
	Reason         string // why it was re-issued, in the supervisor's words
}

// SlipOut says how a slip left the depot, for its audit entry (slip.save
// with Where, the file; slip.print). The zero value records nothing more
// than the slip.
type SlipOut struct {
	Action SlipAction
	Where  string
}

// SlipAction is a way a slip is handed out.
type SlipAction int

// The ways a slip is handed out.
const (
	SlipSaved SlipAction = iota + 1
	SlipPrinted
)

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

// RecordSlip stores the first slip of a referral: its payload and the
// frozen canonical record bytes. A case has one slip number; once it has
// one, RecordSlip refuses with ErrSlipIssued (copies and other languages
// render the current slip, a correction is ReissueSlip). It checks that
// the payload verifies against this depot's keys, names this case and
// slip number, and was signed over exactly recordJSON (ErrSlipBad
// otherwise), and that slipNumber is the next one (ErrSlipNumber). Needs
// CapDecide; audited as slip.make (the detail holds numbers and the key's
// fingerprint, nothing personal), and as out says, in the same
// transaction.
func (s *Store) RecordSlip(ctx context.Context, actor *User, caseNumber, slipNumber, payload string, recordJSON []byte, out SlipOut) error {
	return s.recordSlip(ctx, actor, caseNumber, "", slipNumber, payload, recordJSON, "", out)
}

// ReissueSlip records a correction of a case's slip: a new number that
// supersedes the current one, which must be supersedes (ErrSlipNotCurrent
// when another was issued meanwhile). reason, the supervisor's words, is
// required. Verify of the old code then names the new number
// (SlipSupersededBy). Checks and audit as RecordSlip, as slip.reissue.
func (s *Store) ReissueSlip(ctx context.Context, actor *User, caseNumber, supersedes, slipNumber, payload string, recordJSON []byte, reason string, out SlipOut) error {
	if strings.TrimSpace(reason) == "" {
		return FieldError{Field: "reason", Code: ErrReissueReason.Code}
	}
	if supersedes == "" {
		return ErrNoSlip
	}
	return s.recordSlip(ctx, actor, caseNumber, supersedes, slipNumber, payload, recordJSON, strings.TrimSpace(reason), out)
}

func (s *Store) recordSlip(ctx context.Context, actor *User, caseNumber, supersedes, slipNumber, payload string, recordJSON []byte, reason string, out SlipOut) error {
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
		var current string
		err = tx.QueryRowContext(ctx, `SELECT number FROM slips WHERE case_id = ? ORDER BY id DESC LIMIT 1`, caseID).Scan(&current)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		switch {
		case supersedes == "" && current != "":
			return errf(ErrSlipIssued.Code, "case %s has slip %s", caseNumber, current)
		case supersedes != "" && current == "":
			return ErrNoSlip
		case supersedes != "" && current != supersedes:
			return errf(ErrSlipNotCurrent.Code, "the current slip of %s is %s", caseNumber, current)
		}
		year := localDay(tx.now).Format("2006")
		n, err := tx.nextSerial(ctx, "slip:"+year)
		if err != nil {
			return err
		}
		if want := fmt.Sprintf("S-%s-%04d", year, n); want != slipNumber {
			return errf(ErrSlipNumber.Code, "next is %s", want)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO slips(number, case_id, key_fingerprint, payload, record, record_sha256, made_by, made_by_name, made_at, supersedes, reissue_reason)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, slipNumber, caseID, key.Fingerprint(), payload, recordJSON,
			hex.EncodeToString(sum[:]), actor.ID, actor.Name, fmtTime(tx.now), supersedes, reason); err != nil {
			return err
		}
		detail := "slip=" + slipNumber + " key=" + key.Fingerprint() + " qr_chars=" + strconv.Itoa(len(payload))
		if supersedes == "" {
			err = tx.audit(ctx, actor, "slip.make", caseSubject(caseNumber), detail)
		} else {
			err = tx.audit(ctx, actor, "slip.reissue", caseSubject(caseNumber), detail+" supersedes="+supersedes)
		}
		if err != nil {
			return err
		}
		return slipOutAudit(ctx, tx, actor, caseNumber, slipNumber, out)
	})
}

// slipOutAudit writes the slip.save or slip.print entry of out.
func slipOutAudit(ctx context.Context, tx *Tx, actor *User, caseNumber, slipNumber string, out SlipOut) error {
	detail := "slip=" + slipNumber
	if out.Where != "" {
		detail += " file=" + out.Where
	}
	switch out.Action {
	case 0:
		return nil
	case SlipSaved:
		return tx.audit(ctx, actor, "slip.save", caseSubject(caseNumber), detail)
	case SlipPrinted:
		return tx.audit(ctx, actor, "slip.print", caseSubject(caseNumber), detail)
	}
	return fmt.Errorf("store: %d is not a slip hand-out", out.Action)
}

// SlipHandedOut records that a copy of an issued slip was saved or
// printed (out.Action), in the transaction that checks the slip is this
// case's. Needs CapDecide.
func (s *Store) SlipHandedOut(ctx context.Context, actor *User, caseNumber, slipNumber string, out SlipOut) error {
	if !actor.Can(CapDecide) {
		return ErrForbidden
	}
	if out.Action == 0 {
		return fmt.Errorf("store: a slip hand-out needs its action")
	}
	return s.write(ctx, func(tx *Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM slips sl JOIN cases c ON c.id = sl.case_id
			WHERE sl.number = ? AND c.number = ?`, slipNumber, caseNumber).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return ErrNotFound
		}
		return slipOutAudit(ctx, tx, actor, caseNumber, slipNumber, out)
	})
}

// CurrentSlip is the case's slip in force, the newest one, with its
// frozen record: copies and other languages render it. ErrNotFound for an
// unknown case, ErrNoSlip before the first. The record holds personal
// data, so this needs CapDecide.
func (s *Store) CurrentSlip(ctx context.Context, actor *User, caseNumber string) (*Slip, error) {
	if !actor.Can(CapDecide) {
		return nil, ErrForbidden
	}
	var caseID int64
	err := s.db.QueryRowContext(ctx, `SELECT id FROM cases WHERE number = ?`, caseNumber).Scan(&caseID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	sl := Slip{Case: caseNumber}
	var at string
	err = s.db.QueryRowContext(ctx, `SELECT number, key_fingerprint, payload, record, record_sha256, made_by_name, made_at, supersedes, reissue_reason
		FROM slips WHERE case_id = ? ORDER BY id DESC LIMIT 1`, caseID).
		Scan(&sl.Number, &sl.KeyFingerprint, &sl.Payload, &sl.Record, &sl.RecordSHA256, &sl.MadeBy, &at, &sl.Supersedes, &sl.Reason)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNoSlip
	}
	if err != nil {
		return nil, err
	}
	sl.MadeAt = parseTime(at)
	if sum := sha256.Sum256(sl.Record); hex.EncodeToString(sum[:]) != sl.RecordSHA256 {
		return nil, errf(ErrSlipBad.Code, "stored record of %s was changed", sl.Number)
	}
	return &sl, nil
}

// SlipSupersededBy names the slip in force that replaced slipNumber
// through one or more re-issues, or "" when slipNumber is itself in
// force (or not in this depot's register). Reading the register needs no
// actor: it holds no personal data.
func (s *Store) SlipSupersededBy(ctx context.Context, slipNumber string) (string, error) {
	newest := ""
	for at, seen := slipNumber, 0; seen < 1000; seen++ {
		var next string
		err := s.db.QueryRowContext(ctx, `SELECT number FROM slips WHERE supersedes = ? ORDER BY id LIMIT 1`, at).Scan(&next)
		if errors.Is(err, sql.ErrNoRows) {
			return newest, nil
		}
		if err != nil {
			return "", err
		}
		newest, at = next, next
	}
	return newest, nil
}

// Slips lists a case's slips, oldest first, without their records. Needs
// CapCases.
func (s *Store) Slips(ctx context.Context, actor *User, caseNumber string) ([]Slip, error) {
	if !actor.Can(CapCases) {
		return nil, ErrForbidden
	}
	rows, err := s.db.QueryContext(ctx, `SELECT sl.number, c.number, sl.key_fingerprint, sl.payload, sl.record_sha256, sl.made_by_name, sl.made_at,
		sl.supersedes, sl.reissue_reason
		FROM slips sl JOIN cases c ON c.id = sl.case_id WHERE c.number = ? ORDER BY sl.id`, caseNumber)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Slip
	for rows.Next() {
		var sl Slip
		var at string
		if err := rows.Scan(&sl.Number, &sl.Case, &sl.KeyFingerprint, &sl.Payload, &sl.RecordSHA256, &sl.MadeBy, &at, &sl.Supersedes, &sl.Reason); err != nil {
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
