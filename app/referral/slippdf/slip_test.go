package slippdf

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	"tusk/app/referral"
)

// fontPath is the bundled font, read from disk so the test does not import
// the assets package.
const fontPath = "../../../assets/fonts/WenQuanYiMicroHei.ttf"

func loadFont(t testing.TB) []byte {
	t.Helper()
	b, err := os.ReadFile(fontPath)
	if err != nil {
		t.Fatalf("font: %v", err)
	}
	return b
}

var cst = time.FixedZone("CST", 8*3600)

// syntheticPhoto draws a w×h test picture: gradients and a few shapes, so
// JPEG has something like photo content to compress.
func syntheticPhoto(w, h, seed int) image.Image {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			v := uint8((x*255/w + seed*40) % 256)
			u := uint8((y*255/h + seed*90) % 256)
			c := color.RGBA{v, u, uint8((x ^ y) + seed*30), 255}
			if (x-w/2)*(x-w/2)+(y-h/2)*(y-h/2) < (h/4)*(h/4) {
				c = color.RGBA{230, 225, 205, 255} // a pale disc, ivory-ish
			}
			img.SetRGBA(x, y, c)
		}
	}
	return img
}

func jpegBytes(t testing.TB, img image.Image) []byte {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 85}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// png16 is a 16-bit PNG, which gofpdf cannot embed as is.
func png16(t testing.TB, w, h int) []byte {
	img := image.NewRGBA64(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.SetRGBA64(x, y, color.RGBA64{uint16(x * 300), uint16(y * 300), 0x8000, 0xFFFF})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func withPhoto(name string, data []byte) referral.Photo {
	return referral.Photo{Name: name, SHA256: referral.PhotoSHA256(data), Data: data}
}

// slipRecord is a full case for the slip: six photos (one corrupt, one a
// 16-bit PNG) so the annex is used, and long text that must wrap.
func slipRecord(t testing.TB) referral.CaseRecord {
	rec := sampleRecord()
	rec.Agent = &referral.Person{Name: "Agent Example", IDType: "Passport", IDNumber: "E12345678", Phone: "+86 131 0000 0000", Address: "3 Courier Lane"}
	rec.Findings.Products = maximalRecord().Findings.Products[:3]
	rec.Findings.Notes = strings.Repeat("The parcel was taped on every side and the sender would not open it. ", 5)
	rec.Evidence.Seals = maximalRecord().Evidence.Seals
	rec.Evidence.Photos = []referral.Photo{
		withPhoto("IMG_2301.jpg", jpegBytes(t, syntheticPhoto(640, 480, 1))),
		withPhoto("IMG_2302.png", png16(t, 200, 300)),
		withPhoto("IMG_2303.jpg", []byte("\xff\xd8\xff\xe0 this is not really a JPEG")),
		withPhoto("IMG_2304.jpg", jpegBytes(t, syntheticPhoto(480, 640, 2))),
		withPhoto("IMG_2305.jpg", jpegBytes(t, syntheticPhoto(640, 480, 3))),
		withPhoto("IMG_2306.jpg", jpegBytes(t, syntheticPhoto(640, 480, 4))),
	}
	rec.Custody = append(rec.Custody, referral.Custody{From: "Evidence cage B", To: "Supervisor desk", At: testIssued.Add(-time.Hour)})
	return rec
}

func renderSlip(t testing.TB, rec referral.CaseRecord, opt SlipOptions) ([]byte, string) {
	t.Helper()
	key := testKey(1)
	payload := mustSignFit(t, mustClaims(t, rec), key) // as store.SignClaims does
	var out bytes.Buffer
	if err := RenderSlip(&out, SlipData{Record: rec, Payload: payload}, opt); err != nil {
		t.Fatalf("render: %v", err)
	}
	return out.Bytes(), payload
}

func englishOptions(t testing.TB) SlipOptions {
	return SlipOptions{Font: loadFont(t), T: mapT(enLabels), Location: cst}
}

func TestRenderSlipDeterministic(t *testing.T) {
	rec := slipRecord(t)
	a, _ := renderSlip(t, rec, englishOptions(t))
	b, _ := renderSlip(t, rec, englishOptions(t))
	if !bytes.Equal(a, b) {
		t.Fatal("two renders of the same slip differ")
	}
	if !bytes.HasPrefix(a, []byte("%PDF-")) {
		t.Fatal("not a PDF")
	}
	t.Logf("slip PDF: %d bytes", len(a))
	// A different creation date must change the bytes (the option works).
	opt := englishOptions(t)
	opt.Created = testIssued.Add(time.Hour)
	c, _ := renderSlip(t, rec, opt)
	if bytes.Equal(a, c) {
		t.Error("creation date does not reach the PDF")
	}
}

// TestRenderSlipText extracts the text with pdftotext and looks for every
// field the police need.
func TestRenderSlipText(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed")
	}
	rec := slipRecord(t)
	for _, paper := range []string{"A4", "Letter"} {
		t.Run(paper, func(t *testing.T) {
			opt := englishOptions(t)
			opt.Paper = paper
			pdf, _ := renderSlip(t, rec, opt)
			text := pdfText(t, pdf)
			fp := referral.Fingerprint(testKey(1).Public().(ed25519.PublicKey))
			want := []string{
				"Referral slip", rec.CaseNo, rec.SlipNo, "2026-11-23 14:05 (UTC+08:00)", "Referred to the police",
				rec.Addressee.Name, rec.Addressee.Kind, rec.Depot.Name, rec.Depot.Code, rec.Depot.Address, rec.Depot.Contact,
				rec.Parcel.Waybill, rec.Parcel.Direction, rec.Parcel.DeclaredContents, rec.Parcel.ObservedContents,
				"10 / 12", "1200 g / 1850 g", rec.Parcel.Origin, rec.Parcel.Destination,
				rec.Sender.Name, rec.Sender.IDType, rec.Sender.IDNumber, rec.Sender.Phone, rec.Sender.Address,
				rec.Receiver.Name, rec.Receiver.Phone, rec.Receiver.Address,
				rec.Agent.Name, rec.Agent.IDNumber, rec.Agent.Phone,
				"Worked ivory", "Loxodonta africana", "Pangolin scales", "4200 g",
				rec.Findings.Reasons[0].Text, "(+20)", rec.Findings.Checklist[0], rec.Findings.Checklist[1],
				"sender would not open it",
				rec.Evidence.Seals[0], rec.Evidence.Seals[3], rec.Evidence.Storage,
				"IMG_2301.jpg", rec.Evidence.Photos[0].SHA256[:16], "IMG_2306.jpg", rec.Evidence.Photos[5].SHA256,
				"Photo could not be read",
				"Chain of custody", "Counter 3 (inspector)", "Evidence cage B", "2026-11-23 12:05 (UTC+08:00)",
				rec.Inspector.Name, rec.Inspector.Badge, rec.Supervisor.Name, rec.Supervisor.Badge, "Receiving officer",
				"Key " + fp, "Page 1 of 3", "Page 3 of 3", "Annex: further photos",
			}
			for _, w := range want {
				if !strings.Contains(text, squash(w)) {
					t.Errorf("%s: %q not found in the PDF text", paper, w)
				}
			}
			if t.Failed() {
				t.Logf("text:\n%s", text)
			}
		})
	}
}

func pdfText(t testing.TB, pdf []byte) string {
	t.Helper()
	dir := t.TempDir()
	in := filepath.Join(dir, "slip.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", in, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return squash(string(out))
}

var spaces = regexp.MustCompile(`\s+`)

// squash folds all runs of white space, since wrapped lines and table
// cells come out of pdftotext with line breaks in between.
func squash(s string) string { return spaces.ReplaceAllString(s, " ") }

// TestRenderSlipQRDecodes rasterises page 1 and decodes the QR code with
// zbarimg: it must give back the exact payload, and that must verify. Both
// records are too large to list whole, so their codes are fitted to
// MaxQRVersion with omitted counts.
func TestRenderSlipQRDecodes(t *testing.T) {
	for _, tool := range []string{"pdftoppm", "zbarimg"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skip(tool + " not installed")
		}
	}
	for name, rec := range map[string]referral.CaseRecord{"typical": slipRecord(t), "maximal record (fitted to version 12)": maximalWithPhotos(t)} {
		t.Run(name, func(t *testing.T) {
			pdf, payload := renderSlip(t, rec, englishOptions(t))
			png := rasterise(t, pdf, 150, 1)
			out, err := exec.Command("zbarimg", "--raw", "-q", png).Output()
			if err != nil {
				t.Fatalf("zbarimg found no code: %v", err)
			}
			got := strings.TrimRight(string(out), "\n")
			if got != payload {
				t.Fatalf("QR decodes to\n%q\nwant\n%q", got, payload)
			}
			if _, _, err := referral.Verify(got, testRing(t, testKey(1))); err != nil {
				t.Fatalf("decoded QR does not verify: %v", err)
			}
			if v := QRVersion(payload); v > referral.MaxQRVersion {
				t.Errorf("QR version %d, want at most %d", v, referral.MaxQRVersion)
			}
			t.Logf("QR version %d, %d chars: decoded and verified", QRVersion(payload), len(payload))
		})
	}
}

func maximalWithPhotos(t testing.TB) referral.CaseRecord {
	rec := maximalRecord()
	for i := range rec.Evidence.Photos {
		rec.Evidence.Photos[i] = withPhoto(rec.Evidence.Photos[i].Name, jpegBytes(t, syntheticPhoto(320, 240, i)))
	}
	return rec
}

// rasterise renders one page to PNG with pdftoppm and returns its path.
func rasterise(t testing.TB, pdf []byte, dpi, page int) string {
	t.Helper()
	dir := t.TempDir()
	in := filepath.Join(dir, "slip.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	p := fmt.Sprint(page)
	if out, err := exec.Command("pdftoppm", "-r", fmt.Sprint(dpi), "-png", "-f", p, "-l", p, "-singlefile", in, filepath.Join(dir, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, out)
	}
	return filepath.Join(dir, "page.png")
}

// TestRenderSlipPreview writes PNGs of every page in English, Chinese and
// Vietnamese to TUSK_SLIP_PREVIEW (when set) for a person to look at.
func TestRenderSlipPreview(t *testing.T) {
	dir := os.Getenv("TUSK_SLIP_PREVIEW")
	if dir == "" {
		t.Skip("set TUSK_SLIP_PREVIEW=DIR to write page images")
	}
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		t.Skip("pdftoppm not installed")
	}
	for lang, labels := range map[string]map[string]string{"en": enLabels, "zh": zhLabels, "vi": viLabels} {
		rec := slipRecord(t)
		opt := englishOptions(t)
		opt.T = mapT(labels)
		if lang != "en" {
			opt.T2 = mapT(enLabels)
		}
		if lang == "zh" {
			rec.Language = "zh"
			rec.Addressee = referral.Addressee{Name: "广州市公安局白云区分局森林警察大队", Kind: "森林公安"}
			rec.Depot.Name = "白云第七分拣中心"
			rec.Parcel.DeclaredContents = "树脂工艺品"
			rec.Parcel.ObservedContents = "白色雕刻物，截面可见交叉纹理（疑似施雷格线），手感沉重"
			rec.Sender.Name = "张三"
			rec.Sender.Address = "广东省广州市白云区示例路1号"
			rec.Findings.Products[0].Name = "象牙（加工品）"
			rec.Findings.Reasons[0].Text = "实测重量超过申报重量的1.5倍"
			rec.Findings.Notes = strings.Repeat("寄件人拒绝开箱，包裹各面均用胶带多层缠绕。", 6)
		}
		if lang == "vi" {
			rec.Language = "vi"
			rec.Addressee = referral.Addressee{Name: "Phòng Cảnh sát phòng chống tội phạm về môi trường", Kind: "Công an"}
			rec.Parcel.DeclaredContents = "Đồ thủ công mỹ nghệ bằng nhựa"
			rec.Parcel.ObservedContents = "Vật chạm khắc màu trắng ngà, nặng, có vân đan chéo"
			rec.Receiver.Name = "Nguyễn Văn Ví Dụ"
			rec.Receiver.Address = "Số 2 ngõ Mẫu, phường Long Biên, Hà Nội"
			rec.Findings.Notes = "Người gửi trả tiền mặt và rời đi vội vàng; kiện hàng được quấn nhiều lớp băng keo."
		}
		pdf, _ := renderSlip(t, rec, opt)
		if err := os.WriteFile(filepath.Join(dir, "slip-"+lang+".pdf"), pdf, 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command("pdftoppm", "-r", "80", "-png", filepath.Join(dir, "slip-"+lang+".pdf"), filepath.Join(dir, "slip-"+lang)).CombinedOutput()
		if err != nil {
			t.Fatalf("pdftoppm: %v %s", err, out)
		}
	}
}

func TestRenderSlipRejects(t *testing.T) {
	rec := slipRecord(t)
	key := testKey(1)
	payload := mustSignFit(t, mustClaims(t, rec), key)
	other := sampleRecord()
	other.CaseNo = "ELSEWHERE-1"
	otherPayload := mustSign(t, mustClaims(t, other), key)
	font := loadFont(t)
	good := SlipOptions{Font: font, T: mapT(enLabels)}
	for _, tc := range []struct {
		name string
		data SlipData
		opt  SlipOptions
	}{
		{"no T", SlipData{Record: rec, Payload: payload}, SlipOptions{Font: font}},
		{"no font", SlipData{Record: rec, Payload: payload}, SlipOptions{T: good.T}},
		{"font collection", SlipData{Record: rec, Payload: payload}, SlipOptions{Font: append([]byte("ttcf"), font[4:100]...), T: good.T}},
		{"OpenType CFF", SlipData{Record: rec, Payload: payload}, SlipOptions{Font: append([]byte("OTTO"), font[4:100]...), T: good.T}},
		{"garbage payload", SlipData{Record: rec, Payload: "hello"}, good},
		{"payload of another case", SlipData{Record: rec, Payload: otherPayload}, good},
		{"wrong fingerprint", SlipData{Record: rec, Payload: payload, Fingerprint: "0000 0000 0000 0000"}, good},
		{"unknown paper", SlipData{Record: rec, Payload: payload}, SlipOptions{Font: font, T: good.T, Paper: "A3"}},
	} {
		var out bytes.Buffer
		err := RenderSlip(&out, tc.data, tc.opt)
		if !errors.Is(err, referral.ErrSlip) && !errors.Is(err, referral.ErrQR) {
			t.Errorf("%s: err %v, want %s", tc.name, err, referral.ErrSlip.Code)
		}
	}
	// Right record hash, but the code counts a photo the record lacks.
	miscounted := mustClaims(t, rec)
	miscounted.Photos, miscounted.PhotosOmitted = miscounted.Photos[:2], len(rec.Evidence.Photos)-1
	if err := RenderSlip(&bytes.Buffer{}, SlipData{Record: rec, Payload: mustSign(t, miscounted, key)}, good); !errors.Is(err, referral.ErrSlip) {
		t.Errorf("miscounted photos: %v", err)
	}
	// Edited record after signing: the slip must refuse the stale QR.
	edited := rec
	edited.Sender.Phone = "+86 139 9999 9999"
	if err := RenderSlip(&bytes.Buffer{}, SlipData{Record: edited, Payload: payload}, good); !errors.Is(err, referral.ErrSlip) {
		t.Errorf("edited record: %v", err)
	}
}

// TestRenderSlipLongLists: many rows and very long text flow over pages
// without error and every row still appears.
func TestRenderSlipLongLists(t *testing.T) {
	rec := slipRecord(t)
	for i := range 60 {
		rec.Findings.Reasons = append(rec.Findings.Reasons, referral.Reason{RuleID: fmt.Sprint("r", i), Text: fmt.Sprintf("Rule number %d fired on this parcel", i), Points: i})
		rec.Custody = append(rec.Custody, referral.Custody{From: fmt.Sprint("Holder ", i), To: fmt.Sprint("Holder ", i+1), At: testIssued})
	}
	rec.Findings.Notes = strings.Repeat("x", 5000) + " " + strings.Repeat("长", 3000) + "\n\nend-of-notes"
	rec.Findings.Checklist = append(rec.Findings.Checklist, "\U0001F418 emoji and a\tcontrol\x01char")
	pdf, _ := renderSlip(t, rec, englishOptions(t))
	if _, err := exec.LookPath("pdftotext"); err != nil {
		return
	}
	text := pdfText(t, pdf)
	for _, w := range []string{"Rule number 0 fired", "Rule number 59 fired", "Holder 59", "end-of-notes", "Page 1 of"} {
		if !strings.Contains(text, w) {
			t.Errorf("%q missing after a long list", w)
		}
	}
	if n := strings.Count(text, "Referral slip · "); n < 2 {
		t.Errorf("page header repeated %d times, want it on every page after the first", n)
	}
}

func TestMakeThumb(t *testing.T) {
	j := jpegBytes(t, syntheticPhoto(1600, 1200, 1))
	makeThumb := func(p referral.Photo) thumb { return makeThumbs([]referral.Photo{p})[0] }
	th := makeThumb(withPhoto("a.jpg", j))
	if !th.ok || th.w != thumbMaxSide || th.h != thumbMaxSide*3/4 || th.mismatch || len(th.jpeg) == 0 {
		t.Errorf("jpeg thumb: ok=%v %dx%d mismatch=%v", th.ok, th.w, th.h, th.mismatch)
	}
	// The YCbCr fast path and the generic path agree on colours.
	img, _ := jpeg.Decode(bytes.NewReader(j))
	fast := downscale(img, 100)
	rgba := image.NewRGBA(img.Bounds())
	draw.Draw(rgba, rgba.Bounds(), img, image.Point{}, draw.Src)
	slow := downscale(rgba, 100)
	if fast.Bounds() != slow.Bounds() {
		t.Fatalf("bounds %v vs %v", fast.Bounds(), slow.Bounds())
	}
	worst := 0
	for i := range fast.Pix {
		worst = max(worst, absInt(int(fast.Pix[i])-int(slow.Pix[i])))
	}
	if worst > 12 {
		t.Errorf("YCbCr downscale differs from RGBA downscale by up to %d levels", worst)
	}
	th = makeThumb(withPhoto("b.png", png16(t, 100, 50)))
	if !th.ok || th.w != 100 || th.h != 50 {
		t.Errorf("16-bit PNG thumb: ok=%v %dx%d", th.ok, th.w, th.h)
	}
	if th := makeThumb(withPhoto("c.jpg", []byte("junk"))); th.ok {
		t.Error("junk accepted")
	}
	p := withPhoto("d.jpg", j)
	p.SHA256 = fmt.Sprintf("%x", sha256.Sum256([]byte("other")))
	if th := makeThumb(p); !th.ok || !th.mismatch {
		t.Error("hash mismatch not noticed")
	}
	// Equal widths are made unique (gofpdf orders images by width only).
	ths := makeThumbs([]referral.Photo{withPhoto("a", j), withPhoto("b", j), withPhoto("c", []byte("junk")), withPhoto("d", j)}, thumbMaxSide)
	seen := map[int]bool{thumbMaxSide: true}
	for i, th := range ths {
		if i == 2 {
			continue
		}
		if seen[th.w] || th.w < thumbMaxSide-4 {
			t.Errorf("thumb %d width %d: not unique or cut too much", i, th.w)
		}
		seen[th.w] = true
	}
}

func absInt(a int) int {
	if a < 0 {
		return -a
	}
	return a
}

// BenchmarkSlipPDF signs (referral.SignFit, as store.SignClaims does: the record
// does not fit whole, so it signs more than once) and renders a Chinese
// slip with four 1600×1200 photos.
func BenchmarkSlipPDF(b *testing.B) {
	rec := slipRecord(b)
	rec.Findings.Notes = strings.Repeat("寄件人拒绝开箱，包裹各面均用胶带多层缠绕。", 6)
	rec.Evidence.Photos = nil
	for i := range 4 {
		rec.Evidence.Photos = append(rec.Evidence.Photos, withPhoto(fmt.Sprintf("IMG_%d.jpg", i), jpegBytes(b, syntheticPhoto(1600, 1200, i))))
	}
	claims := mustClaims(b, rec)
	opt := SlipOptions{Font: loadFont(b), T: mapT(zhLabels), T2: mapT(enLabels), Location: cst}
	var out bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		out.Reset()
		payload, err := referral.SignFit(claims, testKey(1))
		if err != nil {
			b.Fatal(err)
		}
		if err := RenderSlip(&out, SlipData{Record: rec, Payload: payload}, opt); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(out.Len()), "pdf-bytes")
}
