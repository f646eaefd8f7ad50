// Package settings is the Settings screen: sections the user moves
// between (Depot, Counter, Review, Stations, Users, My settings, About),
// each with its own Save, and a warning before unsaved changes are left
// behind. It reaches the store only through the narrow Store interface
// below and the shell only through widgets.Env and Deps.
package settings

import (
	"context"
	"time"

	"tusk/app/inspect"
	"tusk/app/referral"
	"tusk/app/store"
	"tusk/app/ui/widgets"
)

// Store is what the Settings screen asks of the store. Settings are read
// with Setting, so that a value that cannot be read says so at its field
// instead of showing a default.
type Store interface {
	Setting(ctx context.Context, key string) (string, error)
	SetSetting(ctx context.Context, actor *store.User, key, value string) error
	SetRetentionDays(ctx context.Context, actor *store.User, days int) error
	SetWaybillPatterns(ctx context.Context, actor *store.User, ps []inspect.WaybillPattern) error
	Depot(ctx context.Context) (*store.Depot, error)
	UpdateDepot(ctx context.Context, actor *store.User, d store.Depot) error

	CheckOwnPIN(ctx context.Context, actor *store.User, pin string) (*store.User, error)
	Users(ctx context.Context, includeInactive bool) ([]*store.User, error)
	User(ctx context.Context, id int64) (*store.User, error)
	AddUser(ctx context.Context, actor *store.User, n store.NewUser) (*store.User, error)
	UpdateUser(ctx context.Context, actor *store.User, id int64, upd store.UserUpdate) (*store.User, error)

	OwnKey(ctx context.Context) (referral.KeyInfo, error)
	VerifyAudit(ctx context.Context) (int64, error)
	SchemaVersion(ctx context.Context) (int, error)

	StationsStatus(ctx context.Context) ([]store.StationStatus, error)
	Outbound(ctx context.Context) (store.Outbound, error)
	Quarantined(ctx context.Context) ([]store.QuarantinedBundle, error)
	LastBundleExport(ctx context.Context) time.Time
}

// Deps are what the shell hands the screen besides its Env.
type Deps struct {
	Store Store
	Env   *widgets.Env
	// Version and Home are shown under About.
	Version, Home string
	// SetLanguage switches the signed-in user's language (the shell
	// rebuilds every screen).
	SetLanguage func(code string)
	// DepotChanged tells the shell the depot or its idle time changed.
	DepotChanged func()
	// UserChanged tells the shell the signed-in user's own record changed.
	UserChanged func()
	// Exchange is the background station exchange; nil shows the folders
	// without the live part.
	Exchange *Exchange
}
