package inspect

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// Kinds of value MatchKey hashes.
const (
	KeyID    = "id"    // an ID number
	KeyPhone = "phone" // a phone number, E.164 or as typed
	KeyName  = "name"
)

// MatchKey is the hex HMAC-SHA256, under the station's secret, of a value
// normalised for its kind: ID numbers upper-cased without spaces and
// hyphens, phones in E.164 (as typed when they cannot be parsed, digits
// only), names by NormalizeName. The kind is part of the MAC, so an ID and
// a phone with the same digits never collide. Repeat senders still match
// once the personal data itself has been purged. An empty value has no key
// and returns "".
func MatchKey(secret []byte, kind, value string) string {
	var norm string
	switch kind {
	case KeyID:
		norm = cleanIDNumber(strings.TrimSpace(value))
	case KeyPhone:
		if e, ok := NormalizePhone(value, ""); ok {
			norm = e
		} else {
			norm = "+" + strings.Map(func(r rune) rune {
				if r >= '0' && r <= '9' {
					return r
				}
				return -1
			}, value)
			if norm == "+" {
				norm = ""
			}
		}
	case KeyName:
		norm = NormalizeName(value)
	default:
		norm = strings.TrimSpace(value)
	}
	if norm == "" {
		return ""
	}
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(kind))
	m.Write([]byte{0})
	m.Write([]byte(norm))
	return hex.EncodeToString(m.Sum(nil))
}

// PartyKeys returns the match keys of a party's ID number and phone, for
// the store's repeat-sender index. country reads a national phone number
// (the party's own country when set).
func PartyKeys(secret []byte, p Party, country string) []string {
	var keys []string
	if p.ID != nil {
		if k := MatchKey(secret, KeyID, p.ID.Number); k != "" {
			keys = append(keys, k)
		}
	}
	if p.Country != "" {
		country = p.Country
	}
	phone := p.Phone
	if e, ok := NormalizePhone(phone, country); ok {
		phone = e
	}
	if k := MatchKey(secret, KeyPhone, phone); k != "" {
		keys = append(keys, k)
	}
	return keys
}
