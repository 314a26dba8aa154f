package web

import "testing"

// The sign-in page returns only to a path on this site.
func TestLocalPathStaysOnSite(t *testing.T) {
	for ref, want := range map[string]string{
		"/cases/abc?fragment=1":     "/cases/abc?fragment=1",
		"http://host/cases/abc":     "/",
		"https:/evil.example":       "/",
		"///evil.example":           "/",
		"/%5Cevil.example/x":        "/",
		"/%09/evil.example/x":       "/",
		"/%2F/evil.example":         "/",
		"//evil.example/x":          "/",
		"/\\evil.example":           "/",
		"/a/%5C%5Cevil.example":     "/",
		"/cases?q=%0d%0aSet-Cookie": "/cases?q=%0d%0aSet-Cookie",
		"":                          "/",
		"javascript:alert(1)":       "/",
		"/办件":                       "/%E5%8A%9E%E4%BB%B6",
	} {
		if got := localPath(ref); got != want {
			t.Errorf("localPath(%q) = %q, want %q", ref, got, want)
		}
	}
}
