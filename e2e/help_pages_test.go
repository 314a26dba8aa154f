package e2e_test

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"haoban"
)

// TestHelpPages: the applicant asks through the form (an empty question is
// refused with a summary linking to the field), the 市场监管 helper
// answers from the desk and ends; the applicant confirms and rates; the
// supervisor's board highlights a question waiting over 60 service
// seconds, and the statistics page shows the figures of these
// conversations. Another applicant and a helper without the skill cannot
// open the conversation.
func TestHelpPages(t *testing.T) {
	s := startSystem(t)
	wednesday := time.Date(2026, 4, 8, 10, 0, 0, 0, haoban.Beijing)
	s.clock.Set(wednesday)
	helper := s.browse(t, "helper-samr")
	if page := helper.post("/helper/availability", url.Values{"available": {"1"}}, 200); !strings.Contains(page, "当前状态：接待中") {
		t.Fatalf("desk after starting: %.300s", stripTags(page))
	}
	zhang := s.browse(t, "zhang-wei")
	form := zhang.get("/help/new?item=food-licence", 200)
	key := field(t, form, "key")
	postForm(t, zhang, "/help/new", url.Values{"key": {key}, "item": {"food-licence"}, "question": {"  "}}, 400)

	chat := zhang.post("/help/new", url.Values{"key": {key}, "item": {"food-licence"}, "question": {"食品经营许可证要现场核查吗？"}}, 200)
	m := regexp.MustCompile(`data-conversation="([^"]+)"`).FindStringSubmatch(chat)
	if m == nil {
		t.Fatalf("no chat after asking: %.500s", stripTags(chat))
	}
	id := m[1]
	if text := stripTags(chat); !strings.Contains(text, "食品经营许可证要现场核查吗？") || !strings.Contains(text, "沈晓（市场监管帮办）") ||
		!strings.Contains(text, "食品经营许可证") || strings.Contains(text, "food-licence") {
		t.Fatalf("chat page: %.600s", text)
	}

	t.Run("HandoffFromAssistantOnce", func(t *testing.T) {
		// 小申's button posts the question and the transcript, without a key.
		handoff := url.Values{"question": {"我想在家里开网店要办什么？"}, "bundle": {"open-restaurant"},
			"transcript": {`[{"from":"applicant","text":"我想在家里开网店要办什么？","at":"2026-04-08T02:00:00Z"},{"from":"assistant","text":"这个问题我不太确定。","at":"2026-04-08T02:00:01Z"}]`}}
		first := regexp.MustCompile(`data-conversation="([^"]+)"`).FindStringSubmatch(zhang.post("/help/new", handoff, 200))
		again := regexp.MustCompile(`data-conversation="([^"]+)"`).FindStringSubmatch(zhang.post("/help/new", handoff, 200))
		if first == nil || again == nil || first[1] != again[1] {
			t.Fatalf("two clicks opened %v and %v", first, again)
		}
		page := stripTags(s.browse(t, "helper-centre").get("/helper/conversations/"+first[1], 200))
		if !strings.Contains(page, "转人工前与小申的对话") || !strings.Contains(page, "这个问题我不太确定。") {
			t.Fatalf("helper's chat lacks the transcript: %.600s", page)
		}
	})

	t.Run("ErrAccess", func(t *testing.T) {
		s.browse(t, "li-na").get("/help/"+id, 404)
		s.browse(t, "helper-health").get("/helper/conversations/"+id, 403)
		zhang.get("/helper", 403)
		helper.get("/staff/help", 403)
	})

	desk := helper.get("/helper", 200)
	if !strings.Contains(desk, "/helper/conversations/"+id) {
		t.Fatalf("desk lacks the conversation: %.500s", stripTags(desk))
	}
	s.clock.Set(wednesday.Add(30 * time.Second))
	answered := helper.post("/help/"+id+"/messages", url.Values{"key": {"r1"}, "text": {"需要，市场监管部门会在 5 个工作日内安排核查。"}}, 200)
	if text := stripTags(answered); !strings.Contains(text, "安排核查") || !strings.Contains(text, "首次响应") {
		t.Fatalf("helper's chat after replying: %.600s", text)
	}
	ended := helper.post("/helper/conversations/"+id+"/end", url.Values{"outcome": {"resolved"}}, 200)
	if !strings.Contains(stripTags(ended), "对话已结束，等待群众确认") {
		t.Fatalf("after ending: %.400s", stripTags(ended))
	}

	page := zhang.get("/help/"+id, 200)
	if !strings.Contains(page, `action="/help/`+id+`/confirm"`) || !strings.Contains(stripTags(page), "安排核查") {
		t.Fatalf("applicant's chat lacks the reply or the confirmation: %.600s", stripTags(page))
	}
	rate := zhang.post("/help/"+id+"/confirm", url.Values{"resolved": {"1"}}, 200)
	if !strings.Contains(rate, `action="/help/`+id+`/rating"`) {
		t.Fatalf("no rating form: %.400s", stripTags(rate))
	}
	if done := zhang.post("/help/"+id+"/rating", url.Values{"rating": {"5"}, "comment": {"讲得很清楚"}}, 200); !strings.Contains(stripTags(done), "您的评价：5 星") {
		t.Fatalf("after rating: %.400s", stripTags(done))
	}

	// Nobody is available for a question naming no department; 62 service seconds later
	// the board marks it.
	if err := s.store.SetHelperAvailable(context.Background(), "helper-samr", false, wednesday); err != nil {
		t.Fatal(err)
	}
	s.clock.Set(wednesday.Add(time.Hour))
	li := s.browse(t, "li-na")
	li.post("/help/new", url.Values{"key": {"k2"}, "question": {"居住证怎么续签？"}}, 200)
	s.clock.Set(wednesday.Add(time.Hour + 62*time.Second))
	boss := s.browse(t, "supervisor")
	board := boss.get("/staff/help?fragment=1", 200)
	if !strings.Contains(board, "help-breach") || !strings.Contains(stripTags(board), "居住证怎么续签？") || !strings.Contains(board, "超时") {
		t.Fatalf("board: %.600s", stripTags(board))
	}
	stats := stripTags(boss.get("/stats?from=2026-04-08&to=2026-04-08", 200))
	if !strings.Contains(stats, "沈晓（市场监管帮办）") || !strings.Contains(stats, "100%") || !strings.Contains(stats, "食品经营许可证") {
		t.Fatalf("stats page lacks the help figures: %s", stats[strings.Index(stats, "人工帮办"):])
	}
}
