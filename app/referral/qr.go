package referral

// MaxQRVersion is the largest QR version a slip's code may need (SignFit
// keeps to it). Version 12 at level M holds 419 alphanumeric characters in
// 65 modules a side, which in the slip's 48 mm square (quiet zone
// included) are 0.66 mm each: large enough to scan reliably from a laser
// print.
const MaxQRVersion = 12

// QR codes of slips use error correction level M: it recovers about 15%
// of damaged modules, a fair trade for a slip that gets handled and
// folded, without pushing the symbol version up as High would. The
// drawing (package slippdf) uses the same level.

// dataCodewordsM is the number of data codewords of QR versions 1 to 40
// at level M (ISO/IEC 18004, table 7).
var dataCodewordsM = [41]int{0,
	16, 28, 44, 64, 86, 108, 124, 154, 182, 216,
	254, 290, 334, 365, 415, 453, 507, 563, 627, 669,
	714, 782, 860, 914, 1000, 1062, 1128, 1193, 1267, 1373,
	1455, 1541, 1631, 1725, 1812, 1914, 1992, 2102, 2216, 2334}

// QRVersion returns the QR version (1 to 40) a code for payload needs at
// level M, or 0 if it does not fit at all. A payload in the QR
// alphanumeric set (every TUSK1 payload: Base45 is that set) is counted
// as one alphanumeric segment, anything else as bytes. It is computed
// here, without a QR library, so signing (SignFit) does not link one;
// package slippdf draws the code and its tests hold the two to the same
// version.
func QRVersion(payload string) int {
	n := len(payload)
	if n == 0 {
		return 0
	}
	alnum := true
	for i := 0; i < n; i++ {
		if !isQRAlnum(payload[i]) {
			alnum = false
			break
		}
	}
	for v := 1; v <= 40; v++ {
		var bits int
		if alnum {
			cc := 13
			switch {
			case v <= 9:
				cc = 9
			case v <= 26:
				cc = 11
			}
			bits = 4 + cc + 11*(n/2) + 6*(n%2)
		} else {
			cc := 16
			if v <= 9 {
				cc = 8
			}
			bits = 4 + cc + 8*n
		}
		if bits <= 8*dataCodewordsM[v] {
			return v
		}
	}
	return 0
}

func isQRAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c == ' ' || c == '$' || c == '%' || c == '*' || c == '+' || c == '-' || c == '.' || c == '/' || c == ':'
}
