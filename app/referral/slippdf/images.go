package slippdf

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	_ "image/png" // photos may be PNG
	"strings"
	"sync"
	"tusk/app/referral"
)

// thumbMaxSide is the longest side of a slip thumbnail in pixels: 400 px
// is about 240 dpi in a page-1 thumbnail and 115 dpi across an annex
// picture, enough on paper (the police get the original files), and it
// keeps both the slip small and the encoding quick.
const thumbMaxSide = 400

// maxPhotoPixels refuses absurd images (decompression bombs) before
// decoding them: 60 megapixels is beyond any phone camera's normal output.
const maxPhotoPixels = 60_000_000

// thumb is a photo made ready for gofpdf: always a baseline 8-bit JPEG,
// since gofpdf rejects 16-bit and interlaced PNGs.
type thumb struct {
	img      *image.RGBA // downscaled, until encoded
	jpeg     []byte
	w, h     int
	ok       bool // false: unreadable, draw a placeholder
	mismatch bool // the file's SHA-256 is not the one recorded
}

// makeThumbs prepares all photos; decoding, the slow part of a slip, runs
// concurrently, and results keep the input order.
//
// Every thumbnail also gets a pixel width that no other image in the PDF
// has (reserved holds the others'), by trimming a column or two off the
// right edge: gofpdf writes images sorted by width alone, in map order on
// ties, and that would make the output bytes differ from run to run.
func makeThumbs(photos []referral.Photo, reserved ...int) []thumb {
	out := make([]thumb, len(photos))
	parallel(len(photos), func(i int) { out[i] = decodeThumb(photos[i]) })
	used := map[int]bool{}
	for _, w := range reserved {
		used[w] = true
	}
	for i := range out {
		if !out[i].ok {
			continue
		}
		b := out[i].img.Bounds()
		w := b.Dx()
		for used[w] && w > 1 {
			w--
		}
		used[w] = true
		if w != b.Dx() {
			out[i].img = out[i].img.SubImage(image.Rect(0, 0, w, b.Dy())).(*image.RGBA)
		}
	}
	parallel(len(out), func(i int) {
		t := &out[i]
		if !t.ok {
			return
		}
		var buf bytes.Buffer
		if err := jpeg.Encode(&buf, t.img, &jpeg.Options{Quality: 80}); err != nil {
			t.ok = false
			return
		}
		b := t.img.Bounds()
		t.jpeg, t.w, t.h, t.img = buf.Bytes(), b.Dx(), b.Dy(), nil
	})
	return out
}

// parallel runs f(0..n-1) on up to four goroutines and waits for them.
func parallel(n int, f func(i int)) {
	var wg sync.WaitGroup
	sem := make(chan struct{}, 4)
	for i := range n {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			f(i)
		}()
	}
	wg.Wait()
}

// decodeThumb decodes and shrinks one photo. A hostile or broken file
// gives a thumb with ok false, never a panic.
func decodeThumb(p referral.Photo) (t thumb) {
	if len(p.Data) == 0 {
		return thumb{}
	}
	sum := sha256.Sum256(p.Data)
	t.mismatch = !strings.EqualFold(hex.EncodeToString(sum[:]), p.SHA256)
	defer func() {
		if recover() != nil {
			t = thumb{mismatch: t.mismatch}
		}
	}()
	cfg, _, err := image.DecodeConfig(bytes.NewReader(p.Data))
	if err != nil || cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width*cfg.Height > maxPhotoPixels {
		return thumb{mismatch: t.mismatch}
	}
	src, _, err := image.Decode(bytes.NewReader(p.Data))
	if err != nil {
		return thumb{mismatch: t.mismatch}
	}
	t.img = downscale(src, thumbMaxSide)
	t.ok = true
	return t
}

// downscale shrinks src so its longest side is at most maxSide, averaging
// each box of source pixels (a box filter: cheap and free of the aliasing
// that nearest-neighbour sampling gives photos of fine textures).
func downscale(src image.Image, maxSide int) *image.RGBA {
	sb := src.Bounds()
	if y, ok := src.(*image.YCbCr); ok && sb.Min == (image.Point{}) {
		return downscaleYCbCr(y, maxSide)
	}
	rgba, ok := src.(*image.RGBA)
	if !ok || sb.Min != (image.Point{}) || !rgba.Opaque() {
		rgba = image.NewRGBA(image.Rect(0, 0, sb.Dx(), sb.Dy()))
		if o, ok := src.(interface{ Opaque() bool }); ok && o.Opaque() {
			draw.Draw(rgba, rgba.Bounds(), src, sb.Min, draw.Src)
		} else {
			// Transparent parts of a PNG go white, as on paper, not black.
			draw.Draw(rgba, rgba.Bounds(), image.White, image.Point{}, draw.Src)
			draw.Draw(rgba, rgba.Bounds(), src, sb.Min, draw.Over)
		}
	}
	sw, sh := sb.Dx(), sb.Dy()
	dw, dh := fitSize(sw, sh, maxSide)
	if dw == sw && dh == sh {
		return rgba
	}
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for y := 0; y < dh; y++ {
		y0, y1 := y*sh/dh, max((y+1)*sh/dh, y*sh/dh+1)
		for x := 0; x < dw; x++ {
			x0, x1 := x*sw/dw, max((x+1)*sw/dw, x*sw/dw+1)
			var r, g, b, n int
			for yy := y0; yy < y1; yy++ {
				row := rgba.Pix[yy*rgba.Stride+x0*4 : yy*rgba.Stride+x1*4]
				for i := 0; i < len(row); i += 4 {
					r += int(row[i])
					g += int(row[i+1])
					b += int(row[i+2])
				}
				n += x1 - x0
			}
			o := dst.PixOffset(x, y)
			dst.Pix[o], dst.Pix[o+1], dst.Pix[o+2], dst.Pix[o+3] = uint8(r/n), uint8(g/n), uint8(b/n), 0xFF
		}
	}
	return dst
}

// fitSize scales w×h down so the longer side is at most maxSide.
func fitSize(w, h, maxSide int) (int, int) {
	switch {
	case w >= h && w > maxSide:
		return maxSide, max(1, h*maxSide/w)
	case h > w && h > maxSide:
		return max(1, w*maxSide/h), maxSide
	}
	return w, h
}

// downscaleYCbCr is downscale for decoded JPEGs: it averages the Y, Cb and
// Cr planes directly and converts only the small result to RGB, which
// saves converting the whole photo first (about a fifth of a slip's time).
func downscaleYCbCr(src *image.YCbCr, maxSide int) *image.RGBA {
	sw, sh := src.Rect.Dx(), src.Rect.Dy()
	dw, dh := fitSize(sw, sh, maxSide)
	var cxShift, cyShift uint
	switch src.SubsampleRatio {
	case image.YCbCrSubsampleRatio422:
		cxShift = 1
	case image.YCbCrSubsampleRatio420:
		cxShift, cyShift = 1, 1
	case image.YCbCrSubsampleRatio440:
		cyShift = 1
	case image.YCbCrSubsampleRatio411:
		cxShift = 2
	case image.YCbCrSubsampleRatio410:
		cxShift, cyShift = 2, 1
	}
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for y := 0; y < dh; y++ {
		y0, y1 := y*sh/dh, max((y+1)*sh/dh, y*sh/dh+1)
		cy0, cy1 := y0>>cyShift, ((y1-1)>>cyShift)+1
		for x := 0; x < dw; x++ {
			x0, x1 := x*sw/dw, max((x+1)*sw/dw, x*sw/dw+1)
			cx0, cx1 := x0>>cxShift, ((x1-1)>>cxShift)+1
			var ys, n int
			for yy := y0; yy < y1; yy++ {
				for _, v := range src.Y[yy*src.YStride+x0 : yy*src.YStride+x1] {
					ys += int(v)
				}
				n += x1 - x0
			}
			var cbs, crs, cn int
			for cy := cy0; cy < cy1; cy++ {
				row := cy * src.CStride
				for cx := cx0; cx < cx1; cx++ {
					cbs += int(src.Cb[row+cx])
					crs += int(src.Cr[row+cx])
				}
				cn += cx1 - cx0
			}
			r, g, b := color.YCbCrToRGB(uint8(ys/n), uint8(cbs/cn), uint8(crs/cn))
			o := dst.PixOffset(x, y)
			dst.Pix[o], dst.Pix[o+1], dst.Pix[o+2], dst.Pix[o+3] = r, g, b, 0xFF
		}
	}
	return dst
}
