package store

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"

	"golang.org/x/crypto/argon2"

	"tusk/app/access"
)

// Roles and capabilities are domain data in package access; these names
// keep the store's callers unchanged.
type (
	// Role is what a user does at the depot.
	Role = access.Role
	// Capability is something a role may do.
	Capability = access.Capability
)

// The roles.
const (
	Inspector  = access.Inspector
	Supervisor = access.Supervisor
	Trainer    = access.Trainer
)

// Roles lists every role, in the order forms show them.
var Roles = access.Roles

// The capabilities.
const (
	CapInspect      = access.CapInspect
	CapCards        = access.CapCards
	CapCases        = access.CapCases
	CapDecide       = access.CapDecide
	CapTraining     = access.CapTraining
	CapEditPack     = access.CapEditPack
	CapVerify       = access.CapVerify
	CapManageUsers  = access.CapManageUsers
	CapManageDepot  = access.CapManageDepot
	CapViewPersonal = access.CapViewPersonal
)

// User is a person who signs in at the depot.
type User struct {
	ID       int64
	Name     string
	Role     Role
	Language string
	Active   bool
}

// Can reports whether the user's role has capability c.
func (u *User) Can(c Capability) bool { return u != nil && u.Actor().Can(c) }

// Actor is the user as the domain's rules see them; a nil user is an
// inactive nobody who may nothing.
func (u *User) Actor() access.Actor {
	if u == nil {
		return access.Actor{}
	}
	return access.Actor{ID: u.ID, Name: u.Name, Role: u.Role, Active: u.Active}
}

// Sign-in limits.
const (
	MaxFailedPINs = 5
	LockoutPeriod = time.Minute
	MinPINLength  = 6
)

// Errors of sign-in and user management; codes are i18n keys.
var (
	ErrPINFormat  = &Error{Code: "store.err.pin_format"}
	ErrPINTrivial = &Error{Code: "store.err.pin_trivial"}
	ErrWrongPIN   = &Error{Code: "store.err.wrong_pin"}
	ErrNameTaken  = &Error{Code: "store.err.name_taken"}
	ErrNameEmpty  = &Error{Code: "store.err.name_empty"}
	ErrBadRole    = &Error{Code: "store.err.bad_role"}
	ErrLastSuper  = &Error{Code: "store.err.last_supervisor"}
	ErrNameLong   = &Error{Code: "security.err.name_long"}
	ErrPINShort   = &Error{Code: "security.err.pin_short"} // shorter than the depot's minimum
)

// MaxUserName bounds a user's name in bytes.
const MaxUserName = 100

// MaxLockout is the longest wait after repeated lockouts.
const MaxLockout = 24 * time.Hour

// LockoutWait is the wait after the n-th lockout in a row (n >= 1):
// LockoutPeriod doubled for each earlier one, at most MaxLockout.
func LockoutWait(n int) time.Duration {
	w := LockoutPeriod
	for i := 1; i < n && w < MaxLockout; i++ {
		w *= 2
	}
	return min(w, MaxLockout)
}

// LockedError says sign-in must wait until Until.
type LockedError struct{ Until time.Time }

func (e *LockedError) Error() string { return "store.err.locked until " + e.Until.Format(time.RFC3339) }

// CheckPIN reports why a PIN is not acceptable, or nil.
func CheckPIN(pin string) error {
	if len(pin) < MinPINLength {
		return ErrPINFormat
	}
	for _, r := range pin {
		if r < '0' || r > '9' {
			return ErrPINFormat
		}
	}
	same, up, down := true, true, true
	for i := 1; i < len(pin); i++ {
		same = same && pin[i] == pin[0]
		up = up && pin[i] == pin[i-1]+1
		down = down && pin[i] == pin[i-1]-1
	}
	if same || up || down {
		return ErrPINTrivial
	}
	return nil
}

// argon2id parameters: the OWASP minimum (19 MiB, 2 passes), which keeps a
// sign-in well under a tenth of a second on a counter PC.
const (
	argonTime    = 2
	argonMemory  = 19 * 1024
	argonThreads = 1
	argonKeyLen  = 32
)

// HashPIN returns a PHC-format argon2id hash of pin with a fresh salt.
func HashPIN(pin string) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(pin), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// pinMatches checks pin against a PHC argon2id hash, using the hash's own
// parameters so that stronger settings later still verify old hashes.
func pinMatches(pin, encoded string) bool {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil || m == 0 || t == 0 || p == 0 || m > 1<<20 || t > 16 {
		return false
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	want, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false
	}
	got := argon2.IDKey([]byte(pin), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// NewUser is what a supervisor enters to add a user.
type NewUser struct {
	Name     string
	Role     Role
	PIN      string
	Language string
}

func (n *NewUser) check() error {
	n.Name = strings.TrimSpace(n.Name)
	if n.Name == "" {
		return ErrNameEmpty
	}
	if len(n.Name) > MaxUserName {
		return ErrNameLong
	}
	if !n.Role.Valid() {
		return ErrBadRole
	}
	return CheckPIN(n.PIN)
}

func insertUser(ctx context.Context, tx *Tx, n NewUser) (*User, error) {
	hash, err := HashPIN(n.PIN)
	if err != nil {
		return nil, err
	}
	now := fmtTime(tx.now)
	res, err := tx.ExecContext(ctx, `INSERT INTO users(name, role, pin_hash, language, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
		n.Name, string(n.Role), hash, n.Language, now, now)
	if err != nil {
		if strings.Contains(err.Error(), "UNIQUE") {
			return nil, ErrNameTaken
		}
		return nil, err
	}
	id, _ := res.LastInsertId()
	tx.usersChanged = true
	return &User{ID: id, Name: n.Name, Role: n.Role, Language: n.Language, Active: true}, nil
}

// AddUser adds a user. Only supervisors may.
func (s *Store) AddUser(ctx context.Context, actor *User, n NewUser) (*User, error) {
	if !actor.Can(CapManageUsers) {
		return nil, ErrForbidden
	}
	if err := n.check(); err != nil {
		return nil, err
	}
	if err := s.checkPINLength(ctx, n.PIN); err != nil {
		return nil, err
	}
	var u *User
	err := s.write(ctx, func(tx *Tx) error {
		var err error
		if u, err = insertUser(ctx, tx, n); err != nil {
			return err
		}
		return tx.audit(ctx, actor, "user.add", userSubject(u.ID), fmt.Sprintf("name=%s role=%s", u.Name, u.Role))
	})
	return u, err
}

func userSubject(id int64) string { return fmt.Sprintf("user:%d", id) }

const userCols = `id, name, role, language, active`

func scanUser(row interface{ Scan(...any) error }) (*User, error) {
	var u User
	var role string
	if err := row.Scan(&u.ID, &u.Name, &role, &u.Language, &u.Active); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, ErrNotFound
		}
		return nil, err
	}
	u.Role = Role(role)
	return &u, nil
}

// Users lists users, active first, by name.
func (s *Store) Users(ctx context.Context, includeInactive bool) ([]*User, error) {
	// Inspectors of other stations (imported with their cases) never sign
	// in here and are not the depot's users.
	q := `SELECT ` + userCols + ` FROM users WHERE station = ''`
	if !includeInactive {
		q += ` AND active = 1`
	}
	rows, err := s.db.QueryContext(ctx, q+` ORDER BY active DESC, name COLLATE NOCASE`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// User loads one user.
func (s *Store) User(ctx context.Context, id int64) (*User, error) {
	return scanUser(s.db.QueryRowContext(ctx, `SELECT `+userCols+` FROM users WHERE id = ?`, id))
}

// SignIn checks a PIN. Every success and failure is audited; after
// MaxFailedPINs wrong PINs the user must wait LockoutPeriod.
func (s *Store) SignIn(ctx context.Context, id int64, pin string) (*User, error) {
	return s.checkPIN(ctx, id, pin, "signin")
}

// CheckOwnPIN confirms a signed-in user's PIN before a sensitive change,
// with the same failure count and lockout as sign-in.
func (s *Store) CheckOwnPIN(ctx context.Context, actor *User, pin string) (*User, error) {
	if actor == nil {
		return nil, ErrForbidden
	}
	return s.checkPIN(ctx, actor.ID, pin, "pin.check")
}

func (s *Store) checkPIN(ctx context.Context, id int64, pin, event string) (*User, error) {
	var u *User
	var signErr error
	err := s.write(ctx, func(tx *Tx) error {
		var hash, locked string
		var failed int
		row := tx.QueryRowContext(ctx, `SELECT `+userCols+`, pin_hash, failed_pins, locked_until FROM users WHERE id = ?`, id)
		var role string
		u = &User{}
		if err := row.Scan(&u.ID, &u.Name, &role, &u.Language, &u.Active, &hash, &failed, &locked); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return ErrNotFound
			}
			return err
		}
		u.Role = Role(role)
		if !u.Active {
			return ErrForbidden
		}
		if until := parseTime(locked); locked != "" && tx.now.Before(until) {
			signErr = &LockedError{Until: until}
			return tx.audit(ctx, u, event+".locked", userSubject(u.ID), "")
		}
		if !pinMatches(pin, hash) {
			var lockouts int
			if err := tx.QueryRowContext(ctx, `SELECT lockouts FROM users WHERE id = ?`, id).Scan(&lockouts); err != nil {
				return err
			}
			failed++
			lockedUntil := ""
			detail := fmt.Sprintf("failed=%d", failed)
			if failed >= MaxFailedPINs {
				// Each lockout without a correct PIN in between doubles the
				// wait: 1, 2, 4 … minutes, at most a day.
				lockouts++
				wait := LockoutWait(lockouts)
				lockedUntil, failed = fmtTime(tx.now.Add(wait)), 0
				detail += fmt.Sprintf(" locked %s (lockout %d)", wait, lockouts)
				signErr = &LockedError{Until: tx.now.Add(wait)}
			} else {
				signErr = ErrWrongPIN
			}
			if _, err := tx.ExecContext(ctx, `UPDATE users SET failed_pins = ?, locked_until = ?, lockouts = ? WHERE id = ?`, failed, lockedUntil, lockouts, id); err != nil {
				return err
			}
			return tx.audit(ctx, u, event+".fail", userSubject(u.ID), detail)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET failed_pins = 0, locked_until = '', lockouts = 0 WHERE id = ?`, id); err != nil {
			return err
		}
		return tx.audit(ctx, u, event+".ok", userSubject(u.ID), "")
	})
	if err != nil {
		return nil, err
	}
	if signErr != nil {
		return nil, signErr
	}
	return u, nil
}

// SignOut records that a user left the counter (switch user or lock).
func (s *Store) SignOut(ctx context.Context, u *User, reason string) error {
	return s.Audit(ctx, u, "signout", userSubject(u.ID), reason)
}

// UserUpdate changes a user; nil fields stay as they are.
type UserUpdate struct {
	Role     *Role
	Active   *bool
	PIN      *string
	Language *string
}

// UpdateUser changes a user. Supervisors may change anyone; every user may
// change their own PIN and language.
func (s *Store) UpdateUser(ctx context.Context, actor *User, id int64, upd UserUpdate) (*User, error) {
	self := actor != nil && actor.ID == id
	if !actor.Can(CapManageUsers) && !(self && upd.Role == nil && upd.Active == nil) {
		return nil, ErrForbidden
	}
	if upd.Role != nil && !upd.Role.Valid() {
		return nil, ErrBadRole
	}
	if upd.PIN != nil {
		if err := CheckPIN(*upd.PIN); err != nil {
			return nil, err
		}
		if err := s.checkPINLength(ctx, *upd.PIN); err != nil {
			return nil, err
		}
	}
	err := s.write(ctx, func(tx *Tx) error {
		u, err := scanUser(tx.QueryRowContext(ctx, `SELECT `+userCols+` FROM users WHERE id = ?`, id))
		if err != nil {
			return err
		}
		demotes := (upd.Role != nil && *upd.Role != Supervisor) || (upd.Active != nil && !*upd.Active)
		if u.Role == Supervisor && demotes {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE role = 'supervisor' AND active = 1 AND id != ?`, id).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return ErrLastSuper
			}
		}
		var changes []string
		set := func(col string, v any, note string) error {
			_, err := tx.ExecContext(ctx, `UPDATE users SET `+col+` = ?, updated_at = ? WHERE id = ?`, v, fmtTime(tx.now), id)
			changes = append(changes, note)
			tx.usersChanged = true
			return err
		}
		if upd.Role != nil {
			if err := set("role", string(*upd.Role), "role="+string(*upd.Role)); err != nil {
				return err
			}
		}
		if upd.Active != nil {
			if err := set("active", *upd.Active, fmt.Sprintf("active=%t", *upd.Active)); err != nil {
				return err
			}
		}
		if upd.Language != nil {
			if err := set("language", *upd.Language, "language="+*upd.Language); err != nil {
				return err
			}
		}
		if upd.PIN != nil {
			hash, err := HashPIN(*upd.PIN)
			if err != nil {
				return err
			}
			if err := set("pin_hash", hash, "pin changed"); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE users SET failed_pins = 0, locked_until = '' WHERE id = ?`, id); err != nil {
				return err
			}
		}
		if len(changes) == 0 {
			return nil
		}
		return tx.audit(ctx, actor, "user.update", userSubject(id), strings.Join(changes, " "))
	})
	if err != nil {
		return nil, err
	}
	return s.User(ctx, id)
}
