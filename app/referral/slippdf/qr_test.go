package slippdf

import (
	"bytes"
	"image/png"
	"math/rand/v2"
	"testing"

	"tusk/app/referral"
)

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
	if _, err := QRPNG(string(bytes.Repeat([]byte("A"), 5000)), 400); referral.ErrorCode(err) != "referral.err.qr" {
		t.Errorf("oversized payload: err %v", err)
	}
	if QRVersion(string(bytes.Repeat([]byte("A"), 5000))) != 0 {
		t.Error("oversized payload should report version 0")
	}
}

// referral.QRVersion counts the version without a QR library, so that
// signing does not link one; it must name the version the library draws,
// or the slip's 48 mm square would hold a code larger than SignFit meant.
func TestQRVersionAgreesWithTheLibrary(t *testing.T) {
	const base45 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
	r := rand.New(rand.NewPCG(1, 2))
	for n := 1; n <= 700; n += 1 + n/40 {
		for range 5 {
			b := []byte("TUSK1:")
			for len(b) < n+6 {
				b = append(b, base45[r.IntN(len(base45))])
			}
			p := string(b)
			if got, want := referral.QRVersion(p), QRVersion(p); got != want {
				t.Fatalf("%d chars: counted version %d, the library draws %d", len(p), got, want)
			}
		}
	}
	p := mustSignFit(t, mustClaims(t, sampleRecord()), testKey(1))
	if referral.QRVersion(p) != QRVersion(p) {
		t.Errorf("signed payload: %d vs %d", referral.QRVersion(p), QRVersion(p))
	}
}
