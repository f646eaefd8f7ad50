// Package dashboard is the supervisor's dashboard: filters, headline
// figures, the charts with an export of each, and the monthly PDF report.
// It reaches the store only through the narrow Store interface below and
// the shell only through widgets.Env.
package dashboard

import (
	"context"

	"fyne.io/fyne/v2"

	"tusk/app/store"
	"tusk/app/ui/widgets"
)

// Store is what the dashboard asks of the store.
type Store interface {
	Stations(ctx context.Context) ([]string, error)
	CaseInspectors(ctx context.Context, actor *store.User) ([]store.StatsInspector, error)
	Stats(ctx context.Context, actor *store.User, f store.StatsFilter) (*store.Stats, error)
	// Audit records that the monthly report was made (report.Make).
	Audit(ctx context.Context, actor *store.User, action, subject, detail string) error
}

// Deps are what the shell hands the dashboard.
type Deps struct {
	Env   *widgets.Env
	Store Store
	// Notices, when set, is shown under the heading each time the screen
	// is built: the shell's warning about silent stations.
	Notices func() fyne.CanvasObject
}

// Screen is the dashboard, made once; Build shows it for the signed-in
// user on each visit.
type Screen struct {
	d   Deps
	cur *view // the dashboard on show, for tests
}

// New makes the screen.
func New(d Deps) *Screen { return &Screen{d: d} }

func (s *Screen) env() *widgets.Env { return s.d.Env }

func (s *Screen) ctx() context.Context { return s.d.Env.Ctx() }

func (s *Screen) user() *store.User { return s.d.Env.User() }
