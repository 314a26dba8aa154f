package haoban_test

import (
	"testing"

	"haoban"
)

func TestNoticeKey(t *testing.T) {
	k := haoban.NoticeKey("case-1", "supplement_requested:task-1", "li-na")
	if len(k) != 32 || k != haoban.NoticeKey("case-1", "supplement_requested:task-1", "li-na") {
		t.Fatalf("key %q is not stable", k)
	}
	for _, other := range []string{haoban.NoticeKey("case-2", "supplement_requested:task-1", "li-na"),
		haoban.NoticeKey("case-1", "refused:task-1", "li-na"), haoban.NoticeKey("case-1", "supplement_requested:task-1", "zhang-wei"),
		haoban.NoticeKey("case-1supplement_requested:task-1", "", "li-na")} {
		if other == k {
			t.Fatalf("two notices share the key %s", k)
		}
	}
}

func TestValidateContact(t *testing.T) {
	for _, tc := range []struct {
		ch        haoban.NoticeChannel
		in, want  string
		wantField string
	}{
		{haoban.ChannelEmail, " li.na@example.cn ", "li.na@example.cn", ""},
		{haoban.ChannelSMS, "+86 138-0013-8000", "13800138000", ""},
		{haoban.ChannelSMS, "13800138000", "13800138000", ""},
		{haoban.ChannelEmail, "li.na@localhost", "", "email"},
		{haoban.ChannelEmail, "李娜 <li.na@example.cn>", "", "email"},
		{haoban.ChannelEmail, "li.na", "", "email"},
		{haoban.ChannelSMS, "12800138000", "", "phone"},
		{haoban.ChannelSMS, "1380013800", "", "phone"},
		{"fax", "x", "", "channel"},
	} {
		got, err := haoban.ValidateContact(tc.ch, tc.in)
		if tc.wantField == "" && (err != nil || got != tc.want) {
			t.Errorf("ValidateContact(%s, %q) = %q, %v; want %q", tc.ch, tc.in, got, err, tc.want)
		}
		if tc.wantField != "" && (haoban.ErrorCode(err) != haoban.EINVALID || !hasField(err, tc.wantField)) {
			t.Errorf("ValidateContact(%s, %q) = %v; want EINVALID on %s", tc.ch, tc.in, err, tc.wantField)
		}
	}
}

func hasField(err error, field string) bool {
	e, ok := err.(*haoban.Error)
	return ok && e.Field == field
}
