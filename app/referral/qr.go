package referral

import (
	qrcode "github.com/skip2/go-qrcode"
)

// QRLevel is the error correction level of slip QR codes: Medium recovers
// about 15% of damaged modules, a fair trade for a slip that gets handled
// and folded, without pushing the symbol version up as High would.
const QRLevel = qrcode.Medium

// MaxQRVersion is the largest QR version a slip's code may need (SignFit
// keeps to it). Version 12 at level M holds 419 alphanumeric characters in
// 65 modules a side, which in the slip's 48 mm square (quiet zone
// included) are 0.66 mm each: large enough to scan reliably from a laser
// print.
const MaxQRVersion = 12

// QRPNG draws payload as a QR code PNG (black on white, with the standard
// four-module quiet zone). The image side is the largest whole multiple of
// the module count not above sizePx (at least one pixel per module), so
// every module has the same width; uneven modules make scanners fail.
func QRPNG(payload string, sizePx int) ([]byte, error) {
	q, err := qrcode.New(payload, QRLevel)
	if err != nil {
		return nil, ErrQR.with(err.Error())
	}
	n := len(q.Bitmap())
	k := max(1, sizePx/n)
	b, err := q.PNG(k * n)
	if err != nil {
		return nil, ErrQR.with(err.Error())
	}
	return b, nil
}

// QRVersion returns the QR version (1 to 40) that go-qrcode picks for
// payload at QRLevel, or 0 if the payload does not fit at all.
func QRVersion(payload string) int {
	q, err := qrcode.New(payload, QRLevel)
	if err != nil {
		return 0
	}
	return q.VersionNumber
}
