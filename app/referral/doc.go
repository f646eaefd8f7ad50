// Package referral makes and verifies the referral slips that a depot hands
// to the police together with a held parcel.
//
// A slip is a PDF (RenderSlip) that carries a signed QR code. The QR text is
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
// The QR carries no personal data. Names and ID numbers stay in the case
// record (CaseRecord), whose SHA-256 over its canonical JSON form is one of
// the claims, so a record file exported later can be checked against the
// slip (VerifyRecord).
//
// The package imports no Fyne and no SQL. Everything user-visible is a key:
// errors carry a stable code (e.g. "verify.err.tampered") and the slip's
// labels come from a translation function with keys under "slip.".
package referral
