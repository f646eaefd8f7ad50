package referral

import (
	"bytes"
	"strings"
)

// CheckSlipPayload is what a slip renderer checks before it draws: that
// payload parses, that its record hash and numbers are record's, and
// that the products, seals and photos it lists and counts are the
// record's (CheckClaims), so a slip never carries a QR code for some other
// case. shown, when set, is the record as a copy in another language
// shows it: it must say the same in the code's terms. It returns the
// record to draw (normalised) and the signing key's fingerprint; a given
// fingerprint must be the payload's. Failures are ErrSlip.
func CheckSlipPayload(record CaseRecord, shown *CaseRecord, payload, fingerprint string) (CaseRecord, string, error) {
	p, err := parsePayload(payload)
	if err != nil {
		return CaseRecord{}, "", ErrSlip.With("payload: " + err.Error())
	}
	rec := record.normalized()
	sum := RecordHash(rec)
	if !bytes.Equal(p.claims.RecordHash, sum[:len(p.claims.RecordHash)]) ||
		p.claims.CaseNo != rec.CaseNo || p.claims.SlipNo != rec.SlipNo {
		return CaseRecord{}, "", ErrSlip.With("the payload was signed over another record")
	}
	// The code may list only the first products, seals and photos
	// (SignFit); what it lists and counts must still be the record's.
	if err := CheckClaims(p.claims, rec); err != nil {
		return CaseRecord{}, "", ErrSlip.With("payload: " + err.Error())
	}
	if shown != nil {
		s := shown.normalized()
		if err := CheckClaims(p.claims, s); err != nil {
			return CaseRecord{}, "", ErrSlip.With("the copy differs from the signed record: " + err.Error())
		}
		rec = s
	}
	fp := fingerprintOfKID(p.kid)
	if fingerprint != "" && !strings.EqualFold(strings.ReplaceAll(fingerprint, " ", ""), strings.ReplaceAll(fp, " ", "")) {
		return CaseRecord{}, "", ErrSlip.With("fingerprint does not match the payload's key")
	}
	return rec, fp, nil
}
