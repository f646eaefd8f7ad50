package coded_test

import (
	"errors"
	"fmt"
	"testing"

	"tusk/app/caserecord"
	"tusk/app/coded"
	"tusk/app/inspect"
	"tusk/app/referral"
	"tusk/app/store"
	"tusk/app/ui/widgets"
)

// Issue 13: three identical coded error types (store, referral,
// caserecord) and two FieldErrors (store, inspect) made every reader try
// each in turn, and widgets.ErrorKey knew only the store's: a referral or
// record error showed "unexpected". There is one of each now. (With the
// three types, ErrorKey of a referral error is "common.err.unexpected"
// and errors.As into *store.Error fails.)
func TestOneCodedErrorForEveryLayer(t *testing.T) {
	for _, err := range []error{
		fmt.Errorf("verify: %w", referral.ErrTampered.With("byte 12")),
		fmt.Errorf("slip: %w", caserecord.ErrClosed),
		fmt.Errorf("case: %w", store.ErrNoSlip),
	} {
		var se *store.Error
		var re *referral.Error
		if !errors.As(err, &se) || !errors.As(err, &re) || se != re {
			t.Errorf("%v is not one coded error for every layer", err)
		}
		if got, want := widgets.ErrorKey(err), coded.Code(err); got != want {
			t.Errorf("widgets.ErrorKey(%v) = %q, want %q", err, got, want)
		}
	}
	var fe store.FieldError
	if !errors.As(fmt.Errorf("x: %w", inspect.FieldError{Field: "sender.id.number", Code: "inspect.err.id_format"}), &fe) || fe.Field != "sender.id.number" {
		t.Errorf("inspect's field error is not the store's: %+v", fe)
	}
}
