package web

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"haoban"
)

// weightsView is the evaluation's published weights with, after a refused
// form, what was typed and what is wrong, by control id ("weight-<figure>").
type weightsView struct {
	Weights []haoban.FigureWeight
	Names   map[string]string
	Form    map[string]string
	Invalid map[string]string
	CanEdit bool
}

// Typed is the weight as typed, or as published.
func (w *weightsView) Typed(f haoban.FigureWeight) string {
	if s, ok := w.Form["weight-"+f.Figure]; ok {
		return s
	}
	return trimNumber(f.Weight)
}

// Name is a figure's name.
func (w *weightsView) Name(key string) string {
	if n := w.Names[key]; n != "" {
		return n
	}
	return key
}

var weightsSaved = map[string]string{"1": "权重已发布，部门考评即按新权重计算。"}

func (p *Pages) operationWeightsPage(c *fiber.Ctx) error {
	return p.showWeights(c, nil, nil)
}

// showWeights renders the weights; with cause, the refusal of the form
// whose values form holds by control id.
func (p *Pages) showWeights(c *fiber.Ctx, form map[string]string, cause error) error {
	ctx := c.UserContext()
	r := request(ctx)
	ws, names, err := p.App.Scores.Weights(ctx, r)
	if err != nil {
		return err
	}
	ok, _ := p.Authz.Allow(r.User, r.User.Department, "operations", "weigh")
	v := &weightsView{Weights: ws, Names: names, Form: form, Invalid: map[string]string{}, CanEdit: ok}
	data := pageData{Title: "考评权重", Notice: weightsSaved[c.Query("saved")], Operations: &operationsPage{Weights: v}}
	if cause != nil {
		fields := make([]string, 0, len(ws))
		for _, w := range ws {
			fields = append(fields, "weight-"+w.Figure)
		}
		refuse(c, &data, v.Invalid, cause, "", fields...)
	}
	return p.render(c, "operation_weights", data)
}

// saveWeightsForm publishes the weights typed, one per figure.
func (p *Pages) saveWeightsForm(c *fiber.Ctx) error {
	ctx := c.UserContext()
	typed := map[string]string{}
	c.Request().PostArgs().VisitAll(func(k, v []byte) {
		if key, ok := strings.CutPrefix(string(k), "weight-"); ok {
			typed[key] = strings.TrimSpace(string(v))
		}
	})
	if _, err := p.App.Scores.SaveWeights(ctx, request(ctx), typed); err != nil {
		form := map[string]string{}
		for k, v := range typed {
			form["weight-"+k] = v
		}
		return p.showWeights(c, form, err)
	}
	return c.Redirect("/admin/operations/weights?saved=1", fiber.StatusSeeOther)
}
