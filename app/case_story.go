package app

import (
	"fmt"
	"strings"
	"time"

	"haoban"
	"haoban/deadline"
)

// StoryEntry is one line of a case's timeline in words.
type StoryEntry struct {
	Seq  int64     `json:"seq"` // the event's, which the live page resumes from
	At   time.Time `json:"at"`
	Text string    `json:"text"`
}

// names turn the codes of one case into what people read.
type names struct {
	items map[string]string // item code → item name
	depts map[string]haoban.Department
}

func (n names) item(code string) string {
	if v, ok := n.items[code]; ok {
		return v
	}
	return "相关事项"
}

func (n names) dept(code string) string {
	if d, ok := n.depts[code]; ok && d.Name != "" {
		return d.Name
	}
	return "审查部门"
}

// internalEvents are the steps of the departments' own work: who claimed,
// was reminded or handed over a task is not part of the applicant's story.
var internalEvents = map[string]bool{
	haoban.EventTaskClaimed: true, haoban.EventTaskReassigned: true, haoban.EventTaskReleased: true,
	haoban.EventReminder: true, haoban.EventEscalated: true, haoban.EventLinkedFailed: true,
	haoban.EventPrefillChanged: true,
}

// story tells a case's timeline in words: the applicant's own story for
// them, every step (still without user IDs) for staff.
func story(c haoban.Case, n names, staff bool) []StoryEntry {
	deptOf := map[string]string{}
	for _, t := range c.Tasks {
		deptOf[t.Item] = t.Department
	}
	out := []StoryEntry{}
	for _, e := range c.Events {
		if internalEvents[e.Type] && !staff {
			continue
		}
		if text := storyText(e, n, deptOf); text != "" {
			out = append(out, StoryEntry{Seq: e.Seq, At: e.At, Text: text})
		}
	}
	return out
}

func storyText(e haoban.Event, n names, deptOf map[string]string) string {
	str := func(k string) string { s, _ := e.Detail[k].(string); return strings.TrimSpace(s) }
	item := n.item(str("item"))
	dept := n.dept(deptOf[str("item")])
	with := func(s, detail string) string {
		if detail == "" {
			return s
		}
		return s + "：" + detail
	}
	switch e.Type {
	case haoban.EventSubmitted:
		return "提交申请"
	case haoban.EventPrereviewed:
		return "系统自动完成智能预审"
	case haoban.EventNotAccepted:
		return with("不予受理", joinAny(e.Detail["reasons"]))
	case haoban.EventTaskOpened:
		return fmt.Sprintf("%s开始审查「%s」", dept, item)
	case haoban.EventTaskDecided:
		switch str("decision") {
		case string(haoban.DecisionApprove):
			return fmt.Sprintf("%s准予「%s」", dept, item)
		case string(haoban.DecisionReject):
			return with(fmt.Sprintf("%s对「%s」作出不予许可决定", dept, item), str("comment"))
		}
		return ""
	case haoban.EventSupplementRequested:
		return with(fmt.Sprintf("%s要求补正「%s」", dept, item), str("comment"))
	case haoban.EventSupplementReceived:
		return fmt.Sprintf("提交「%s」的补正", item)
	case haoban.EventDeadlineExtended:
		return with(fmt.Sprintf("「%s」的办理期限延长 %v 个工作日", item, e.Detail["days"]), str("reason"))
	case haoban.EventClockSuspended:
		return with(fmt.Sprintf("「%s」暂停计时（%s）", item, deadline.ReasonName(str("reason"))), str("note"))
	case haoban.EventClockResumed:
		return fmt.Sprintf("「%s」恢复计时", item)
	case haoban.EventTaskCancelled:
		return fmt.Sprintf("「%s」不再办理", item)
	case haoban.EventWithdrawn:
		return with("撤回申请", str("reason"))
	case haoban.EventCompleted:
		return "办结：" + haoban.Outcome(str("outcome")).Name()
	case haoban.EventLicenceIssued:
		return fmt.Sprintf("签发「%s」的电子证照，编号 %s", item, str("number"))
	case haoban.EventLinkedReissued:
		return "相关证照已随变更联动换发"
	case haoban.EventTaskClaimed:
		return fmt.Sprintf("%s受理审查「%s」", dept, item)
	case haoban.EventTaskReassigned:
		return fmt.Sprintf("%s改派「%s」的审查人员", dept, item)
	case haoban.EventTaskReleased:
		return fmt.Sprintf("「%s」退回%s待办池", item, dept)
	case haoban.EventReminder:
		return fmt.Sprintf("系统自动提醒%s办理「%s」", dept, item)
	case haoban.EventEscalated:
		return fmt.Sprintf("「%s」超期，已转督办", item)
	case haoban.EventPrefillChanged:
		return "预填数据在提交后有更新"
	case haoban.EventLinkedFailed:
		return "联动换发失败，已转督办处理"
	}
	return ""
}

// joinAny joins a list read back from JSON.
func joinAny(v any) string {
	list, _ := v.([]any)
	parts := make([]string, 0, len(list))
	for _, e := range list {
		parts = append(parts, fmt.Sprint(e))
	}
	return strings.Join(parts, "；")
}
