package coded

import (
	"errors"
	"fmt"
	"testing"
)

func TestCodedErrors(t *testing.T) {
	base := &Error{Code: "slip.err.issued", Msg: "the referral has its slip"}
	wrapped := fmt.Errorf("case C-1: %w", base.With("S-0001"))
	for _, tc := range []struct {
		name string
		err  error
		is   error
		want bool
		code string
		text string
	}{
		{"same code, other detail", wrapped, base, true, "slip.err.issued", "case C-1: the referral has its slip: S-0001"},
		{"other code", Errorf("store.err.no_slip", "C-%d", 2), base, false, "store.err.no_slip", "store.err.no_slip: C-2"},
		{"not ours", errors.New("disk"), base, false, "", "disk"},
	} {
		if got := errors.Is(tc.err, tc.is); got != tc.want {
			t.Errorf("%s: Is %v", tc.name, got)
		}
		if got := Code(tc.err); got != tc.code {
			t.Errorf("%s: code %q", tc.name, got)
		}
		if got := tc.err.Error(); got != tc.text {
			t.Errorf("%s: text %q", tc.name, got)
		}
	}
	var fe FieldError
	if !errors.As(fmt.Errorf("x: %w", FieldError{"reason", "slip.err.reissue_reason"}), &fe) || fe.Error() != "reason: slip.err.reissue_reason" {
		t.Errorf("field error %+v", fe)
	}
}
