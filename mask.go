package haoban

import "strings"

// MaskPersonal hides the middle of what identifies a person: a resident ID
// number keeps its region and last four (310115********3215), a mobile
// number its first three and last four (138****5678). Anything else is
// returned as it is: a credit code or a name on a licence is public.
func MaskPersonal(s string) string {
	switch {
	case len(s) == 18 && allDigits(s[:17]) && strings.ContainsAny(s[17:], "0123456789Xx"):
		return s[:6] + "********" + s[14:]
	case len(s) == 15 && allDigits(s):
		return s[:6] + "*****" + s[11:]
	case len(s) == 11 && s[0] == '1' && allDigits(s):
		return s[:3] + "****" + s[7:]
	}
	return s
}

// Masked is the licence as the public sees it on the verification page:
// the holder's and every field's personal numbers masked.
func (l Licence) Masked() Licence {
	l.Holder = MaskPersonal(l.Holder)
	fields := make(map[string]any, len(l.Fields))
	for k, v := range l.Fields {
		if s, ok := v.(string); ok {
			v = MaskPersonal(s)
		}
		fields[k] = v
	}
	l.Fields = fields
	return l
}
