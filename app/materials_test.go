package app_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"haoban"
	"haoban/app"
)

func materials(t *testing.T) (*app.Materials, *store) {
	s := newStore()
	c := &app.Cases{Store: s, Flow: &flow{}, Authz: authz(t), Time: clock}
	d := &app.Drafts{Store: s, Reviewer: reviewer{}, Cases: c, Time: clock}
	s.drafts["d1"] = haoban.Draft{ID: "d1", Applicant: "li-na", Bundle: "open-restaurant"}
	return &app.Materials{Store: s, Blobs: &blobs{files: map[string][]byte{}}, Drafts: d, Cases: c, Time: clock}, s
}

func pdf(text string) []byte { return []byte("%PDF-1.4\n% " + text + "\n%%EOF\n") }

func TestUploads(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name, user, code, file string
		body                   []byte
		want, field            string
	}{
		{"OK", "li-na", "articles", "章程.pdf", pdf("章程"), "", ""},
		{"ErrNoSuchMaterial", "li-na", "passport", "a.pdf", pdf("x"), haoban.EUNPROCESSABLE, "material"},
		{"ErrEmptyFile", "li-na", "articles", "a.pdf", nil, haoban.EUNPROCESSABLE, "file"},
		{"ErrTypeByContentNotName", "li-na", "articles", "a.pdf", []byte("MZ\x90\x00 an executable"), haoban.EUNPROCESSABLE, "file"},
		{"ErrTooLarge", "li-na", "articles", "a.pdf", append(pdf("x"), bytes.Repeat([]byte(" "), 11<<20)...), haoban.EUNPROCESSABLE, "file"},
		{"ErrAnotherApplicantsDraft", "zhang-wei", "articles", "a.pdf", pdf("x"), haoban.ENOTFOUND, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, s := materials(t)
			saved, _, err := m.ToDraft(ctx, as(t, s, tc.user), "d1", app.Upload{Code: tc.code, FileName: tc.file, Body: bytes.NewReader(tc.body)})
			if field := wantCode(t, err, tc.want); field != tc.field {
				t.Fatalf("field %q, want %q", field, tc.field)
			}
			if tc.want == "" && (saved.ContentType != "application/pdf" || len(s.materials) != 1) {
				t.Fatalf("saved %+v", saved)
			}
		})
	}
}

func TestDisplayNameIsNeverAPath(t *testing.T) {
	for in, want := range map[string]string{
		"../../etc/passwd": "passwd", `C:\Users\a\章程.pdf`: "章程.pdf", "a\r\nb.pdf": "ab.pdf", "": "未命名文件",
		strings.Repeat("长", 200): strings.Repeat("长", 120),
	} {
		if got := app.DisplayName(in); got != want {
			t.Errorf("DisplayName(%q) = %q, want %q", in, got, want)
		}
	}
}
