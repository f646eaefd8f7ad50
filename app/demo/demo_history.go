package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"tusk/app/inspect"
	"tusk/app/store"
)

// The demo's past: some fifty parcels held over the previous ten weeks and
// taken through review, referral, handover and closing, so the dashboard
// and the monthly report have something to show. They are recorded
// through the same store calls as at the counter, with the store's clock
// set back to each moment, and a fixed seed makes every demo alike.

func HistoryWaybill(i int) string { return fmt.Sprintf("HX%09d", 410000000+i*7919) }

// HistoryWeeks is how far back the demo's past goes.
const HistoryWeeks = 10

// HistoryCases is how many past parcels the demo holds.
const HistoryCases = 50

// historyProfile is one kind of seizure: a product on a route, declared
// as something harmless, with its relative frequency.
type historyProfile struct {
	card, origin, dest, declared, category string
	weight                                 int
}

var historyProfiles = []historyProfile{
	{"pangolin-scales", "NG", "CN", "Dried herbs", "tea_herbs_spices", 6},
	{"pangolin-scales", "CM", "CN", "Wooden handicraft", "handicrafts", 5},
	{"pangolin-scales", "TZ", "CN", "Cashew nuts", "food", 3},
	{"ivory-carving", "TZ", "CN", "Resin figurines", "handicrafts", 4},
	{"ivory-jewellery", "CN", "VN", "Plastic bangles", "plastic_resin_goods", 3},
	{"ivory-carving", "CM", "CN", "Bone carvings", "handicrafts", 2},
	{"rhino-horn-powder", "CN", "VN", "Health tea", "tea_herbs_spices", 4},
	{"rhino-horn", "VN", "CN", "Buffalo horn", "handicrafts", 2},
	{"helmeted-hornbill-carving", "ID", "CN", "Resin pendants", "jewellery", 2},
	{"hawksbill-worked", "VN", "CN", "Plastic combs", "handicrafts", 2},
	{"tiger-bone-medicine", "VN", "CN", "Herbal wine", "tea_herbs_spices", 2},
	{"saiga-horn-medicine", "KZ", "CN", "Herbal slices", "tea_herbs_spices", 2},
	{"grey-parrot-live", "CM", "CN", "Toys", "toys_gifts", 1},
	{"star-tortoise-live", "IN", "CN", "Ornaments", "toys_gifts", 1},
}

var historySenders = []string{"Demo Sender A", "Demo Sender B", "Demo Sender C", "Demo Sender D", "Demo Sender E"}

// SeedHistory records the demo's past cases. It leaves the store's
// clock as it found it.
func SeedHistory(ctx context.Context, st *store.Store) error {
	clock := st.Now
	defer func() { st.Now = clock }()
	now := clock()
	users, err := st.Users(ctx, false)
	if err != nil {
		return err
	}
	var inspectors, supervisors []*store.User
	for _, u := range users {
		switch u.Role {
		case store.Inspector:
			inspectors = append(inspectors, u)
		case store.Supervisor:
			supervisors = append(supervisors, u)
		}
	}
	if len(inspectors) == 0 || len(supervisors) == 0 {
		return fmt.Errorf("demo history needs inspectors and supervisors")
	}
	total := 0
	for _, p := range historyProfiles {
		total += p.weight
	}
	rnd := rand.New(rand.NewPCG(2026, 11))
	start := now.AddDate(0, 0, -7*HistoryWeeks)
	span := now.Add(-36 * time.Hour).Sub(start) // the last day and a half is today's demo
	for i := range HistoryCases {
		// Spread over the period, during the depot's working hours.
		day := start.Add(span * time.Duration(i) / HistoryCases)
		held := time.Date(day.Year(), day.Month(), day.Day(), 8+rnd.IntN(10), rnd.IntN(60), 0, 0, day.Location())
		n := rnd.IntN(total)
		var p historyProfile
		for _, q := range historyProfiles {
			if n < q.weight {
				p = q
				break
			}
			n -= q.weight
		}
		insp := inspectors[i%len(inspectors)]
		sup := supervisors[i%len(supervisors)]
		number, err := historyHold(ctx, st, insp, sup, held, i, p, rnd)
		if err != nil {
			return fmt.Errorf("demo history parcel %d: %w", i+1, err)
		}
		if i == HistoryCases-1 {
			continue // the newest still waits for a decision, past its due time
		}
		if err := historyDecide(ctx, st, sup, number, held, now, rnd); err != nil {
			return fmt.Errorf("demo history case %s: %w", number, err)
		}
	}
	return nil
}

// historyHold logs one parcel held (or, one in six, refused) at a time and
// returns its case number.
// A parcel recorded by a run that was stopped is not recorded again (its
// draft is taken up); the random draws are the same either way, so the
// parcels after it come out as in an uninterrupted run.
func historyHold(ctx context.Context, st *store.Store, insp, sup *store.User, at time.Time, i int, p historyProfile, rnd *rand.Rand) (string, error) {
	dir := inspect.DirectionOutbound
	if p.dest == Depot.Country {
		dir = inspect.DirectionInbound
	}
	kg := 0.5 + float64(rnd.IntN(30))/10
	qty, value := 1+rnd.IntN(6), float64(20+rnd.IntN(200))
	measured := kg + 0.4 + float64(rnd.IntN(20))/10
	sender := historySenders[rnd.IntN(len(historySenders))]
	action := inspect.ActionHold
	if rnd.IntN(6) == 0 {
		action = inspect.ActionRefuse
	}
	score := 55 + rnd.IntN(40)

	id, draft, err := demoInspection(ctx, st, sup, HistoryWaybill(i))
	if err != nil {
		return "", err
	}
	if id != "" && !draft {
		c, err := st.CaseOf(ctx, sup, id)
		if err != nil {
			return "", err
		}
		return c.Number, nil
	}
	st.Now = func() time.Time { return at }
	if err := Step(); err != nil {
		return "", err
	}
	in := &inspect.Inspection{}
	if id == "" {
		if in, err = st.StartInspection(ctx, insp, HistoryWaybill(i), inspect.StageXray); err != nil {
			return "", err
		}
	} else if in, err = st.Inspection(ctx, sup, id); err != nil {
		return "", err
	}
	in.Parcel.Courier, in.Parcel.Direction = "EMS", dir
	in.Parcel.Contents = []inspect.DeclaredItem{{Name: p.declared, Category: p.category, Quantity: qty, Value: value, Currency: "USD"}}
	in.Parcel.DeclaredWeightKg, in.Parcel.MeasuredWeightKg = kg, measured
	in.Parcel.Origin, in.Parcel.Destination = inspect.Place{Country: p.origin}, inspect.Place{Country: p.dest}
	in.Parties = []inspect.Party{{Role: inspect.RoleSender, Name: sender, Country: p.origin}}
	in.Findings = []inspect.Finding{{Card: p.card, Confidence: inspect.ConfidenceMedium}}
	in.ContentsCheck = inspect.ContentsMismatch
	if err := Step(); err != nil {
		return "", err
	}
	if err := st.SaveDraft(ctx, insp, in); err != nil {
		return "", err
	}
	level := inspect.LevelRed
	if score < 70 {
		level = inspect.LevelAmber
	}
	if err := Step(); err != nil {
		return "", err
	}
	c, err := st.Decide(ctx, insp, in.ID, inspect.Decision{Action: action, Reason: "Contents do not match the declaration",
		Seals: []string{fmt.Sprintf("GZ-S-%06d", 300000+i)}, Storage: "Locked cage, security room"},
		inspect.Assessment{Score: score, Level: level, Action: action})
	if err != nil {
		return "", err
	}
	return c.Number, nil
}

// historyDecide takes a case as far as its age allows: most are referred
// and handed over within hours or days, some released as not wildlife,
// and the newest may still wait for review.
//
// A step a stopped run already took (the case's status has reached it) is
// not taken again.
func historyDecide(ctx context.Context, st *store.Store, sup *store.User, number string, held, now time.Time, rnd *rand.Rand) error {
	cs, err := st.CaseByNumber(ctx, sup, number)
	if err != nil {
		return err
	}
	reached := slices.Index(inspect.CaseStatuses, cs.Status)
	after := map[string]string{store.KindReview: inspect.CaseUnderReview, store.KindRelease: inspect.CaseClosed,
		store.KindRefer: inspect.CaseReferred, store.KindHandover: inspect.CaseHandedOver, store.KindClose: inspect.CaseClosed}
	at := held
	step := func(wait time.Duration, d store.CaseDecision) (bool, error) {
		at = at.Add(wait)
		if at.After(now.Add(-time.Hour)) {
			return false, nil // not yet: the case waits here
		}
		if reached >= slices.Index(inspect.CaseStatuses, after[d.Kind]) {
			return true, nil // done by a run that was stopped
		}
		if err := Step(); err != nil {
			return false, err
		}
		st.Now = func() time.Time { return at }
		_, err := st.DecideCase(ctx, sup, number, d)
		return err == nil, err
	}
	if ok, err := step(time.Duration(20+rnd.IntN(180))*time.Minute, store.CaseDecision{Kind: store.KindReview}); !ok {
		return err
	}
	if rnd.IntN(3) == 0 {
		_, err := step(time.Duration(1+rnd.IntN(20))*time.Hour, store.CaseDecision{Kind: store.KindRelease,
			Reason: "Second opening: resin and plastic, not wildlife", Outcome: store.OutcomeNotWildlife})
		return err
	}
	if ok, err := step(time.Duration(1+rnd.IntN(4))*time.Hour, store.CaseDecision{Kind: store.KindRefer, Addressee: "cn-police"}); !ok {
		return err
	}
	// Police usually come the same or the next day; now and then it takes days.
	wait := time.Duration(2+rnd.IntN(30)) * time.Hour
	if rnd.IntN(6) == 0 {
		wait = time.Duration(48+rnd.IntN(96)) * time.Hour
	}
	handover := at.Add(wait)
	if ok, err := step(wait+10*time.Minute, store.CaseDecision{Kind: store.KindHandover, Officer: "Officer Chen", Badge: "4411",
		Unit: "Forest Police, Baiyun", HandoverAt: handover}); !ok {
		return err
	}
	d := store.CaseDecision{Kind: store.KindClose, Outcome: store.OutcomeSeizure, PoliceRef: fmt.Sprintf("BY-FP-2026-%04d", 100+rnd.IntN(900))}
	if rnd.IntN(8) == 0 {
		d = store.CaseDecision{Kind: store.KindClose, Outcome: store.OutcomeNoAction}
	}
	_, err = step(time.Duration(3+rnd.IntN(10))*24*time.Hour, d)
	return err
}
