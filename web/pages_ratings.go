package web

import (
	"context"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"haoban"
	"haoban/app"
)

// 好差评's pages for the person (issue 19): the rating forms on the case
// page, the rating's own page with its rectification and the answer.

// ratingsPage is what the 好差评 pages show; each page fills its part.
type ratingsPage struct {
	Forms []ratingForm
	Given []app.RatingSlot // the case page: what was rated already
	View  *app.RatingView
	// Invalid holds each control's problem and Form what was typed, by
	// control id, after a refused form.
	Invalid map[string]string
	Form    map[string]string
	List    *app.RatingList
	Rect    *app.RectificationView
	Appeals *app.AppealList
}

// ratingForm is one rating form: its indicators as 5-level radio groups.
// Suffix tells a page's several forms' controls apart.
type ratingForm struct {
	Target     haoban.RatingTarget
	Case, Ref  string
	Name       string
	Suffix     string
	Indicators []haoban.Indicator
	Levels     []haoban.RatingLevel
	Values     map[string]int
	Comment    string
	Anonymous  bool
	Invalid    map[string]string
	CSRF       string
}

// caseRatings is the case page's part: a form for each thing the
// applicant may rate and has not, and links to the ratings given.
func (p *Pages) caseRatings(ctx context.Context, v app.CaseView, csrf string) *ratingsPage {
	if p.App.Ratings == nil {
		return nil
	}
	r := request(ctx)
	cr, err := p.App.Ratings.OfCase(ctx, r, v.Case)
	if err != nil || len(cr.Targets) == 0 {
		return nil
	}
	out := &ratingsPage{}
	for _, t := range cr.Targets {
		if t.Given != nil {
			out.Given = append(out.Given, t)
			continue
		}
		out.Forms = append(out.Forms, ratingForm{Target: t.Target, Case: v.ID, Ref: t.Ref, Name: t.Name, Suffix: "-" + t.Ref,
			Indicators: cr.Indicators, Levels: cr.Levels, Values: map[string]int{}, CSRF: csrf})
	}
	return out
}

var ratingDone = map[string]string{
	"given":    "谢谢您的评价。7 天内可以在本页修改。",
	"answered": "已收到您的回复，谢谢。",
}

func (p *Pages) ratingPage(c *fiber.Ctx) error {
	return p.showRating(c, strings.Clone(c.Params("id")), nil, nil)
}

// showRating renders the person's rating; with cause, the refusal of the
// form in, or of the answer when in is nil.
func (p *Pages) showRating(c *fiber.Ctx, id string, in *app.RatingInput, cause error) error {
	ctx := c.UserContext()
	v := &ratingsPage{Invalid: map[string]string{}, Form: map[string]string{}}
	data := pageData{Title: "我的评价", Ratings: v, Notice: ratingDone[c.Query("done")]}
	csrf := csrfToken(c)
	if id != "" {
		rv, err := p.App.Ratings.Mine(ctx, request(ctx), id)
		if err != nil {
			return err
		}
		v.View = &rv
		if rv.CanChange && in == nil {
			vals := map[string]int{}
			for k, l := range rv.Rating.Indicators {
				vals[k] = int(l)
			}
			v.Forms = []ratingForm{{Target: rv.Target, Case: rv.Case, Ref: rv.Ref, Name: rv.Title, Values: vals, Comment: rv.Comment,
				Anonymous: rv.Anonymous, Indicators: haoban.IndicatorsFor(rv.Channel), Levels: haoban.RatingLevels, CSRF: csrf}}
		}
	}
	if in != nil {
		f := ratingForm{Target: in.Target, Case: in.Case, Ref: in.Ref, Name: "评价", Values: in.Indicators, Comment: in.Comment,
			Anonymous: in.Anonymous, Indicators: haoban.OnlineIndicators, Levels: haoban.RatingLevels, CSRF: csrf, Invalid: v.Invalid}
		if in.Case != "" {
			if cv, err := p.App.Cases.Get(ctx, request(ctx), in.Case); err == nil {
				f.Name, f.Indicators = cv.BundleName, haoban.IndicatorsFor(cv.Channel)
			}
		}
		v.Forms = []ratingForm{f}
		fields := []string{"comment", "target"}
		for _, ind := range f.Indicators {
			fields = append(fields, "indicators."+ind.Key)
		}
		refuse(c, &data, v.Invalid, cause, "", fields...)
	} else if cause != nil {
		refuse(c, &data, v.Invalid, cause, "", "words")
	}
	return p.render(c, "rating", data)
}

// giveRatingForm records a rating from the case page or changes one on
// its page; a refused one is shown on the rating page with its problems.
func (p *Pages) giveRatingForm(c *fiber.Ctx) error {
	ctx := c.UserContext()
	in := app.RatingInput{Target: haoban.RatingTarget(strings.Clone(c.FormValue("target"))), Case: strings.Clone(c.FormValue("case")),
		Ref: strings.Clone(c.FormValue("ref")), Comment: strings.Clone(c.FormValue("comment")),
		Anonymous: c.FormValue("anonymous") == "1", Indicators: map[string]int{}}
	for _, ind := range append(haoban.OnlineIndicators, haoban.WindowIndicators[1:]...) {
		if l, err := strconv.Atoi(c.FormValue("ind-" + ind.Key)); err == nil {
			in.Indicators[ind.Key] = l
		}
	}
	rt, err := p.App.Ratings.Give(ctx, request(ctx), in)
	if err != nil {
		return p.showRating(c, "", &in, err)
	}
	return c.Redirect("/ratings/"+rt.ID+"?done=given", fiber.StatusSeeOther)
}

// answerRatingForm records whether the person is satisfied with the
// rectification of their rating.
func (p *Pages) answerRatingForm(c *fiber.Ctx) error {
	ctx, id := c.UserContext(), strings.Clone(c.Params("id"))
	satisfied := strings.Clone(c.FormValue("satisfied"))
	in := app.Satisfaction{Satisfied: satisfied == "1", Words: strings.Clone(c.FormValue("words"))}
	var err error
	if satisfied != "1" && satisfied != "0" {
		err = haoban.FieldErrorf(haoban.EINVALID, "satisfied", "请选择满意或不满意")
	} else {
		_, err = p.App.Ratings.Answer(ctx, request(ctx), id, in)
	}
	if err != nil {
		v := &ratingsPage{Invalid: map[string]string{}, Form: map[string]string{"words": in.Words, "satisfied": satisfied}}
		rv, ferr := p.App.Ratings.Mine(ctx, request(ctx), id)
		if ferr != nil {
			return ferr
		}
		v.View = &rv
		data := pageData{Title: "我的评价", Ratings: v}
		refuse(c, &data, v.Invalid, err, "", "satisfied", "words")
		return p.render(c, "rating", data)
	}
	return c.Redirect("/ratings/"+id+"?done=answered", fiber.StatusSeeOther)
}
