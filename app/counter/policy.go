package counter

import (
	"slices"
	"time"

	"tusk/app/inspect"
)

// Guard is one reason why Clear is not a single keystroke.
type Guard string

// The guards on Clear, in the order they are shown.
const (
	// GuardOpenCase: the waybill has a case that is not closed. The parcel
	// belongs to that case: it is never cleared at the counter.
	GuardOpenCase Guard = "open_case"
	// GuardIDMissing: no ID recorded for a party the real-name rules
	// cover (the sender, and an agent when there is one, at acceptance).
	GuardIDMissing Guard = "id_missing"
	// GuardIDInvalid: an ID was recorded but fails its document's rules.
	GuardIDInvalid Guard = "id_invalid"
	// GuardSuggestHold and GuardSuggestRefuse: Tusk's own assessment
	// suggests holding or refusing the parcel.
	GuardSuggestHold   Guard = "suggest_hold"
	GuardSuggestRefuse Guard = "suggest_refuse"
	// GuardSuggestPostal: the assessment suggests refusing the parcel
	// under the postal rules (a prohibited article, not wildlife).
	GuardSuggestPostal Guard = "suggest_refuse_postal"
)

// Key is the guard's i18n key.
func (g Guard) Key() string { return "counter.guard." + string(g) }

// Policy is the depot's setting for the guards.
type Policy struct {
	// Strict, set by a supervisor, makes the ID and suggestion guards
	// block Clear instead of asking for a reason.
	Strict bool
	// RealNameStages are the stages where the sender stands at the counter
	// and real-name rules apply. Nil: acceptance only.
	RealNameStages []string
}

func (p Policy) realName(stage string) bool {
	if p.RealNameStages == nil {
		return stage == "" || stage == inspect.StageAcceptance
	}
	return slices.Contains(p.RealNameStages, stage)
}

// ClearCheck is what CheckClear found.
type ClearCheck struct {
	// Allowed is false when Clear is refused at the counter: an open case,
	// or a strict guard.
	Allowed bool
	Guards  []Guard
}

// Has reports whether g is among the guards.
func (c ClearCheck) Has(g Guard) bool { return slices.Contains(c.Guards, g) }

// NeedsReason reports whether Clear is allowed only as a second,
// deliberate step with a reason.
func (c ClearCheck) NeedsReason() bool { return c.Allowed && len(c.Guards) > 0 }

// CheckClear applies the Clear policy (docs/counter.md) to the open
// parcel, its last assessment (nil when none yet) and its waybill's facts:
//
//   - an open case on the waybill: Clear is not allowed at the counter;
//   - an ID missing or failing its rules where real-name rules apply, or
//     an assessment that suggests hold or refuse: Clear needs a second
//     step with a reason, or is not allowed when the policy is strict;
//   - otherwise Clear is one step.
func CheckClear(in *inspect.Inspection, a *inspect.Assessment, f Facts, p Policy, now time.Time) ClearCheck {
	c := ClearCheck{Allowed: true}
	if f.OpenCase != "" {
		c.Guards = append(c.Guards, GuardOpenCase)
		c.Allowed = false
	}
	soft := 0
	if in != nil && p.realName(in.Parcel.Stage) {
		switch idState(in, now) {
		case GuardIDMissing:
			c.Guards = append(c.Guards, GuardIDMissing)
			soft++
		case GuardIDInvalid:
			c.Guards = append(c.Guards, GuardIDInvalid)
			soft++
		}
	}
	if a != nil {
		switch a.Action {
		case inspect.ActionHold:
			c.Guards = append(c.Guards, GuardSuggestHold)
			soft++
		case inspect.ActionRefuse:
			c.Guards = append(c.Guards, GuardSuggestRefuse)
			soft++
		case inspect.ActionRefusePostal:
			c.Guards = append(c.Guards, GuardSuggestPostal)
			soft++
		}
	}
	if soft > 0 && p.Strict {
		c.Allowed = false
	}
	return c
}

// idState is GuardIDMissing when the sender (or an agent who is there)
// has no ID recorded, GuardIDInvalid when one fails its rules, else "".
// A recorded refusal to show an ID is a missing ID.
func idState(in *inspect.Inspection, now time.Time) Guard {
	worst := Guard("")
	for _, role := range []string{inspect.RoleSender, inspect.RoleAgent} {
		p := in.Party(role)
		if p == nil {
			if role == inspect.RoleSender {
				return GuardIDMissing
			}
			continue
		}
		if p.RefusedID || p.ID == nil || (p.ID.Number == "" && p.ID.MRZ == "") {
			return GuardIDMissing
		}
		if r := inspect.CheckID(*p.ID, now); len(r.Problems) > 0 {
			worst = GuardIDInvalid
		}
	}
	return worst
}

// Level words beyond the assessment's own.
const (
	// SuggestCheck is shown instead of "suggest clear" when something
	// failed: the parcel needs a closer look before anyone clears it.
	SuggestCheck = "check"
)

// Triage is what the header shows from the scan on.
type Triage struct {
	// Level is the colour shown: the assessment's, raised to amber when a
	// rule fired, an ID is missing or wrong, or the waybill has a history
	// of holds or an open case. A failed check is never green.
	Level string
	// Action is the suggestion: clear, hold, refuse, refuse_postal (kept
	// as it is: the screen offers the postal refusal), SuggestCheck, or ""
	// when nothing is recorded yet.
	Action string
	// Missing are i18n keys of what is not recorded yet or failed, shown
	// in words instead of a bare score ("ID not recorded").
	Missing []string
}

// TriageOf combines the assessment (nil before the first one), the Clear
// check and the waybill's facts into what the header shows.
func TriageOf(a *inspect.Assessment, c ClearCheck, f Facts) Triage {
	t := Triage{Level: inspect.LevelGrey}
	reasons := 0
	if a != nil {
		t.Level, t.Action, reasons = a.Level, a.Action, len(a.Reasons)
		if t.Level == "" {
			t.Level = inspect.LevelGrey
		}
	}
	for _, g := range c.Guards {
		switch g {
		case GuardIDMissing, GuardIDInvalid, GuardOpenCase:
			t.Missing = append(t.Missing, g.Key())
		}
	}
	concern := reasons > 0 || len(t.Missing) > 0 || f.Held > 0 || f.FormatProblem != ""
	if concern && (t.Level == inspect.LevelGreen || t.Level == inspect.LevelGrey) {
		t.Level = inspect.LevelAmber
		if t.Action != inspect.ActionRefusePostal {
			t.Action = SuggestCheck
		}
	}
	return t
}
