package ui

import (
	"context"

	"fyne.io/fyne/v2"

	"tusk/app/caserecord"
	"tusk/app/sop"
	"tusk/app/store"
	"tusk/app/ui/cases"
	"tusk/app/ui/exports"
	"tusk/app/ui/verify"
)

// buildCases shows the review queue, made once and rebuilt on each visit
// for the signed-in user.
func (u *UI) buildCases() fyne.CanvasObject {
	if u.cases == nil {
		u.cases = cases.New(cases.Deps{
			Env:   u.env,
			Store: u.deps.Store,
			MakeSlip: func(ctx context.Context, actor *store.User, pack *sop.Pack, req caserecord.SlipRequest) (*caserecord.Slip, error) {
				return caserecord.MakeSlip(ctx, u.deps.Store, actor, pack, req)
			},
			Home:   u.deps.Home,
			Export: func(f store.QueueFilter) { u.exportDialog().Open(f) },
		})
	}
	return u.cases.Build()
}

// exportDialog opens the export of the cases a filter selects.
func (u *UI) exportDialog() *exports.Exports {
	if u.exports == nil {
		u.exports = exports.New(exports.Deps{Env: u.env, Store: u.deps.Store})
	}
	return u.exports
}

// buildVerify shows the Verify screen.
func (u *UI) buildVerify() fyne.CanvasObject {
	if u.verify == nil {
		u.verify = verify.New(verify.Deps{Env: u.env, Store: u.deps.Store})
	}
	return u.verify.Build()
}
