package inspect

import "context"

// IdentityConnector is a courier company's own real-name system (in China
// it answers from the public-security database within seconds). Tusk has
// no implementation of its own and makes no network call: a company that
// has such a service plugs it in here, and otherwise staff record the
// answer they got by hand (Inspection.External).
type IdentityConnector interface {
	// Verify asks about one party and answers ExternalVerified,
	// ExternalFailed or ExternalNotAvailable.
	Verify(ctx context.Context, p Party) (string, error)
}
