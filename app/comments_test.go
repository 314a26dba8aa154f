package app_test

import (
	"context"
	"testing"

	"haoban"
)

// A task's internal notes are for its department's staff and the
// supervisors; an applicant never reads them.
func TestComments(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct{ name, user, task, code string }{
		{"ForTheDepartment", "reviewer-samr", "c1.business-licence", ""},
		{"ForSupervisor", "supervisor", "c1.business-licence", ""},
		{"ErrOfAnotherDepartment", "reviewer-fire", "c1.business-licence", haoban.EFORBIDDEN},
		{"ErrForApplicant", "li-na", "c1.business-licence", haoban.EFORBIDDEN},
		{"ErrOfNoTask", "reviewer-samr", "c1.nothing", haoban.ENOTFOUND},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ts, s, _ := tasks(t)
			s.comments = []haoban.Comment{{TaskID: "c1.business-licence", Body: "请核对租赁合同"}, {TaskID: "c1.fire-check", Body: "另一项"}}
			list, err := ts.Comments(ctx, as(t, s, tc.user), tc.task)
			if wantCode(t, err, tc.code); tc.code == "" && (len(list) != 1 || list[0].Body != "请核对租赁合同") {
				t.Fatalf("comments %+v", list)
			}
		})
	}
}
