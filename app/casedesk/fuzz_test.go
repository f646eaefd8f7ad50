package casedesk

import (
	"errors"
	"reflect"
	"slices"
	"testing"

	"tusk/app/access"
	"tusk/app/inspect"
)

// FuzzDecide plays a case through a sequence of decisions read from the
// input: each step picks a kind, an actor, the policy and which fields
// are left out. Whatever the sequence, the desk's invariants hold:
//   - nothing leads out of a closed case (there is no reopen), and a
//     closed case waits for nothing;
//   - a case reaches "referred" only by a referral from someone other
//     than the holder under a one-supervisor policy, or by a confirmation
//     from a third person: four eyes are never one person's;
//   - only an active supervisor changes a case; an inspector only adds
//     comments, a trainer or an inactive user nothing;
//   - a sensitive case is invisible to whoever may not decide;
//   - a seizure always has its police reference;
//   - a refusal changes nothing, and Decide is pure.
func FuzzDecide(f *testing.F) {
	f.Add([]byte{0, 0, 0, 0, 0})
	f.Add([]byte{0, 0, 0, 0, 0, 4, 1, 1, 0, 5, 2, 1, 0, 5, 1, 1, 0, 5, 3, 1, 0, 6, 1, 0, 0, 7, 1, 0, 0})
	f.Add([]byte{1, 3, 1, 1, 1, 4, 0, 0, 0, 1, 2, 0, 0, 12, 4, 0, 0, 2, 1, 0, 0})
	f.Add([]byte{4, 0, 0, 0, 0, 1, 1, 0, 0, 7, 1, 0, 0, 12, 0, 0, 0, 4, 1, 0, 0})
	f.Add([]byte{2, 2, 0, 0, 0, 9, 1, 0, 0, 10, 1, 0, 0, 8, 2, 0, 0})
	actors := []access.Actor{holderSup, sup, sup2, sup3, holder, trainer, former}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) < 5 {
			return
		}
		c := Case{
			Number:      "C-1",
			Status:      Statuses[int(data[0])%len(Statuses)],
			Pending:     PendingStates[int(data[1])%len(PendingStates)],
			Sensitive:   data[2]&1 == 1,
			InspectorID: actors[int(data[3])%len(actors)].ID,
		}
		if data[4]&1 == 1 {
			c.ReferrerID = actors[int(data[4]>>1)%len(actors)].ID
		}
		if c.Status == inspect.CaseClosed {
			c.Pending = PendingNone
		}
		kinds := append(slices.Clone(Kinds), "shred")
		for steps := data[5:]; len(steps) >= 4; steps = steps[4:] {
			kind := kinds[int(steps[0])%len(kinds)]
			by := actors[int(steps[1])%len(actors)]
			p := Policy{ConfirmReferral: steps[2]&1 == 1, Unreadable: steps[2]&2 == 2}
			d := complete(kind)
			if steps[3]&1 == 1 {
				d = Decision{Kind: kind} // nothing filled in
			}
			if steps[3]&2 == 2 {
				d.Sensitive = !d.Sensitive
			}
			if steps[3]&4 == 4 {
				d.Outcome = OutcomeSeizure // claimed on any decision, police reference or not
			}
			ch, err := Decide(c, by, d, p)
			again, err2 := Decide(c, by, d, p)
			if !reflect.DeepEqual(ch, again) || !errors.Is(err2, err) && !reflect.DeepEqual(err, err2) {
				t.Fatalf("Decide is not pure: %+v %v, then %+v %v", ch, err, again, err2)
			}
			if err != nil {
				if !reflect.DeepEqual(ch, Change{}) {
					t.Fatalf("refusal %v came with a change %+v", err, ch)
				}
				var fe FieldErrors
				if !errors.As(err, &fe) && !slices.ContainsFunc(Refusals, func(r error) bool { return errors.Is(err, r) }) {
					t.Fatalf("uncoded error %v", err)
				}
				continue
			}
			next := ch.Case
			where := func() string { return kind + " by " + by.Name + " on " + c.Status + "/" + c.Pending }
			switch {
			case !by.Active || by.Role == access.Trainer:
				t.Fatalf("%s: a trainer or an inactive user acted", where())
			case c.Sensitive && !by.Can(access.CapDecide):
				t.Fatalf("%s: a sensitive case was visible", where())
			case !by.Can(access.CapDecide) && (kind != KindComment || next != c):
				t.Fatalf("%s: someone who may not decide changed the case: %+v", where(), next)
			case c.Status == inspect.CaseClosed && (next.Status != inspect.CaseClosed || kind != KindComment):
				t.Fatalf("%s: a closed case moved to %s", where(), next.Status)
			case next.Status == inspect.CaseClosed && next.Pending != PendingNone:
				t.Fatalf("%s: closed, waiting for %s", where(), next.Pending)
			case next.Outcome == OutcomeSeizure && next.PoliceRef == "":
				t.Fatalf("%s: a seizure without a police reference", where())
			case !slices.Contains(Statuses, next.Status) || !slices.Contains(PendingStates, next.Pending) && next.Pending != c.Pending:
				t.Fatalf("%s: unknown state %s/%s", where(), next.Status, next.Pending)
			case ch.Closed != (next.Status == inspect.CaseClosed && c.Status != inspect.CaseClosed):
				t.Fatalf("%s: closed_at stamp %v for %s", where(), ch.Closed, next.Status)
			case ch.Audit.Action != "case."+kind || ch.Event.Kind != kind:
				t.Fatalf("%s: audit %+v", where(), ch.Audit)
			}
			if next.Status == inspect.CaseReferred && c.Status != inspect.CaseReferred {
				if !ch.Referred || by.ID == c.InspectorID {
					t.Fatalf("%s: referred by the holder, or unstamped", where())
				}
				switch kind {
				case KindRefer:
					if p.ConfirmReferral {
						t.Fatalf("%s: referred without the second supervisor the policy asks for", where())
					}
				case KindConfirm:
					if c.ReferrerID == 0 || by.ID == c.ReferrerID {
						t.Fatalf("%s: confirmed by the referrer %d", where(), c.ReferrerID)
					}
				default:
					t.Fatalf("%s: referred by a %s", where(), kind)
				}
			} else if ch.Referred {
				t.Fatalf("%s: referred_at stamped on %s", where(), next.Status)
			}
			c = next
		}
	})
}
