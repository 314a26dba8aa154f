package app

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"haoban"
	"haoban/deadline"
)

// ObstacleGroup is the reports on one item (else one bundle, else on
// nothing named), newest first: repeated reports show as one group.
type ObstacleGroup struct {
	Item    string         `json:"item,omitempty"`
	Bundle  string         `json:"bundle,omitempty"`
	Count   int            `json:"count"`
	Reports []ObstacleView `json:"reports"`
}

// groupObstacles groups views (newest first) by item, else bundle; the
// group with the newest report first.
func groupObstacles(views []ObstacleView) []ObstacleGroup {
	out := []ObstacleGroup{}
	at := map[string]int{}
	for _, v := range views {
		k := "i:" + v.Item
		if v.Item == "" {
			k = "b:" + v.Bundle
		}
		i, ok := at[k]
		if !ok {
			i = len(out)
			at[k] = i
			g := ObstacleGroup{Item: v.Item}
			if v.Item == "" {
				g.Bundle = v.Bundle
			}
			out = append(out, g)
		}
		out[i].Count++
		out[i].Reports = append(out[i].Reports, v)
	}
	return out
}

// ObstacleList is a department's reports: the open ones grouped by item,
// and those answered in the last 30 days.
type ObstacleList struct {
	Department     string          `json:"department"` // "": every department
	DepartmentName string          `json:"department_name"`
	Open           []ObstacleGroup `json:"open"`
	Closed         []ObstacleView  `json:"closed"`
}

// List lists department's reports: the reader's own department's when
// empty, every department's for readers not tied to one.
func (x *Obstacles) List(ctx context.Context, r Request, department string) (ObstacleList, error) {
	if department == "" {
		department = r.User.Department
	}
	if !can(x.Authz, r.User, department, "obstacle", "read") {
		return ObstacleList{}, haoban.Errorf(haoban.EFORBIDDEN, "只能查看本部门的办不成事反映")
	}
	filter := department
	if filter == haoban.AnyDepartment {
		filter = ""
	}
	list, err := x.Store.Obstacles(ctx, haoban.ObstacleFilter{Department: filter, From: now(x.Time).AddDate(0, 0, -30)})
	if err != nil {
		return ObstacleList{}, err
	}
	open, err := x.Store.Obstacles(ctx, haoban.ObstacleFilter{Department: filter, OpenOnly: true})
	if err != nil {
		return ObstacleList{}, err
	}
	openViews, err := x.views(ctx, r, open)
	if err != nil {
		return ObstacleList{}, err
	}
	list = slices.DeleteFunc(list, func(o haoban.Obstacle) bool { return !o.Status.Closed() })
	closed, err := x.views(ctx, r, list)
	if err != nil {
		return ObstacleList{}, err
	}
	out := ObstacleList{Department: filter, Open: groupObstacles(openViews), Closed: closed}
	if filter != "" {
		names, err := x.Store.DepartmentNames(ctx)
		if err != nil {
			return ObstacleList{}, err
		}
		out.DepartmentName = nameOfDepartment(names, filter)
	}
	return out, nil
}

// ObstacleBoard is the board's section on 办不成事: the open reports
// grouped by item, the group with the newest report first, and how many
// are overdue.
type ObstacleBoard struct {
	Groups  []ObstacleGroup `json:"groups"`
	Open    int             `json:"open"`
	Overdue int             `json:"overdue"`
}

// Board reads the open reports of department ("": all) with their clocks.
func (x *Obstacles) Board(ctx context.Context, department string) (ObstacleBoard, error) {
	list, err := x.Store.Obstacles(ctx, haoban.ObstacleFilter{Department: department, OpenOnly: true})
	if err != nil {
		return ObstacleBoard{}, err
	}
	views, err := x.views(ctx, Request{}, list)
	if err != nil {
		return ObstacleBoard{}, err
	}
	out := ObstacleBoard{Groups: groupObstacles(views), Open: len(views)}
	for _, v := range views {
		if v.Overdue {
			out.Overdue++
		}
	}
	return out, nil
}

// Figures are 办不成事's figures over the reports received in [q.From,
// q.To), of q's department or item: received; accepted, and within 1
// working day; resolved or answered now, and the latest answer within 5
// working days of the report (or of its reopening); reopened; still open.
func (x *Obstacles) Figures(ctx context.Context, q haoban.FigureQuery) (haoban.ObstacleFigures, error) {
	views, err := x.inPeriod(ctx, q)
	if err != nil {
		return haoban.ObstacleFigures{}, err
	}
	var f haoban.ObstacleFigures
	for _, v := range views {
		f.Received++
		if v.AcceptedAt != nil {
			f.Accepted++
			if met(v.Accept) {
				f.AcceptedOnTime++
			}
		}
		if v.Status.Closed() {
			f.Resolved++
			if met(v.Resolve) {
				f.ResolvedOnTime++
			}
		} else {
			f.Open++
		}
		if v.ReopenedAt != nil {
			f.Reopened++
		}
	}
	return f, nil
}

func met(st *deadline.Status) bool { return st != nil && st.State == deadline.Met }

func (x *Obstacles) inPeriod(ctx context.Context, q haoban.FigureQuery) ([]ObstacleView, error) {
	list, err := x.Store.Obstacles(ctx, haoban.ObstacleFilter{Department: q.Department, Item: q.Item, From: q.From, To: q.To})
	if err != nil {
		return nil, err
	}
	return x.views(ctx, Request{}, list)
}

// Drill lists the reports behind the figures, newest first, a page of
// limit at a time: In is resolved on time, Why says where each stands.
func (x *Obstacles) Drill(ctx context.Context, q haoban.FigureQuery, cursor string, limit int) ([]haoban.FigureCase, string, int, error) {
	offset := 0
	if cursor != "" {
		if err := haoban.DecodeCursor(cursor, &offset); err != nil {
			return nil, "", 0, err
		}
	}
	limit = cmp.Or(min(max(limit, 0), 200), 50)
	views, err := x.inPeriod(ctx, q)
	if err != nil {
		return nil, "", 0, err
	}
	out := []haoban.FigureCase{}
	for _, v := range views[min(offset, len(views)):min(offset+limit, len(views))] {
		out = append(out, haoban.FigureCase{Ref: v.ID, Kind: "obstacle", Title: excerpt(v.Text), DepartmentName: v.DepartmentName,
			At: v.FiledAt, In: v.Status.Closed() && met(v.Resolve), Why: obstacleWhy(v)})
	}
	next := ""
	if offset+limit < len(views) {
		next = haoban.EncodeCursor(offset + limit)
	}
	return out, next, len(views), nil
}

// obstacleWhy says in Chinese where a report stands against its clocks.
func obstacleWhy(v ObstacleView) string {
	again := ""
	if v.ReopenedAt != nil {
		again = "（重新提出后）"
	}
	switch {
	case v.Status.Closed() && met(v.Resolve):
		return fmt.Sprintf("%s在 %d 个工作日内%s", again, haoban.ObstacleResolveDays, v.Status.Name())
	case v.Status.Closed():
		return fmt.Sprintf("%s超过 %d 个工作日才%s", again, haoban.ObstacleResolveDays, v.Status.Name())
	case v.Status == haoban.ObstacleReceived && lateClock(v.Accept):
		return "超过 1 个工作日仍未受理"
	case v.Status == haoban.ObstacleReceived:
		return "待受理"
	case lateClock(v.Resolve):
		return "尚未解决，已超期" + again
	case v.Resolve != nil:
		return fmt.Sprintf("办理中%s，剩余 %d 个工作日", again, v.Resolve.Remaining)
	}
	return "办理中" + again
}
