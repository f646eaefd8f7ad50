package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"tusk/app/coded"
	"tusk/app/inspect"
)

// Depot is the depot (station) this installation serves.
type Depot struct {
	Code     string
	Name     string
	Country  string // ISO 3166-1 alpha-2
	Address  string
	Contact  string
	Language string // default language for new users and for slips
}

var depotCode = regexp.MustCompile(`^[A-Z0-9][A-Z0-9-]{1,15}$`)
var countryCode = regexp.MustCompile(`^[A-Z]{2}$`)

// FieldError says which field of a form is wrong; Code is an i18n key.
type FieldError = coded.FieldError

// Normalize trims and upper-cases what should be, and reports the first
// problem per field.
func (d *Depot) Normalize() []FieldError {
	d.Code = strings.ToUpper(strings.TrimSpace(d.Code))
	d.Name = strings.TrimSpace(d.Name)
	d.Country = strings.ToUpper(strings.TrimSpace(d.Country))
	d.Address = strings.TrimSpace(d.Address)
	d.Contact = strings.TrimSpace(d.Contact)
	var errs []FieldError
	if !depotCode.MatchString(d.Code) {
		errs = append(errs, FieldError{Field: "code", Code: "firstrun.err.code"})
	}
	if d.Name == "" {
		errs = append(errs, FieldError{Field: "name", Code: "firstrun.err.name"})
	}
	if !countryCode.MatchString(d.Country) {
		errs = append(errs, FieldError{Field: "country", Code: "firstrun.err.country"})
	}
	if d.Language == "" {
		errs = append(errs, FieldError{Field: "language", Code: "firstrun.err.language"})
	}
	return errs
}

// Depot loads the depot, or ErrNoDepot before first run.
func (s *Store) Depot(ctx context.Context) (*Depot, error) {
	var d Depot
	err := s.db.QueryRowContext(ctx, `SELECT code, name, country, address, contact, language FROM depot WHERE id = 1`).
		Scan(&d.Code, &d.Name, &d.Country, &d.Address, &d.Contact, &d.Language)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNoDepot
	}
	return &d, err
}

// Setup is first run: it creates the depot and its first supervisor in one
// transaction, so a crash leaves either both or neither.
func (s *Store) Setup(ctx context.Context, d Depot, first NewUser) (*User, error) {
	if errs := d.Normalize(); len(errs) > 0 {
		return nil, errs[0]
	}
	first.Role = Supervisor
	if first.Language == "" {
		first.Language = d.Language
	}
	if err := first.check(); err != nil {
		return nil, err
	}
	var u *User
	err := s.write(ctx, func(tx *Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM depot`).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return errf("store.err.already_set_up", "depot exists")
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO depot(id, code, name, country, address, contact, language, created_at) VALUES (1, ?, ?, ?, ?, ?, ?, ?)`,
			d.Code, d.Name, d.Country, d.Address, d.Contact, d.Language, fmtTime(tx.now)); err != nil {
			return err
		}
		var err error
		if u, err = insertUser(ctx, tx, first); err != nil {
			return err
		}
		if err := tx.audit(ctx, nil, "depot.setup", "depot", fmt.Sprintf("code=%s country=%s", d.Code, d.Country)); err != nil {
			return err
		}
		return tx.audit(ctx, nil, "user.add", userSubject(u.ID), fmt.Sprintf("name=%s role=%s first", u.Name, u.Role))
	})
	return u, err
}

// UpdateDepot changes the depot's details. Only supervisors may.
func (s *Store) UpdateDepot(ctx context.Context, actor *User, d Depot) error {
	if !actor.Can(CapManageDepot) {
		return ErrForbidden
	}
	if errs := d.Normalize(); len(errs) > 0 {
		return errs[0]
	}
	return s.write(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE depot SET code = ?, name = ?, country = ?, address = ?, contact = ?, language = ? WHERE id = 1`,
			d.Code, d.Name, d.Country, d.Address, d.Contact, d.Language); err != nil {
			return err
		}
		return tx.audit(ctx, actor, "depot.update", "depot", fmt.Sprintf("code=%s country=%s language=%s", d.Code, d.Country, d.Language))
	})
}

// Setting keys and their defaults.
const (
	SettingIdleMinutes = "idle_minutes"
	// SettingCaptureDir is the folder an X-ray station or camera saves its
	// images to; the Inspect screen offers the newest ones.
	SettingCaptureDir = "capture_dir"
)

var settingDefaults = map[string]string{
	SettingIdleMinutes: "5",
	SettingCaptureDir:  "",
}

// CaptureDir is the capture folder, or "" when none is set.
func (s *Store) CaptureDir(ctx context.Context) string {
	v, _ := s.Setting(ctx, SettingCaptureDir)
	return v
}

// Setting reads a setting, or its default.
func (s *Store) Setting(ctx context.Context, key string) (string, error) {
	var v string
	err := s.db.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return settingDefaults[key], nil
	}
	return v, err
}

// IdleTimeout is how long the screen stays unlocked without input.
func (s *Store) IdleTimeout(ctx context.Context) time.Duration {
	v, _ := s.Setting(ctx, SettingIdleMinutes)
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		n, _ = strconv.Atoi(settingDefaults[SettingIdleMinutes])
	}
	return time.Duration(n) * time.Minute
}

// SetSetting changes a depot setting. Only supervisors may.
func (s *Store) SetSetting(ctx context.Context, actor *User, key, value string) error {
	if !actor.Can(CapManageDepot) {
		return ErrForbidden
	}
	if _, known := settingDefaults[key]; !known {
		return errf("store.err.unknown_setting", "%s", key)
	}
	if key == SettingIdleMinutes {
		if n, err := strconv.Atoi(value); err != nil || n < 1 || n > 240 {
			return FieldError{Field: key, Code: "settings.err.idle"}
		}
	}
	if check := settingChecks[key]; check != nil {
		if err := check(value); err != nil {
			return err
		}
	}
	return s.write(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`, key, value); err != nil {
			return err
		}
		return tx.audit(ctx, actor, "setting.change", "setting:"+key, value)
	})
}

// SettingWaybillPatterns holds the couriers' waybill formats as JSON.
const SettingWaybillPatterns = "waybill_patterns"

func init() { settingDefaults[SettingWaybillPatterns] = "" }

// WaybillPatterns are the couriers' waybill formats set for this depot,
// or the built-in ones (UPU S10 and a generic pattern) when none are set.
func (s *Store) WaybillPatterns(ctx context.Context) []inspect.WaybillPattern {
	v, _ := s.Setting(ctx, SettingWaybillPatterns)
	var ps []inspect.WaybillPattern
	if v == "" || json.Unmarshal([]byte(v), &ps) != nil || len(ps) == 0 {
		return inspect.DefaultWaybillPatterns()
	}
	return ps
}

// SetWaybillPatterns saves the couriers' waybill formats after checking
// that each compiles. Only supervisors may.
func (s *Store) SetWaybillPatterns(ctx context.Context, actor *User, ps []inspect.WaybillPattern) error {
	if !actor.Can(CapManageDepot) {
		return ErrForbidden
	}
	if _, errs := inspect.CompilePatterns(ps); len(errs) > 0 {
		return &Error{Code: "settings.err.waybill_patterns", Detail: errs[0].Error()}
	}
	b, err := json.Marshal(ps)
	if err != nil {
		return err
	}
	return s.SetSetting(ctx, actor, SettingWaybillPatterns, string(b))
}
