package slippdf

import (
	qrcode "github.com/skip2/go-qrcode"

	"tusk/app/referral"
)

// qrLevel is the error correction level of slip QR codes, M, the level
// referral.QRVersion counts with.
const qrLevel = qrcode.Medium

// QRPNG draws payload as a QR code PNG (black on white, with the standard
// four-module quiet zone). The image side is the largest whole multiple of
// the module count not above sizePx (at least one pixel per module), so
// every module has the same width; uneven modules make scanners fail.
func QRPNG(payload string, sizePx int) ([]byte, error) {
	q, err := qrcode.New(payload, qrLevel)
	if err != nil {
		return nil, referral.ErrQR.With(err.Error())
	}
	n := len(q.Bitmap())
	k := max(1, sizePx/n)
	b, err := q.PNG(k * n)
	if err != nil {
		return nil, referral.ErrQR.With(err.Error())
	}
	return b, nil
}

// QRVersion returns the QR version (1 to 40) that the QR library picks
// for payload, or 0 if the payload does not fit at all.
func QRVersion(payload string) int {
	q, err := qrcode.New(payload, qrLevel)
	if err != nil {
		return 0
	}
	return q.VersionNumber
}
