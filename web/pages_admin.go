package web

import (
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"haoban"
	"haoban/app"
	"haoban/httpx"
)

// CalendarPage is the admin's view of the working-day calendar: the years
// loaded, those missing, and the form to import or correct one.
type CalendarPage struct {
	Years   []CalendarYearView
	Missing []int
	// The form: the year being imported, its source and its days as text.
	Year    int
	Source  string
	Days    string
	Loaded  int // the year just imported, for the confirmation
	Builtin bool
}

// CalendarYearView is a loaded year as people read it.
type CalendarYearView struct {
	Year                    int
	Source, LoadedBy, Since string
	Holidays, MakeUps       int
}

// calendarPage lists the years; ?year=N fills the form with that year's
// days as they stand, or as the built-in notice has them (&from=builtin).
func (p *Pages) calendarPage(c *fiber.Ctx) error {
	form := CalendarPage{Loaded: c.QueryInt("loaded")}
	if y := c.QueryInt("year"); y > 0 {
		form.Year = y
	}
	return p.showCalendar(c, form, nil)
}

func (p *Pages) showCalendar(c *fiber.Ctx, form CalendarPage, cause error) error {
	cal, err := p.App.Admin.Calendar(c.UserContext())
	if err != nil {
		return err
	}
	names := p.App.Glossaries.For(c.UserContext())
	form.Missing = cal.Missing
	for _, y := range cal.Years {
		v := CalendarYearView{Year: y.Year, Source: y.Source, LoadedBy: names.User(y.LoadedBy), Since: y.LoadedAt.In(haoban.Beijing).Format("2006年1月2日 15:04")}
		for _, d := range y.Days {
			if d.Work {
				v.MakeUps++
			} else {
				v.Holidays++
			}
		}
		form.Years = append(form.Years, v)
	}
	if form.Year == 0 && len(form.Missing) > 0 {
		form.Year = form.Missing[0]
	}
	if form.Year > 0 && form.Days == "" {
		text := app.CalendarTextOf(cal, form.Year, c.Query("from") == "builtin")
		form.Days, form.Source = text.Days, text.Source
	}
	form.Builtin = app.CalendarTextOf(cal, form.Year, true).Builtin
	if cause != nil {
		c.Status(httpx.Status(haoban.ErrorCode(cause)))
	}
	return p.render(c, "calendar", pageData{Title: "工作日日历", Calendar: &form, Names: names, Error: errorText(cause), Errors: haoban.ErrorDetails(cause)})
}

// loadCalendarForm imports a year through the same operation as
// PUT /api/v1/admin/calendar/{year}, after reading the text line by line.
func (p *Pages) loadCalendarForm(c *fiber.Ctx) error {
	form := CalendarPage{Source: strings.TrimSpace(strings.Clone(c.FormValue("source"))), Days: strings.Clone(c.FormValue("days"))}
	year, err := strconv.Atoi(strings.TrimSpace(c.FormValue("year")))
	if err != nil {
		return p.showCalendar(c, form, haoban.FieldErrorf(haoban.EUNPROCESSABLE, "year", "请填写年份，如 2027"))
	}
	form.Year = year
	ctx := c.UserContext()
	if _, err := p.App.Admin.LoadCalendarText(ctx, request(ctx), year, form.Source, form.Days); err != nil {
		return p.showCalendar(c, form, formFields(err))
	}
	return c.Redirect("/admin/calendar?loaded="+strconv.Itoa(year), fiber.StatusSeeOther)
}

// formFields names the API's fields (body.source, path.year) as the
// form's inputs, so the error summary links to them.
func formFields(err error) error {
	e, ok := err.(*haoban.Error)
	if !ok {
		return err
	}
	plain := func(f string) string {
		f = strings.TrimPrefix(strings.TrimPrefix(f, "body."), "path.")
		if f == "" || strings.HasPrefix(f, "days") {
			return "days"
		}
		return f
	}
	out := *e
	out.Field, out.Details = plain(e.Field), nil
	for _, d := range e.Details {
		out.Details = append(out.Details, haoban.ErrorDetail{Field: plain(d.Field), Message: d.Message})
	}
	if len(out.Details) == 0 {
		out.Details = []haoban.ErrorDetail{{Field: out.Field, Message: e.Message}}
	}
	return &out
}
