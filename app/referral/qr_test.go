package referral

import (
	"testing"
)

// TestQRSize signs a typical, a six-photo and a worst-case record with
// SignFit and checks that each code fits QR version MaxQRVersion (12) at
// level M, and that what the code lists plus what it says it left out is
// the whole record (version 12 at level M holds 419 alphanumeric
// characters).
//
// Measured (go test -tags ci -run TestQRSize -v):
//
//	typical     386 chars, version 12, everything listed
//	six photos  414 chars, version 12, 3 of 6 photos listed (all listed: 488 chars, version 14)
//	maximal     381 chars, version 12, 4 of 6 products, no seals or photos listed
//	            (all listed: 752 chars, version 18)
func TestQRSize(t *testing.T) {
	ring := testRing(t, testKey(1))
	for _, tc := range []struct {
		name    string
		rec     CaseRecord
		omitted bool // whether SignFit must leave something out
	}{
		{"typical: 1 product, 2 seals, 2 photos", sampleRecord(), false},
		{"six photos: 1 product, 2 seals, 6 photos", sixPhotoRecord(), true},
		{"maximal: 6 products, 4 seals, 8 photos", maximalRecord(), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			full := mustClaims(t, tc.rec)
			unfitted := mustSign(t, full, testKey(1))
			p := mustSignFit(t, full, testKey(1))
			v := QRVersion(p)
			c, _, err := Verify(p, ring)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("payload %d chars, QR version %d (level M); all listed: %d chars, version %d; "+
				"in the code %d/%d products, %d/%d seals, %d/%d photos",
				len(p), v, len(unfitted), QRVersion(unfitted),
				len(c.Products), c.ProductsTotal(), len(c.Seals), c.SealsTotal(), len(c.Photos), c.PhotosTotal())
			if v == 0 || v > MaxQRVersion {
				t.Errorf("QR version %d, want 1..%d", v, MaxQRVersion)
			}
			if c.ProductsTotal() != len(tc.rec.Findings.Products) || c.SealsTotal() != len(tc.rec.Evidence.Seals) || c.PhotosTotal() != len(tc.rec.Evidence.Photos) {
				t.Errorf("listed plus omitted: %d products, %d seals, %d photos; the record has %d, %d, %d",
					c.ProductsTotal(), c.SealsTotal(), c.PhotosTotal(),
					len(tc.rec.Findings.Products), len(tc.rec.Evidence.Seals), len(tc.rec.Evidence.Photos))
			}
			if c.Omitted() != tc.omitted {
				t.Errorf("omitted anything: %v, want %v", c.Omitted(), tc.omitted)
			}
			if !tc.omitted && p != unfitted {
				t.Error("a code that fits changed under SignFit")
			}
			if err := CheckClaims(c, tc.rec); err != nil {
				t.Errorf("fitted claims against the record: %v", err)
			}
			if err := VerifyRecord(c, CanonicalJSON(tc.rec)); err != nil {
				t.Errorf("VerifyRecord: %v", err)
			}
		})
	}
}
