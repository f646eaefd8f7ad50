package demo

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"time"

	"tusk/app/inspect"
	"tusk/app/riskpack"
	"tusk/app/sop"
	"tusk/app/store"
	"tusk/data"
)

// demoParcel is one sample inspection of the demo depot.
type demoParcel struct {
	inspector string
	in        inspect.Inspection
	decision  inspect.Decision
}

func cnID(number, name string) *inspect.IDDocument {
	return &inspect.IDDocument{Type: inspect.DocCNResidentID, Number: number, Name: name}
}

func answers(yes ...string) []inspect.Answer {
	var out []inspect.Answer
	for _, id := range yes {
		out = append(out, inspect.Answer{Item: id, Value: inspect.AnswerYes})
	}
	return out
}

// Parcels are the demo's sample inspections: two cleared, two held and
// one refused, so the day list, the cases and the slips have something to show.
var Parcels = []demoParcel{
	{"Li Wei", inspect.Inspection{
		Parcel: inspect.Parcel{Waybill: "SF1300000001", Courier: "SF", Direction: inspect.DirectionOutbound, Stage: inspect.StageAcceptance,
			Contents:         []inspect.DeclaredItem{{Name: "Cotton T-shirts", Category: "clothing_textiles", Quantity: 10, Value: 200, Currency: "CNY"}},
			DeclaredWeightKg: 2, MeasuredWeightKg: 2.1, Origin: inspect.Place{Country: "CN", City: "Guangzhou"}, Destination: inspect.Place{Country: "CN", City: "Chengdu"}, Payment: inspect.PaymentPrepaid},
		Parties: []inspect.Party{
			{Role: inspect.RoleSender, Name: "Chen Xiaoling", Phone: "+86 138 0000 1234", Address: "Baiyun District, Guangzhou", ID: cnID("440106198503123216", "Chen Xiaoling")},
			{Role: inspect.RoleReceiver, Name: "Wu Hao", Phone: "+86 139 0000 5678", Address: "Wuhou District, Chengdu"}},
		ContentsCheck: inspect.ContentsMatch, External: inspect.ExternalVerified,
	}, inspect.Decision{Action: inspect.ActionClear}},
	{"Jean Mbarga", inspect.Inspection{
		Parcel: inspect.Parcel{Waybill: "EM7700000021", Courier: "EMS", Direction: inspect.DirectionOutbound, Stage: inspect.StageAcceptance,
			Contents:         []inspect.DeclaredItem{{Name: "Phone cases", Category: "electronics", Quantity: 50, Value: 300, Currency: "CNY"}},
			DeclaredWeightKg: 1.5, MeasuredWeightKg: 1.5, Origin: inspect.Place{Country: "CN", City: "Guangzhou"}, Destination: inspect.Place{Country: "CM", City: "Douala"}, Payment: inspect.PaymentCash},
		Parties: []inspect.Party{
			{Role: inspect.RoleSender, Name: "Huang Li", Phone: "+86 137 0000 2468", Address: "Yuexiu District, Guangzhou", ID: cnID("440111199007184525", "Huang Li")},
			{Role: inspect.RoleReceiver, Name: "Paul Nkodo", Phone: "+237 6 99 00 00 00", Address: "Akwa, Douala"}},
		ContentsCheck: inspect.ContentsMatch, External: inspect.ExternalVerified,
	}, inspect.Decision{Action: inspect.ActionClear}},
	{"Li Wei", inspect.Inspection{
		Parcel: inspect.Parcel{Waybill: "SF1300000077", Courier: "SF", Direction: inspect.DirectionOutbound, Stage: inspect.StageXray,
			Contents:         []inspect.DeclaredItem{{Name: "Resin handicrafts", Category: "handicrafts", Quantity: 6, Value: 80, Currency: "CNY"}},
			DeclaredWeightKg: 1, MeasuredWeightKg: 3.4, Origin: inspect.Place{Country: "CN", City: "Guangzhou"}, Destination: inspect.Place{Country: "CN", City: "Fuzhou"}, Payment: inspect.PaymentCash},
		Parties: []inspect.Party{
			{Role: inspect.RoleSender, Name: "Wang Xiansheng", Phone: "+86 135 0000 9999", Address: "Guangzhou", ID: cnID("530102197801051638", "Zhao Gang"), VagueAddress: true},
			{Role: inspect.RoleReceiver, Name: "Lin", Phone: "+86 136 0000 1111", PhoneOnly: true}},
		Answers:       answers("xray-tusk-horn", "opened-many-carvings", "packaging-weight"),
		Findings:      []inspect.Finding{{Card: "ivory-carving", Confidence: inspect.ConfidenceMedium, Count: 6, WeightKg: 2.9}},
		ContentsCheck: inspect.ContentsMismatch, External: inspect.ExternalNotAvailable,
		Notes: "Six small figurines, creamy, heavy for resin; criss-cross lines on a broken base.",
	}, inspect.Decision{Action: inspect.ActionHold, Reason: "Carvings look like ivory; heavier than declared", Seals: []string{"GZ-S-000418"}, Storage: "Locked cage 2, security room"}},
	{"Neema Mushi", inspect.Inspection{
		Parcel: inspect.Parcel{Waybill: "RR987654326TZ", Courier: "Posta", Direction: inspect.DirectionInbound, Stage: inspect.StageTransit,
			Contents:         []inspect.DeclaredItem{{Name: "Wooden handicraft", Category: "handicrafts", Quantity: 3, Value: 45, Currency: "USD"}},
			DeclaredWeightKg: 1.2, MeasuredWeightKg: 2.5, Origin: inspect.Place{Country: "TZ", City: "Dar es Salaam"}, Destination: inspect.Place{Country: "CN", City: "Guangzhou"}, Payment: inspect.PaymentCash},
		Parties: []inspect.Party{
			{Role: inspect.RoleSender, Name: "Juma Hassan", Phone: "+255 712 345 678", Address: "Kariakoo, Dar es Salaam", Country: "TZ"},
			{Role: inspect.RoleReceiver, Name: "Li Ming", Phone: "+86 139 8765 4321", Address: "Airport Road, Baiyun, Guangzhou"}},
		Answers:       answers("xray-plates", "packaging-heavy-wrapping"),
		Findings:      []inspect.Finding{{Card: "pangolin-scales", Confidence: inspect.ConfidenceHigh, WeightKg: 1.3}},
		ContentsCheck: inspect.ContentsMismatch,
		Notes:         "Overlapping plates on the X-ray under the carvings; wrapped in carbon paper.",
	}, inspect.Decision{Action: inspect.ActionHold, Reason: "Scales seen on X-ray under wooden carvings", Seals: []string{"GZ-S-000419", "GZ-S-000420"}, Storage: "Locked cage 1, security room"}},
	{"Li Wei", inspect.Inspection{
		Parcel: inspect.Parcel{Waybill: "SF1300000123", Courier: "SF", Direction: inspect.DirectionOutbound, Stage: inspect.StageAcceptance,
			Contents:         []inspect.DeclaredItem{{Name: "XJ powder, health tea", Category: "tea_herbs_spices", Quantity: 2, Value: 30, Currency: "CNY"}},
			DeclaredWeightKg: 0.5, MeasuredWeightKg: 0.6, Origin: inspect.Place{Country: "CN", City: "Guangzhou"}, Destination: inspect.Place{Country: "VN", City: "Hà Nội"}, Payment: inspect.PaymentCash},
		Parties: []inspect.Party{
			{Role: inspect.RoleSender, Name: "Zhang San", Phone: "+86 131 0000 0000", RefusedID: true},
			{Role: inspect.RoleReceiver, Name: "Trần Văn Minh", Phone: "+84 912 000 000", Address: "Hoàn Kiếm, Hà Nội", Country: "VN"},
			{Role: inspect.RoleAgent, Name: "Liu Qiang", ThirdParty: true, ID: cnID("450103198211200745", "Liu Qiang")}},
		Answers:       answers("counter-refuses-id", "counter-for-someone-else", "opened-powder-medicine"),
		Findings:      []inspect.Finding{{Card: "rhino-horn-powder", Confidence: inspect.ConfidenceHigh, WeightKg: 0.2}},
		ContentsCheck: inspect.ContentsMismatch,
		Notes:         "Grey-brown powder in two sealed bags inside tea boxes; the sender left when asked for ID.",
	}, inspect.Decision{Action: inspect.ActionRefuse, Reason: "Declared with the code word XJ; powder like rhino horn", Seals: []string{"GZ-S-000421"}, Storage: "Evidence safe, security room"}},
}

// seedDemoInspections records the sample parcels through the same store
// calls the Inspect screen uses, scored with the built-in pack's rules.
func seedDemoInspections(ctx context.Context, st *store.Store) error {
	pack, err := sop.Load(data.FS)
	if err != nil {
		return err
	}
	risk := riskpack.New(pack)
	byName, err := demoUsersByName(ctx, st)
	if err != nil {
		return err
	}
	sup := byName[Users[0].Name]
	for _, dp := range Parcels {
		actor := byName[dp.inspector]
		if actor == nil || sup == nil {
			return fmt.Errorf("demo inspector %s missing", dp.inspector)
		}
		// A parcel decided by a demo that was stopped is kept; its draft
		// is taken up again.
		id, draft, err := demoInspection(ctx, st, sup, dp.in.Parcel.Waybill)
		if err != nil {
			return err
		}
		if id != "" && !draft {
			continue
		}
		if err := Step(); err != nil {
			return err
		}
		in := &inspect.Inspection{ID: id}
		if id == "" {
			if in, err = st.StartInspection(ctx, actor, dp.in.Parcel.Waybill, dp.in.Parcel.Stage); err != nil {
				return err
			}
			id = in.ID
		}
		if err := Step(); err != nil {
			return err
		}
		*in = dp.in
		in.ID = id
		in.UpdatedAt = time.Now().UTC()
		in.Identity = in.CheckIdentity(time.Now())
		if err := st.SaveDraft(ctx, actor, in); err != nil {
			return err
		}
		repeat, err := st.RepeatCounts(ctx, actor, in)
		if err != nil {
			return err
		}
		a := risk.Assess(in, repeat, time.Now())
		in.Assessment = &a
		if err := st.SaveDraft(ctx, actor, in); err != nil {
			return err
		}
		if dp.decision.Action != inspect.ActionClear {
			// A photo of the parcel, as the capture folder would give one.
			ph, err := st.AddPhoto(ctx, actor, bytes.NewReader(demoPhoto(len(in.Parcel.Waybill)+int(in.Parcel.Waybill[len(in.Parcel.Waybill)-1]))), in.Parcel.Waybill+".jpg")
			if err != nil {
				return err
			}
			if err := st.AttachPhoto(ctx, actor, id, ph.SHA256); err != nil {
				return err
			}
		}
		d := dp.decision
		d.At = time.Now().UTC()
		d.By = fmt.Sprint(actor.ID)
		if err := Step(); err != nil {
			return err
		}
		if _, err := st.Decide(ctx, actor, id, d, a); err != nil {
			return fmt.Errorf("demo parcel %s: %w", dp.in.Parcel.Waybill, err)
		}
	}
	return nil
}

// demoPhoto draws a plain picture of an opened box, different per seed, so
// each demo case has its own photo and hash.
func demoPhoto(seed int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 640, 480))
	for y := 0; y < 480; y++ {
		for x := 0; x < 640; x++ {
			c := color.RGBA{200, 180, 140, 255} // cardboard
			if x > 160 && x < 480 && y > 120 && y < 360 {
				c = color.RGBA{uint8(230 - seed%40), 220, 200, 255} // the contents
			}
			if (x-320)*(x-320)+(y-240)*(y-240) < 60*60 {
				c = color.RGBA{120, 100, uint8(70 + seed%60), 255}
			}
			img.Set(x, y, c)
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 80}); err != nil {
		panic(err) // into memory: only a bug fails
	}
	return b.Bytes()
}
