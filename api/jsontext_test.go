package api

import "testing"

func TestBadJSONText(t *testing.T) {
	for _, tc := range []struct {
		name, body, path string
	}{
		{"NULInANestedValue", `{"bundle":"x","form":{"enterprise.name":"好味\u0000餐饮"}}`, "body.form.enterprise.name"},
		{"NULInAKey", `{"form":{"a\u0000b":"x"}}`, "body.form.a\x00b"},
		{"InvalidUTF8InAnArray", "{\"missing\":[{\"reason\":\"ok\"},{\"reason\":\"\xff\xfe\"}]}", "body.missing[1].reason"},
		{"InvalidUTF8AtTheTop", "\"\xff\"", "body"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			at := badJSONText([]byte(tc.body))
			if at < 0 {
				t.Fatal("not found")
			}
			if got := jsonPathAt([]byte(tc.body), at); got != tc.path {
				t.Fatalf("path = %q, want %q", got, tc.path)
			}
		})
	}
	for _, ok := range []string{`{"a":"\\u0000 is how NUL is written"}`, `{"名称":"好味餐饮"}`, `{"a":"\u0001"}`} {
		if at := badJSONText([]byte(ok)); at >= 0 {
			t.Errorf("%s: flagged at %d", ok, at)
		}
	}
}
