package caserecord

import (
	"fmt"
	"strconv"
	"strings"

	"tusk/app/inspect"
	"tusk/i18n"
)

// The case's facts as the case view and Verify write them: in the
// reader's language, and with what nobody recorded left out, never
// "0.00 kg" or "From CN to".

// DeclaredText is "Declared: Resin handicrafts ×2 · declared 1.2 kg ·
// measured 3.4 kg" with each part only when it was recorded; "" when
// nothing was.
func DeclaredText(tr *i18n.Translator, p inspect.Parcel) string {
	var items []string
	for _, c := range p.Contents {
		if strings.TrimSpace(c.Name) == "" {
			continue
		}
		if c.Quantity > 0 {
			items = append(items, fmt.Sprintf("%s ×%d", c.Name, c.Quantity))
		} else {
			items = append(items, c.Name)
		}
	}
	var parts []string
	if len(items) > 0 {
		parts = append(parts, tr.T("slip.text.declared", "Declared", strings.Join(items, ", ")))
	}
	if p.DeclaredWeightKg > 0 {
		parts = append(parts, tr.T("slip.text.declared_kg", "Kg", Kg(p.DeclaredWeightKg)))
	}
	if p.MeasuredWeightKg > 0 {
		parts = append(parts, tr.T("slip.text.measured_kg", "Kg", Kg(p.MeasuredWeightKg)))
	}
	return strings.Join(parts, " · ")
}

// RouteText is "From Dar es Salaam TZ to Guangzhou CN", or only the end
// that is known, or "".
func RouteText(tr *i18n.Translator, p inspect.Parcel) string {
	from := strings.TrimSpace(p.Origin.City + " " + p.Origin.Country)
	to := strings.TrimSpace(p.Destination.City + " " + p.Destination.Country)
	switch {
	case from != "" && to != "":
		return tr.T("slip.text.route", "Origin", from, "Destination", to)
	case from != "":
		return tr.T("slip.text.route_from", "Origin", from)
	case to != "":
		return tr.T("slip.text.route_to", "Destination", to)
	}
	return ""
}

// ProductText is "Elephant ivory · ×6 · 2900 g" with the count and the
// weight only when they were recorded.
func ProductText(name string, count, grams int) string {
	parts := []string{name}
	if count > 0 {
		parts = append(parts, "×"+strconv.Itoa(count))
	}
	if grams > 0 {
		parts = append(parts, strconv.Itoa(grams)+" g")
	}
	return strings.Join(parts, " · ")
}

// Kg writes a weight without trailing zeros: 1.2, 0.35, 3.
func Kg(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
