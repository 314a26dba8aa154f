package catalogue

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"haoban"
)

// Diff lists what changes from one version of a bundle to the next, leaf
// by leaf, with items, fields and materials named by their codes so that
// reordering them reads as what it is. Versions themselves are ignored.
func Diff(before, after haoban.Bundle) []haoban.Change {
	before.Version, after.Version = 0, 0
	old, cur := flatten(before), flatten(after)
	var paths []string
	for p := range old {
		paths = append(paths, p)
	}
	for p := range cur {
		if _, ok := old[p]; !ok {
			paths = append(paths, p)
		}
	}
	sort.Strings(paths)
	var out []haoban.Change
	for _, p := range paths {
		if old[p] != cur[p] {
			out = append(out, haoban.Change{Path: p, Before: old[p], After: cur[p]})
		}
	}
	return out
}

// ItemOf returns the code of the item a change path is inside, or "" for
// a change to the bundle itself.
func ItemOf(path string) string {
	rest, ok := strings.CutPrefix(path, "items[")
	if !ok {
		return ""
	}
	code, _, _ := strings.Cut(rest, "]")
	return code
}

// flatten maps each leaf of the bundle's canonical JSON to its text.
func flatten(b haoban.Bundle) map[string]string {
	var v any
	if err := json.Unmarshal([]byte(b.Canonical()), &v); err != nil {
		return map[string]string{"": b.Canonical()}
	}
	out := map[string]string{}
	walk("", v, out)
	return out
}

func walk(path string, v any, out map[string]string) {
	switch t := v.(type) {
	case map[string]any:
		for k, e := range t {
			walk(join(path, k), e, out)
		}
	case []any:
		if keyed(t) {
			for _, e := range t {
				walk(fmt.Sprintf("%s[%s]", path, keyOf(e)), e, out)
			}
			return
		}
		raw, _ := json.Marshal(t)
		out[path] = string(raw)
	default:
		raw, _ := json.Marshal(t)
		out[path] = strings.Trim(string(raw), `"`)
	}
}

// keyed reports whether a list holds objects named by "code" or "key"
// (items, fields, materials); other lists compare whole.
func keyed(l []any) bool {
	for _, e := range l {
		if keyOf(e) == "" {
			return false
		}
	}
	return len(l) > 0
}

func keyOf(e any) string {
	m, ok := e.(map[string]any)
	if !ok {
		return ""
	}
	for _, k := range []string{"code", "key"} {
		if s, ok := m[k].(string); ok && s != "" {
			return s
		}
	}
	return ""
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}
