package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"

	"tusk/app/inspect"
)

// The counter's Clear guard rails (docs/counter.md). The screen asks the
// domain (tusk/app/counter); the store enforces the one rule that needs
// no judgement: a parcel whose waybill has an open case is never cleared.

// SettingCounterStrict, "1", makes the counter's soft guards on Clear (ID
// missing where real-name rules apply, a hold or refuse suggestion) block
// Clear instead of asking for a reason. A supervisor sets it.
const SettingCounterStrict = "counter_strict"

// ErrOpenCase: Clear on a waybill that has a case not yet closed.
var ErrOpenCase = &Error{Code: "counter.err.open_case"}

func init() { settingDefaults[SettingCounterStrict] = "0" }

// CounterStrict reports whether the depot made the soft guards on Clear strict.
func (s *Store) CounterStrict(ctx context.Context) bool {
	v, _ := s.Setting(ctx, SettingCounterStrict)
	b, _ := strconv.ParseBool(v)
	return b
}

// WaybillOpenCase returns the number of a case on the waybill (cleaned as
// a scan) that is not closed, or "" when there is none. Needs CapInspect
// or CapCases.
func (s *Store) WaybillOpenCase(ctx context.Context, actor *User, waybill string) (string, error) {
	if !actor.Can(CapInspect) && !actor.Can(CapCases) {
		return "", ErrForbidden
	}
	return openCaseOf(ctx, s.db, inspect.CleanWaybill(waybill))
}

func openCaseOf(ctx context.Context, q querier, waybill string) (string, error) {
	if waybill == "" {
		return "", nil
	}
	var number string
	err := q.QueryRowContext(ctx, `SELECT c.number FROM inspections i JOIN cases c ON c.inspection_id = i.id
		WHERE i.waybill = ? AND c.status != 'closed' ORDER BY c.opened_at DESC LIMIT 1`, waybill).Scan(&number)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return number, err
}
