// Package coded holds the one coded error type of Tusk and the one field
// error: a failure with a stable code that is also the i18n key the UI
// translates, an optional English message for the command line and logs,
// and a technical detail. The store, referral, caserecord and inspect use
// these types (under their own names as aliases), so one errors.As finds
// the code whichever layer failed. It depends on nothing.
package coded

import (
	"errors"
	"fmt"
)

// Error is a failure with a stable code.
type Error struct {
	Code   string // stable, and an i18n key, e.g. "verify.err.tampered"
	Msg    string // English, for the command line; "" shows the code
	Detail string // optional technical detail (which field, which byte)
}

func (e *Error) Error() string {
	s := e.Msg
	if s == "" {
		s = e.Code
	}
	if e.Detail != "" {
		return s + ": " + e.Detail
	}
	return s
}

// Is makes errors.Is(err, ErrX) match any *Error with ErrX's code,
// whatever its detail.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t != nil && t.Code == e.Code
}

// With returns a copy of e with detail.
func (e *Error) With(detail string) *Error {
	c := *e
	c.Detail = detail
	return &c
}

// Errorf is an *Error with code and a formatted detail.
func Errorf(code, format string, a ...any) *Error {
	return &Error{Code: code, Detail: fmt.Sprintf(format, a...)}
}

// Code returns the code of the first *Error in err's chain, or "".
func Code(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

// FieldError is a problem with one field. Field is a name or a dotted
// path such as "sender.id.number"; Code is an i18n key.
type FieldError struct {
	Field string `json:"field"`
	Code  string `json:"code"`
}

func (e FieldError) Error() string { return e.Field + ": " + e.Code }
