package referral

import "tusk/app/coded"

// Error is the coded error (package coded): Code is an i18n key the UI
// translates, Msg the English message the CLI prints.
type Error = coded.Error

// Verification errors, in the order Verify can meet them.
var (
	ErrPrefix     = &Error{Code: "verify.err.prefix", Msg: "not a Tusk referral code (it must start with TUSK1:)"}
	ErrVersion    = &Error{Code: "verify.err.version", Msg: "this referral code was made by a newer version of Tusk; update to verify it"}
	ErrBase45     = &Error{Code: "verify.err.base45", Msg: "the referral code contains invalid characters or is cut off"}
	ErrMalformed  = &Error{Code: "verify.err.malformed", Msg: "the referral code is damaged or incomplete"}
	ErrUnknownKey = &Error{Code: "verify.err.unknown_key", Msg: "the referral code was signed by a key that is not trusted here (another depot?); import that depot's public key first"}
	ErrTampered   = &Error{Code: "verify.err.tampered", Msg: "the signature does not match: the referral code was changed after it was signed"}
	ErrWrongDepot = &Error{Code: "verify.err.wrong_depot", Msg: "the referral code names another depot than the one its key was imported for"}
	ErrRetired    = &Error{Code: "verify.err.retired", Msg: "the referral code was signed after its key was retired"}
	ErrNotIssued  = &Error{Code: "verify.err.not_issued", Msg: "this depot never issued a slip with this number and code"}
)

// Errors from Sign, key files and records.
var (
	ErrClaims         = &Error{Code: "referral.err.claims", Msg: "the slip data cannot be signed"}
	ErrPrivateKey     = &Error{Code: "referral.err.private_key", Msg: "the signing key is missing or invalid"}
	ErrKeyFile        = &Error{Code: "key.err.file", Msg: "not a valid Tusk public key file"}
	ErrKeyFingerprint = &Error{Code: "key.err.fingerprint", Msg: "the key file's fingerprint does not match its key"}
	ErrRecord         = &Error{Code: "record.err.invalid", Msg: "not a valid case record file"}
	ErrRecordMismatch = &Error{Code: "record.err.mismatch", Msg: "the case record does not match the referral slip"}
	ErrQR             = &Error{Code: "referral.err.qr", Msg: "the referral code does not fit in a QR code"}
	ErrSlip           = &Error{Code: "slip.err.render", Msg: "the referral slip could not be drawn"}
)

// ErrorCode returns err's stable code, or "" if err is not one of ours.
func ErrorCode(err error) string { return coded.Code(err) }
