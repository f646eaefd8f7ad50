package referral

import (
	"bytes"
	"image/png"
	"testing"
)

// TestQRSize measures the QR version of a typical and of a worst-case
// payload at level M, and pins them so a format change that grows the
// payload shows up here.
//
// Measured: typical 386 chars, version 12; maximal 752 chars, version 18.
// The maximal case cannot reach version 12 (419 alphanumeric characters,
// so 275 payload bytes) with the claims the slip must carry: the version,
// kid and signature alone take 78 bytes, eight 16-byte photo hashes 137,
// six products about 135 and four seals 61.
func TestQRSize(t *testing.T) {
	for _, tc := range []struct {
		name       string
		rec        CaseRecord
		maxVersion int
	}{
		{"typical: 1 product, 2 seals, 2 photos", sampleRecord(), 12},
		{"maximal: 6 products, 4 seals, 8 photos", maximalRecord(), 18},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := mustSign(t, mustClaims(t, tc.rec), testKey(1))
			v := QRVersion(p)
			t.Logf("payload %d chars, QR version %d (level M)", len(p), v)
			if v == 0 || v > tc.maxVersion {
				t.Errorf("QR version %d, want 1..%d", v, tc.maxVersion)
			}
		})
	}
}

func TestQRPNG(t *testing.T) {
	p := mustSign(t, mustClaims(t, sampleRecord()), testKey(1))
	b, err := QRPNG(p, 400)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	side := img.Bounds().Dx()
	if side > 400 || side < 200 {
		t.Errorf("image side %d, want a whole multiple of the modules close to 400", side)
	}
	if _, err := QRPNG(string(bytes.Repeat([]byte("A"), 5000)), 400); ErrorCode(err) != "referral.err.qr" {
		t.Errorf("oversized payload: err %v", err)
	}
	if QRVersion(string(bytes.Repeat([]byte("A"), 5000))) != 0 {
		t.Error("oversized payload should report version 0")
	}
}
