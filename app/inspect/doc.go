// Package inspect is Tusk's domain: the parcel, its parties and their ID
// documents, the inspection with its checklist answers, findings and
// photos, the decision, the case and its chain of custody; the offline
// rules for ID numbers, names, phones and waybill numbers; and the
// explainable risk assessment.
//
// It imports no Fyne, no SQL and nothing else of Tusk: the UI converts the
// content pack's rules into Rule and SignalContext. Functions return error
// codes that are i18n keys (inspect.id.err.check_digit …), never text for
// people. ID checks prove a number is well formed, never who the person is:
// the UI says "format OK", not "verified".
//
// # Parcel documents for `tusk assess`
//
// ParseParcelJSON reads the document a courier's sorting system writes for
// one parcel: UTF-8 JSON, one object, at most 1 MiB. Field names are the
// JSON names of the domain types. Every member is optional unless marked
// required; null means absent.
//
//	{
//	  "format": "tusk.parcel/1",          // when present, must be this
//	  "id": "…", "station": "…", "inspector": "…",
//	  "created_at": "2026-03-01T08:30:00Z", // RFC 3339
//	  "parcel": {                           // required
//	    "waybill": "RR123456785CN",         // required; cleaned like a scan
//	    "courier": "…",
//	    "direction": "outbound",            // outbound | inbound
//	    "stage": "acceptance",              // acceptance (default) | xray | transit | delivery
//	    "contents": [{"name": "handicraft", "category": "crafts",
//	                  "quantity": 2, "value": 30, "currency": "USD"}],
//	    "declared_weight_kg": 1.2, "measured_weight_kg": 2.5,
//	    "dimensions_cm": {"length": 30, "width": 20, "height": 10},
//	    "origin": {"country": "TZ", "city": "Dar es Salaam"},
//	    "destination": {"country": "CN", "city": "Guangzhou"},
//	    "transit": ["HK"],
//	    "payment": "cash"                   // cash | prepaid | cod | account | card | mobile_money | other
//	  },
//	  "parties": [{
//	    "role": "sender",                   // required: sender | receiver | agent
//	    "name": "…", "phone": "+255 712 345 678", "address": "…", "country": "TZ",
//	    "id": {"type": "tz_nida",           // required in "id": cn_rid | passport | vn_cccd | tz_nida | cm_cni | cm_recepisse | other
//	           "number": "…", "mrz": ["line 1", "line 2"], "country": "TZ",
//	           "name": "…", "birth_date": "1980-01-31", "sex": "M"},    // M | F | X (male, female accepted)
//	    "third_party": false, "refused_id": false, "phone_only": false, "vague_address": false
//	  }],
//	  "answers": [{"item": "xray_dense", "value": "yes", "note": "…"}], // item, value required
//	  "findings": [{"card": "ivory_carving", "confidence": "medium",     // card, confidence required
//	                "count": 1, "weight_kg": 0.4}],
//	  "contents_check": "mismatch",         // match | mismatch
//	  "live_signs": false,
//	  "external_check": "not_done",         // verified | failed | not_available | not_done
//	  "notes": "…"
//	}
//
// Forgiving about how values are written: strings are trimmed; enumerated
// values are case-insensitive and may use "-" for "_"; country and currency
// codes are upper-cased; numbers may be strings ("1.5", or "1,5" with a
// decimal comma); a string member may be given as a number (waybill,
// phone); booleans may be "yes"/"no"/"true"/"false"/"1"/"0"; an answer's
// value may be true/false; "mrz" may be one string with a line break or an
// array of the two lines; stage defaults to acceptance.
//
// Strict about what is written: an unknown or repeated member, a wrong
// type, a value outside its set, a negative or non-finite number, a
// fractional count, a country code that is not two letters, invalid UTF-8,
// text after the object, nesting deeper than 32 levels or a document over
// 1 MiB are errors. Errors come back together as ParseErrors (at most 50),
// each with its JSON path ("$.parcel.contents[0].quantity"), an i18n code
// and a detail. Problems of meaning (a bad check digit, a missing sender)
// are not parse errors: call Validate and Assess on the result.
package inspect
