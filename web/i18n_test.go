package web

import "testing"

func TestLocalPathStaysOnSite(t *testing.T) {
	for ref, want := range map[string]string{
		"http://host/cases/abc?fragment=1":     "/cases/abc?fragment=1",
		"http://host/%5Cevil.example/x":        "/",
		"http://host/%09/evil.example/x":       "/",
		"http://host/%2F/evil.example":         "/",
		"http://host//evil.example/x":          "/",
		"http://host/\\evil.example":           "/",
		"http://host/a/%5C%5Cevil.example":     "/",
		"http://host/cases?q=%0d%0aSet-Cookie": "/cases?q=%0d%0aSet-Cookie",
		"":                                     "/",
		"javascript:alert(1)":                  "/",
		"http://host/办件":                       "/%E5%8A%9E%E4%BB%B6",
	} {
		if got := localPath(ref); got != want {
			t.Errorf("localPath(%q) = %q, want %q", ref, got, want)
		}
	}
}
