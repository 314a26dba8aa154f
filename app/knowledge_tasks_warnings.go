package app

import (
	"context"
	"errors"
	"fmt"
	"time"

	"haoban"
	"haoban/calendar"
)

// publicationLookahead is how far ahead versions are read before the
// working-day test: wide enough to reach past the longest holiday, so a
// version taking effect after 国庆 is warned about before it starts.
const publicationLookahead = 15 * 24 * time.Hour

// PublicationWarnings lists the catalogue and policy versions of
// department ("": all) that take effect in less than one working day
// while the knowledge base holds no published entry written for them:
// the knowledge base must be updated one working day before a new policy
// takes effect.
func (k *KnowledgeTasks) PublicationWarnings(ctx context.Context, department string) ([]PublicationWarning, error) {
	out := []PublicationWarning{}
	at := now(k.Time)
	cal, err := k.Store.Calendar(ctx)
	if err != nil {
		return out, err
	}
	versions, err := k.Store.UpcomingVersions(ctx, at, at.Add(publicationLookahead))
	if err != nil {
		return out, err
	}
	names, err := k.Store.DepartmentNames(ctx)
	if err != nil {
		return out, err
	}
	for _, v := range versions {
		if department != "" && v.Department != department {
			continue
		}
		soon, err := lessThanAWorkingDay(cal, at, v.EffectiveFrom)
		if err != nil {
			return out, err
		} else if !soon {
			continue
		}
		ok, err := k.Store.KnowledgePublished(ctx, v.Kind, v.Ref, v.Version)
		if err != nil {
			return out, err
		} else if ok {
			continue
		}
		what := "一件事"
		if v.Kind == haoban.KnowledgePolicy {
			what = "政策"
		}
		w := PublicationWarning{UpcomingVersion: v, Message: fmt.Sprintf("%s「%s」第 %d 版将于 %s 施行，知识库条目尚未发布（应在施行前 1 个工作日更新）",
			what, v.Name, v.Version, v.EffectiveFrom.In(calendar.Zone).Format("2006年1月2日 15:04"))}
		if v.Department != "" {
			w.DepartmentName = nameOfDepartment(names, v.Department)
		}
		out = append(out, w)
	}
	return out, nil
}

// lessThanAWorkingDay reports whether fewer than one whole working day
// lies between at's date and the day effective falls on. A year whose
// holidays nobody has loaded cannot be counted: the warning is raised
// rather than missed.
func lessThanAWorkingDay(cal *calendar.Calendar, at, effective time.Time) (bool, error) {
	n, err := cal.WorkingDaysBetween(at, effective.Add(-time.Nanosecond))
	var noData *calendar.NoDataError
	if errors.As(err, &noData) {
		return true, nil
	} else if err != nil {
		return false, err
	}
	return n < 1, nil
}
