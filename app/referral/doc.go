// Package referral makes and verifies the referral slips that a depot hands
// to the police together with a held parcel.
//
// A slip is a PDF (drawn by package slippdf, which alone links gofpdf and
// the QR library) that carries a signed QR code. The QR text is
//
//	TUSK1:<Base45(CBOR)>
//
// where the CBOR item (a strict, canonical subset of RFC 8949) is the array
//
//	[version, kid, alg, claims, signature]
//
// version is 1, kid is the first 8 bytes of SHA-256 of the signer's Ed25519
// public key (HCERT style), alg is the COSE algorithm number for EdDSA (-8),
// claims is a map with small integer keys (see Claims), and signature is the
// 64-byte Ed25519 signature over
//
//	"tusk-referral-v1\x00" || CBOR([version, kid, alg, claims])
//
// The context prefix keeps a depot key that also signs other things (case
// bundles) from being tricked into producing a valid slip signature.
//
// A slip's code must scan reliably from a laser print, so it stays within
// QR version MaxQRVersion (12) at level M. SignFit (which the store signs
// with) lists the record's products, seals and photos as room allows:
// it leaves out photo hashes from the end first, then seals, then
// products, and the claims count how many of each were left out (claim
// keys 12 to 14, absent when zero). The record hash binds the full lists,
// so VerifyRecord, given the record, proves the items left out too, and
// CheckClaims checks that what the code lists and counts is the record's.
//
// The QR carries no personal data. Names and ID numbers stay in the case
// record (CaseRecord), whose SHA-256 over its canonical JSON form is one of
// the claims, so a record file exported later can be checked against the
// slip (VerifyRecord).
//
// The package imports no Fyne and no SQL. Everything user-visible is a key:
// errors carry a stable code (e.g. "verify.err.tampered") and the slip's
// labels come from a translation function with keys under "slip.".
package referral
