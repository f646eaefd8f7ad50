package widgets

import (
	"errors"

	"tusk/app/store"
	"tusk/i18n"
)

// ErrorKey turns an error from the store into the i18n key every screen
// shows for it: a field's own message, the wait after too many PINs, a
// coded store error, or the one message for the unexpected.
func ErrorKey(err error) string {
	var se *store.Error
	var fe store.FieldError
	var le *store.LockedError
	switch {
	case err == nil:
		return ""
	case errors.As(err, &le):
		return "signin.err.locked_wait"
	case errors.As(err, &fe):
		return fe.Code
	case errors.As(err, &se) && i18n.HasKey(se.Code):
		return se.Code
	default:
		return "common.err.unexpected"
	}
}
