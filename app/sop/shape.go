package sop

import (
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"sync"
)

func typeOf(v any) reflect.Type { return reflect.TypeOf(v).Elem() }

// decodeInto decodes src (already checked by checkShape) into v.
func decodeInto(src []byte, v any) error {
	return json.Unmarshal(src, v)
}

// fieldsOf maps a struct's JSON member names to its fields.
var fieldCache sync.Map // reflect.Type -> map[string]reflect.Type

func fieldsOf(t reflect.Type) map[string]reflect.Type {
	if m, ok := fieldCache.Load(t); ok {
		return m.(map[string]reflect.Type)
	}
	m := map[string]reflect.Type{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		m[name] = f.Type
	}
	fieldCache.Store(t, m)
	return m
}

// checkShape compares the JSON tree against the Go type it will decode
// into: unknown members (DisallowUnknownFields, but with positions and
// all of them, not just the first) and values of the wrong kind. JSON
// null is accepted anywhere, as encoding/json does; required-field checks
// catch it later.
func checkShape(l *loader, d *doc, n *node, t reflect.Type, path string) {
	if n == nil || n.kind == 'z' {
		return
	}
	want := ""
	switch t.Kind() {
	case reflect.Struct:
		if n.kind != '{' {
			want = "an object"
			break
		}
		fields := fieldsOf(t)
		for i, k := range n.keys {
			ft, ok := fields[k]
			if !ok {
				// encoding/json matches member names case-insensitively;
				// a pack must spell them exactly, so say which was meant.
				msg := "unknown field " + quote(k)
				if s := closestField(fields, k); s != "" {
					msg += " (did you mean " + quote(s) + "?)"
				}
				l.problemOff(d, n.vals[i].keyOff, msg)
				continue
			}
			checkShape(l, d, n.vals[i], ft, joinKey(path, k))
		}
	case reflect.Slice:
		if n.kind != '[' {
			want = "an array"
			break
		}
		for i, e := range n.elems {
			checkShape(l, d, e, t.Elem(), path+"["+strconv.Itoa(i)+"]")
		}
	case reflect.Map:
		if n.kind != '{' {
			want = "an object"
			break
		}
		for i, k := range n.keys {
			checkShape(l, d, n.vals[i], t.Elem(), joinKey(path, k))
		}
	case reflect.String:
		if n.kind != 's' {
			want = "a string"
		}
	case reflect.Int, reflect.Int64, reflect.Int32:
		if n.kind != 'n' {
			want = "a whole number"
			break
		}
		if _, err := strconv.ParseInt(n.lit, 10, 32); err != nil {
			l.problemOff(d, n.off, "expected a whole number, found "+n.lit)
		}
	case reflect.Bool:
		if n.kind != 'b' {
			want = "true or false"
		}
	}
	if want != "" {
		l.problemOff(d, n.off, "expected "+want+", found "+article(n.kindName()))
	}
}

func article(kind string) string {
	switch kind {
	case "object", "array":
		return "an " + kind
	case "null", "true/false":
		return kind
	}
	return "a " + kind
}

// closestField suggests a known member name for a misspelt one.
func closestField(fields map[string]reflect.Type, k string) string {
	best, bestD := "", 3
	lk := strings.ToLower(k)
	for f := range fields {
		d := editDistance(lk, strings.ToLower(f), 3)
		if d < bestD || (d == bestD && d < 3 && f < best) {
			best, bestD = f, d
		}
	}
	if bestD > 2 {
		return ""
	}
	return best
}
