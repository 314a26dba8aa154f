package app

import (
	"context"

	"haoban"
)

// figureSources are the figures read from the optional sources for one
// scope; nil: not measured.
type figureSources struct {
	ratings   *haoban.RatingFigures
	obstacles *haoban.ObstacleFigures
	help      *haoban.HelpStats
	assistant *haoban.AssistantStats
}

// read reads the optional sources over q; withConversations also reads the
// help desk's and 小申's, which are computed once for every row.
func (o *Operations) read(ctx context.Context, r Request, q haoban.FigureQuery, withConversations bool) (figureSources, error) {
	var s figureSources
	if o.Ratings != nil {
		f, err := o.Ratings.Figures(ctx, q)
		if err != nil {
			return s, err
		}
		s.ratings = &f
	}
	if o.Obstacles != nil {
		f, err := o.Obstacles.Figures(ctx, q)
		if err != nil {
			return s, err
		}
		s.obstacles = &f
	}
	if !withConversations {
		return s, nil
	}
	if o.Help != nil {
		st, err := o.Help.Stats(ctx, r, q.From, q.To)
		if err != nil {
			return s, err
		}
		s.help = &st
	}
	// 小申 answers the whole city: its figure has no department or item.
	if o.Assistant != nil && q.Department == "" && q.Item == "" {
		st, err := o.Assistant.Stats(ctx, r, q.From, q.To)
		if err != nil {
			return s, err
		}
		s.assistant = &st
	}
	return s, nil
}

// Figure definitions: what each figure counts, shown beside it.
var figureDefs = map[string]haoban.Figure{
	FigurePrefill: {Name: "申报预填比例", Unit: "ratio", Target: 0.70, Higher: true, Drill: true,
		Definition: "每件办件提交时由数据源预填的字段数 ÷ 表单字段总数，对统计期内提交且记录了预填比例的办件（含重新提交的）取平均"},
	FigureFirstPass: {Name: "首办成功率", Unit: "ratio", Target: 0.90, Higher: true, Drill: true,
		Definition: "统计期内提交的申请（按申请计，不予受理后重新提交的只看首次提交），首次提交即受理且从未被要求补正的 ÷ 已受理或不予受理的；受理前撤回的和从未提交的草稿不计入"},
	FigureApplyMinutes: {Name: "平均申请时长", Unit: "minutes", Target: 20, Higher: false, Drill: true,
		Definition: "从草稿首次保存到提交的分钟数，对统计期内各申请的首次提交取平均，并给出第 90 百分位（线性插值）；不经草稿直接提交的办件不计入"},
	FigureOnTime: {Name: "承诺时限办结率", Unit: "ratio", Target: 1, Higher: true, Drill: true,
		Definition: "统计期内作出决定的审查任务中，在承诺时限内（按工作日，不计补正和法定除外的期间）作出决定的 ÷ 作出决定的任务"},
	FigureOnline: {Name: "网办率", Unit: "ratio", Target: 0.85, Higher: true, Drill: true,
		Definition: "统计期内网上办理和移动端提交的办件 ÷ 全部提交的办件（含窗口代为录入的和重新提交的）"},
	FigureHelpResolution: {Name: "线上人工帮办解决率", Unit: "ratio", Target: 0.90, Higher: true,
		Definition: "统计期内发起的帮办对话中，申请人确认已解决的 ÷ 已结束的对话"},
	FigureHelpFirstMinute: {Name: "帮办 1 分钟响应率", Unit: "ratio", Target: 0.90, Higher: true,
		Definition: "统计期内已接手的帮办对话中，服务时间内 60 秒以内首次回复的 ÷ 已接手的对话"},
	FigureAssistant: {Name: "小申解决率", Unit: "ratio", Target: 0.80, Higher: true,
		Definition: "统计期内向小申提出的问题中，小申依据知识库作答、未转人工的 ÷ 全部问题（全市，不分部门）"},
	FigureRatingGood: {Name: "好评率", Unit: "ratio", Target: 0.95, Higher: true, Drill: true,
		Definition: "统计期内的评价中，非常满意、满意、基本满意的 ÷ 计入的评价（申诉成立而排除的不计入）"},
	FigureRectification: {Name: "差评整改率", Unit: "ratio", Target: 1, Higher: true, Drill: true,
		Definition: "统计期内的差评（不满意、非常不满意）中，已整改并回访申请人的 ÷ 全部差评"},
	FigureObstaclesOnTime: {Name: "办不成事按时解决率", Unit: "ratio", Target: 1, Higher: true, Drill: true,
		Definition: "统计期内收到的办不成事反映中，5 个工作日内解决或说明理由的 ÷ 收到的反映"},
}

// FigureKeys are the figures in dashboard order.
var FigureKeys = []string{FigurePrefill, FigureFirstPass, FigureApplyMinutes, FigureOnTime, FigureOnline,
	FigureHelpResolution, FigureHelpFirstMinute, FigureAssistant, FigureRatingGood, FigureRectification, FigureObstaclesOnTime}

// figures computes every figure of one scope from its counters and the
// sources read for it; dept and item pick the help desk's row.
func (s figureSources) figures(c haoban.CaseFigureCounts, dept, item string) []haoban.Figure {
	out := make([]haoban.Figure, 0, len(FigureKeys))
	add := func(key string, num, den float64) *haoban.Figure {
		f := figureDefs[key]
		f.Key, f.Numerator, f.Denominator = key, num, den
		if den > 0 {
			f.Value = num / den
		}
		f.State = state(f)
		out = append(out, f)
		return &out[len(out)-1]
	}
	add(FigurePrefill, c.PrefillSum, float64(c.Prefilled))
	add(FigureFirstPass, float64(c.FirstPass), float64(c.Judged))
	if f := add(FigureApplyMinutes, c.ApplySeconds/60, float64(c.Applied)); c.Applied > 0 {
		p90 := c.ApplyP90 / 60
		f.P90 = &p90
	}
	add(FigureOnTime, float64(c.OnTime), float64(c.Decided))
	add(FigureOnline, float64(c.Online), float64(c.Cases))
	if row, ok := s.helpRow(dept, item); ok {
		add(FigureHelpResolution, float64(row.Resolved), float64(row.Ended))
		add(FigureHelpFirstMinute, float64(roundCount(row.WithinTarget, row.Answered)), float64(row.Answered))
	} else {
		add(FigureHelpResolution, 0, 0)
		add(FigureHelpFirstMinute, 0, 0)
	}
	if a := s.assistant; a != nil {
		add(FigureAssistant, float64(a.Answered), float64(a.Questions))
	} else {
		add(FigureAssistant, 0, 0)
	}
	if r := s.ratings; r != nil {
		add(FigureRatingGood, float64(r.Levels[2]+r.Levels[3]+r.Levels[4]), float64(r.Total))
		add(FigureRectification, float64(r.Rectified), float64(r.Bad))
	} else {
		add(FigureRatingGood, 0, 0)
		add(FigureRectification, 0, 0)
	}
	if b := s.obstacles; b != nil {
		add(FigureObstaclesOnTime, float64(b.ResolvedOnTime), float64(b.Received))
	} else {
		add(FigureObstaclesOnTime, 0, 0)
	}
	return out
}

// helpRow is the help desk's figures for the scope: the item's, else the
// department's, else the whole desk's.
func (s figureSources) helpRow(dept, item string) (haoban.HelpStatsRow, bool) {
	if s.help == nil {
		return haoban.HelpStatsRow{}, false
	}
	pick := func(rows []haoban.HelpStatsRow, key string) (haoban.HelpStatsRow, bool) {
		for _, r := range rows {
			if r.Key == key {
				return r, true
			}
		}
		return haoban.HelpStatsRow{}, false
	}
	switch {
	case item != "":
		return pick(s.help.Items, item)
	case dept != "":
		return pick(s.help.Departments, dept)
	}
	return s.help.Total, true
}

// roundCount turns a share of n back into the count it was computed from.
func roundCount(share float64, n int) int { return int(share*float64(n) + 0.5) }

// state is how a figure stands against its target: on it when it reaches
// it; near within 5 percentage points of a ratio target or 10% of a
// minutes target; unmeasured with nothing to measure. (1e-9 absorbs the
// rounding of a mean of ratios.)
func state(f haoban.Figure) haoban.FigureState {
	switch {
	case f.Denominator == 0:
		return haoban.FigureUnmeasured
	case f.Higher && f.Value >= f.Target-1e-9, !f.Higher && f.Value <= f.Target+1e-9:
		return haoban.FigureOnTarget
	case f.Higher && f.Value >= f.Target-0.05-1e-9, !f.Higher && f.Value <= f.Target*1.1+1e-9:
		return haoban.FigureNearTarget
	}
	return haoban.FigureOffTarget
}
