package access

import "testing"

func TestGrants(t *testing.T) {
	want := map[Role][]Capability{
		Inspector:  {CapInspect, CapCards, CapCases, CapTraining, CapVerify, CapViewPersonal},
		Supervisor: Capabilities,
		Trainer:    {CapCards, CapTraining, CapEditPack},
	}
	for _, r := range Roles {
		has := map[Capability]bool{}
		for _, c := range want[r] {
			has[c] = true
		}
		for _, c := range Capabilities {
			if got := r.Can(c); got != has[c] {
				t.Errorf("%s.Can(%s) = %v, want %v", r, c, got, has[c])
			}
			if got := (Actor{Role: r, Active: true}).Can(c); got != has[c] {
				t.Errorf("active %s may %s: %v, want %v", r, c, got, has[c])
			}
			if (Actor{Role: r}).Can(c) {
				t.Errorf("inactive %s may %s", r, c)
			}
		}
	}
	for _, r := range []Role{"", "admin", "Supervisor"} {
		if r.Valid() || r.Can(CapCards) {
			t.Errorf("unknown role %q is valid or may read cards", r)
		}
	}
	for _, r := range Roles {
		if !r.Valid() {
			t.Errorf("%s not valid", r)
		}
	}
}
