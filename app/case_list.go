package app

import (
	"context"
	"strings"

	"haoban"
)

// CaseQuery asks for one page of a case list.
type CaseQuery struct {
	Status string `query:"status" enum:"in_review,awaiting_supplement,completed,withdrawn,not_accepted" doc:"只看这一状态的办件"`
	Query  string `query:"q" maxLength:"100" doc:"按办件编号、事项、申请人或企业名称查找"`
	Limit  int    `query:"limit" minimum:"0" maximum:"200" doc:"每页条数，默认 50"`
	Cursor string `query:"cursor" maxLength:"500" doc:"上一页返回的 next_cursor"`
}

// CaseList is one page of a case list, with the total of its filter and
// the count of each state for the filters.
type CaseList struct {
	Cases      []CaseListed   `json:"cases"`
	NextCursor string         `json:"next_cursor"`
	Total      int            `json:"total"`
	Counts     map[string]int `json:"counts"`
}

// CaseListed is a case as a list shows it: who it is for and what
// happens next.
type CaseListed struct {
	haoban.Case
	// Subject is the enterprise applied for, or else the applicant.
	Subject  string `json:"subject"`
	NextStep string `json:"next_step"`
	// AwaitingApplicant: a department waits for the applicant's supplement.
	AwaitingApplicant bool `json:"awaiting_applicant"`
}

// List is a page of the applicant's own cases, or of the cases that touch
// the departments a member of staff acts for.
func (s *Cases) List(ctx context.Context, r Request, q CaseQuery) (CaseList, error) {
	f := haoban.CaseFilter{Applicant: r.User.ID}
	if can(s.Authz, r.User, r.User.Department, "case", "list") {
		f = haoban.CaseFilter{Departments: departmentsOf(r.User)}
	}
	f.Query, f.Limit = strings.TrimSpace(q.Query), haoban.PageRequest{Limit: q.Limit}.Size()
	f.Status = haoban.CaseStatus(q.Status)
	if q.Cursor != "" {
		f.After = &haoban.CaseKey{}
		if err := haoban.DecodeCursor(q.Cursor, f.After); err != nil {
			return CaseList{}, err
		}
	}
	counts, err := s.Store.CountCases(ctx, f)
	if err != nil {
		return CaseList{}, err
	}
	// One more than the page tells whether another page follows.
	f.Limit++
	cases, err := s.Store.ListCases(ctx, f)
	if err != nil {
		return CaseList{}, err
	}
	out := CaseList{Cases: []CaseListed{}, Counts: map[string]int{}}
	for st, n := range counts {
		out.Counts[string(st)] = n
		if f.Status == "" || st == f.Status {
			out.Total += n
		}
	}
	if len(cases) == f.Limit {
		cases = cases[:f.Limit-1]
		last := cases[len(cases)-1]
		out.NextCursor = haoban.EncodeCursor(haoban.CaseKey{SubmittedAt: last.SubmittedAt, ID: last.ID})
	}
	for _, c := range cases {
		out.Cases = append(out.Cases, summaryOf(c, c.Applicant == r.User.ID))
	}
	return out, nil
}

// summaryOf says whom a case is for and its next step, in the words of its
// applicant (own) or of the staff.
func summaryOf(c haoban.Case, own bool) CaseListed {
	sum := CaseListed{Case: c, Subject: c.ApplicantName}
	if name, _ := c.Form["enterprise.name"].(string); name != "" {
		sum.Subject = name
	}
	var waiting, reviewing []string
	for _, t := range c.Tasks {
		switch t.Status {
		case haoban.TaskAwaitingSupplement:
			waiting = append(waiting, t.ItemName)
		case haoban.TaskOpen, haoban.TaskClaimed:
			reviewing = append(reviewing, t.ItemName)
		}
	}
	switch {
	case c.Status == haoban.CaseAwaitingSupplement || len(waiting) > 0 && !c.Status.Closed():
		sum.AwaitingApplicant = true
		sum.NextStep = "等待申请人补正：" + strings.Join(waiting, "、")
		if own {
			sum.NextStep = "请补正：" + strings.Join(waiting, "、")
		}
	case c.Status == haoban.CaseInReview && len(reviewing) > 0:
		sum.NextStep = "审查中：" + strings.Join(reviewing, "、")
	case c.Status == haoban.CaseInReview:
		sum.NextStep = "等待审查"
	case c.Status == haoban.CaseCompleted && c.Outcome == haoban.OutcomeRejected:
		sum.NextStep = "已办结：不予许可，可查看理由和救济途径"
	case c.Status == haoban.CaseCompleted:
		sum.NextStep = "已办结：可查看办理结果"
	case c.Status == haoban.CaseNotAccepted:
		sum.NextStep = "不予受理：修改后可重新提交"
	case c.Status == haoban.CaseWithdrawn:
		sum.NextStep = "已撤回"
	}
	return sum
}
