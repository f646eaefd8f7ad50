// Package data embeds Tusk's default SOP content pack: the manifest, product
// forms, declared-goods categories, identify wizard, code words, checklists,
// risk rules, routes, countries and the identification cards in cards/.
// package sop loads and validates it; a trainer's copy in <home>/pack/
// overrides it at run time.
package data

import "embed"

// FS holds the pack files at its root, as package sop expects them.
//
//go:embed *.json cards/*.json
var FS embed.FS
