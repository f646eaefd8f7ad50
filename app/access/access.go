// Package access is who may do what at the depot: the roles, the
// capabilities each role has, and the actor a rule is asked about. It is
// domain data with no Fyne and no SQL; the store enforces it on every
// write and the screens show only what it allows.
//
//	                inspect cards cases decide training edit_pack verify manage_users manage_depot view_personal
//	inspector          x      x     x            x                 x                                    x
//	supervisor         x      x     x     x      x        x        x       x            x               x
//	trainer                   x                  x        x
//
// In the words of the depot: inspecting is CapInspect; reviewing a case
// (reading it, commenting) is CapCases; deciding on it, referring it and
// making its slips is CapDecide; administering is CapManageUsers and
// CapManageDepot; seeing ID and phone numbers in full is CapViewPersonal.
package access

// Role is what a user does at the depot.
type Role string

// The roles.
const (
	Inspector  Role = "inspector"
	Supervisor Role = "supervisor"
	Trainer    Role = "trainer"
)

// Roles lists every role, in the order forms show them.
var Roles = []Role{Inspector, Supervisor, Trainer}

// Capability is something a role may do. The UI shows only what a role
// may use, and the store checks again on every write.
type Capability string

// The capabilities.
const (
	CapInspect      Capability = "inspect"       // inspect parcels at the counter
	CapCards        Capability = "cards"         // read the identification cards
	CapCases        Capability = "cases"         // see held parcels and cases, comment on them
	CapDecide       Capability = "decide"        // decide on held parcels, refer to police, make slips
	CapTraining     Capability = "training"      // run or take workshops
	CapEditPack     Capability = "edit_pack"     // edit the content pack
	CapVerify       Capability = "verify"        // verify referral slips
	CapManageUsers  Capability = "manage_users"  // add and change users
	CapManageDepot  Capability = "manage_depot"  // depot details and settings
	CapViewPersonal Capability = "view_personal" // see ID and phone numbers in full
)

// Capabilities lists every capability, in the order of the table above.
var Capabilities = []Capability{CapInspect, CapCards, CapCases, CapDecide, CapTraining, CapEditPack, CapVerify, CapManageUsers, CapManageDepot, CapViewPersonal}

var grants = map[Role][]Capability{
	Inspector:  {CapInspect, CapCards, CapCases, CapTraining, CapVerify, CapViewPersonal},
	Supervisor: {CapInspect, CapCards, CapCases, CapDecide, CapTraining, CapVerify, CapManageUsers, CapManageDepot, CapViewPersonal, CapEditPack},
	Trainer:    {CapCards, CapTraining, CapEditPack},
}

// Can reports whether role r has capability c.
func (r Role) Can(c Capability) bool {
	for _, g := range grants[r] {
		if g == c {
			return true
		}
	}
	return false
}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { _, ok := grants[r]; return ok }

// Actor is the signed-in user a rule is asked about.
type Actor struct {
	ID     int64
	Name   string
	Role   Role
	Active bool
}

// Can reports whether the actor may use c: an inactive user may nothing.
func (a Actor) Can(c Capability) bool { return a.Active && a.Role.Can(c) }
