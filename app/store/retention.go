package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"tusk/app/inspect"
)

// Personal data: the names, phones and addresses of a parcel's parties and
// their ID documents (number, MRZ, name, birth date). Readers without
// CapViewPersonal see them masked; retention blanks them on cleared
// parcels once they are old enough. Held and refused parcels are evidence
// and keep theirs. The parties' match keys stay in both cases, so repeat
// senders are still recognised.

// MaskPersonal replaces personal data in place with masked forms that keep
// just enough to tell records apart at a glance:
//
//   - ID numbers keep their first and last four letters or digits
//     (110101199003070516 → 1101**********0516); shorter ones less;
//   - phones keep a "+" country code and the last four digits
//     (+86 138 1234 5678 → +86 *** **** 5678);
//   - names and addresses keep the first letter of each word
//     (Juma Hassan → J*** H*****, 王先生 → 王**), digits none;
//   - the MRZ and the birth date are starred whole;
//   - in free text (notes, the decision's reason) any run of five or more
//     digits, spaces and hyphens allowed between them, is starred.
//
// It changes in and what in points to (ID documents, the decision): mask
// a copy to keep the original. Masking a masked record changes nothing.
func MaskPersonal(in *inspect.Inspection) {
	if in == nil {
		return
	}
	for i := range in.Parties {
		p := &in.Parties[i]
		p.Name = maskWords(p.Name)
		p.Phone = maskPhone(p.Phone)
		p.Address = maskWords(p.Address)
		if d := p.ID; d != nil {
			d.Number = maskID(d.Number)
			d.MRZ = maskAll(d.MRZ)
			d.Name = maskWords(d.Name)
			d.BirthDate = maskAll(d.BirthDate)
		}
	}
	in.Notes = maskDigitRuns(in.Notes)
	for i := range in.Answers {
		in.Answers[i].Note = maskDigitRuns(in.Answers[i].Note)
	}
	for i := range in.Findings {
		in.Findings[i].Note = maskDigitRuns(in.Findings[i].Note)
	}
	if in.Decision != nil {
		in.Decision.Reason = maskDigitRuns(in.Decision.Reason)
	}
}

// maskID keeps the ends of an ID number, counting letters and digits
// only: 4 and 4 of 12 or more, 2 and 2 of 8 or more, the last one of
// fewer. Spaces and hyphens stay where they are.
func maskID(s string) string {
	r := []rune(strings.TrimSpace(s))
	n := 0
	for _, c := range r {
		if c != ' ' && c != '-' {
			n++
		}
	}
	head, tail := 0, 1
	switch {
	case n >= 12:
		head, tail = 4, 4
	case n >= 8:
		head, tail = 2, 2
	case n <= 1:
		head, tail = 0, 0
	}
	i := 0
	for k, c := range r {
		if c == ' ' || c == '-' {
			continue
		}
		if i >= head && i < n-tail {
			r[k] = '*'
		}
		i++
	}
	return string(r)
}

// maskPhone stars every digit but a leading "+" country code (as typed,
// up to three digits before the first separator) and the last four.
func maskPhone(s string) string {
	r := []rune(s)
	digits := 0
	for _, c := range r {
		if c >= '0' && c <= '9' {
			digits++
		}
	}
	cc := 0 // digits of the country code to keep
	if t := strings.TrimSpace(s); strings.HasPrefix(t, "+") {
		n := 0
		for _, c := range t[1:] {
			if c < '0' || c > '9' {
				break
			}
			n++
		}
		if n <= 3 && n < len(t)-1 {
			cc = n
		}
	}
	seen := 0
	out := make([]rune, len(r))
	for i, c := range r {
		out[i] = c
		if c >= '0' && c <= '9' {
			seen++
			if seen > cc && seen <= digits-4 {
				out[i] = '*'
			}
		}
	}
	return string(out)
}

// maskWords keeps the first letter of each word and stars the rest;
// digits are starred throughout. Han characters are words of one
// character, but a name's first one is kept and the rest starred.
func maskWords(s string) string {
	var b strings.Builder
	start := true
	for _, c := range s {
		switch {
		case unicode.IsSpace(c) || c == ',' || c == '-' || c == '/' || c == '.':
			b.WriteRune(c)
			start = true
		case unicode.IsDigit(c):
			b.WriteRune('*')
			start = false
		case start:
			b.WriteRune(c)
			start = false
		default:
			b.WriteRune('*')
		}
	}
	return b.String()
}

// maskAll stars every letter and digit.
func maskAll(s string) string {
	return strings.Map(func(c rune) rune {
		if unicode.IsLetter(c) || unicode.IsDigit(c) {
			return '*'
		}
		return c
	}, s)
}

// maskDigitRuns stars runs of at least five digits, which may hold single
// spaces or hyphens: phone and ID numbers typed into free text.
func maskDigitRuns(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	isDigit := func(c rune) bool { return c >= '0' && c <= '9' }
	for i := 0; i < len(r); {
		if !isDigit(r[i]) {
			i++
			continue
		}
		j, n := i, 0
		end := i
		for j < len(r) {
			if isDigit(r[j]) {
				n++
				end = j + 1
				j++
			} else if (r[j] == ' ' || r[j] == '-') && j+1 < len(r) && isDigit(r[j+1]) {
				j++
			} else {
				break
			}
		}
		if n >= 5 {
			for k := i; k < end; k++ {
				if isDigit(r[k]) {
					r[k] = '*'
				}
			}
		}
		i = max(end, i+1)
	}
	return string(r)
}

// blankPersonal removes personal data for retention: the parties' names,
// phones and addresses, their ID documents' number, MRZ, name, birth date
// and sex, and the inspection's free-text notes. The document type and
// country, the flags and the match keys stay for the statistics and the
// repeat-sender look-up.
func blankPersonal(in *inspect.Inspection) {
	for i := range in.Parties {
		p := &in.Parties[i]
		p.Name, p.Phone, p.Address = "", "", ""
		if d := p.ID; d != nil {
			d.Number, d.MRZ, d.Name, d.BirthDate, d.Sex = "", "", "", "", ""
		}
	}
	in.Notes = ""
}

// SettingRetentionDays is how many days after its decision a cleared
// parcel keeps its personal data.
const SettingRetentionDays = "retention_days"

// DefaultRetentionDays applies until a supervisor sets another value.
const DefaultRetentionDays = 90

// RetentionDays reads the retention period, DefaultRetentionDays when
// unset or damaged.
func (s *Store) RetentionDays(ctx context.Context) int {
	var v string
	err := s.db.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, SettingRetentionDays).Scan(&v)
	if err != nil {
		return DefaultRetentionDays
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return DefaultRetentionDays
	}
	return n
}

// SetRetentionDays sets the retention period: 1 to 3650 days, else a
// FieldError with settings.err.retention. Only supervisors may; audited
// as setting.change.
func (s *Store) SetRetentionDays(ctx context.Context, actor *User, days int) error {
	if !actor.Can(CapManageDepot) {
		return ErrForbidden
	}
	if days < 1 || days > 3650 {
		return FieldError{Field: SettingRetentionDays, Code: "settings.err.retention"}
	}
	v := strconv.Itoa(days)
	return s.write(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO settings(key, value) VALUES (?, ?)
			ON CONFLICT(key) DO UPDATE SET value = excluded.value`, SettingRetentionDays, v); err != nil {
			return err
		}
		return tx.audit(ctx, actor, "setting.change", "setting:"+SettingRetentionDays, v)
	})
}

// PurgePersonalData blanks the personal data (see blankPersonal) of
// cleared inspections, and of those refused under the postal rules (no
// case, not evidence), decided before olderThan and not yet purged, in one
// transaction with one retention.purge audit entry giving the count (none
// when nothing was due).
// Held and refused inspections are evidence and are never purged. Only
// supervisors may (CapManageDepot).
func (s *Store) PurgePersonalData(ctx context.Context, actor *User, olderThan time.Time) (int, error) {
	if !actor.Can(CapManageDepot) {
		return 0, ErrForbidden
	}
	n := 0
	// secure_delete zeroes what the purge frees, on the one connection.
	if _, err := s.db.ExecContext(ctx, `PRAGMA secure_delete = ON`); err != nil {
		return 0, err
	}
	defer s.db.ExecContext(context.WithoutCancel(ctx), `PRAGMA secure_delete = OFF`)
	err := s.write(ctx, func(tx *Tx) error {
		n = 0
		rows, err := tx.QueryContext(ctx, `SELECT id, number, data FROM inspections
			WHERE status IN ('cleared', 'refused_postal') AND decided_at != '' AND decided_at < ? AND personal_purged = 0`, fmtTime(olderThan))
		if err != nil {
			return err
		}
		type purge struct {
			id   int64
			data []byte
		}
		var todo []purge
		for rows.Next() {
			var id int64
			var number string
			var data []byte
			if err := rows.Scan(&id, &number, &data); err != nil {
				rows.Close()
				return err
			}
			in := &inspect.Inspection{}
			if err := json.Unmarshal(data, in); err != nil {
				rows.Close()
				return fmt.Errorf("inspection %s: %w", number, err)
			}
			blankPersonal(in)
			out, err := json.Marshal(in)
			if err != nil {
				rows.Close()
				return err
			}
			todo = append(todo, purge{id, out})
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, p := range todo {
			if _, err := tx.ExecContext(ctx, `UPDATE inspections SET data = ?, personal_purged = 1 WHERE id = ?`, p.data, p.id); err != nil {
				return err
			}
		}
		n = len(todo)
		if n == 0 {
			return nil // nothing changed: no entry, so a purge at every sign-in adds no noise
		}
		return tx.audit(ctx, actor, "retention.purge", "inspections",
			fmt.Sprintf("count=%d decided_before=%s", n, fmtTime(olderThan)))
	})
	if err != nil {
		return 0, err
	}
	if n > 0 {
		if err := s.scrub(ctx); err != nil {
			return n, fmt.Errorf("purged %d, but the file still holds old copies: %w", n, err)
		}
	}
	return n, nil
}

// scrub removes what a purge left behind in the files: older copies of
// the rows (autosaved drafts, the row before the purge) in free pages and
// in the WAL. The WAL is folded into the database and emptied, VACUUM
// rewrites the database without free pages, and the WAL it wrote is
// folded in and emptied again.
func (s *Store) scrub(ctx context.Context) error {
	for _, q := range []string{`PRAGMA wal_checkpoint(TRUNCATE)`, `VACUUM`, `PRAGMA wal_checkpoint(TRUNCATE)`} {
		if _, err := s.db.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	return nil
}

// PurgeExpired purges what the retention period allows as of now: cleared
// parcels decided more than RetentionDays ago.
func (s *Store) PurgeExpired(ctx context.Context, actor *User) (int, error) {
	return s.PurgePersonalData(ctx, actor, s.Now().UTC().AddDate(0, 0, -s.RetentionDays(ctx)))
}
