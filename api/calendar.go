package api

import (
	"context"

	"haoban"
	"haoban/calendar"
)

// CalendarOutput lists the loaded years of the working-day calendar.
type CalendarOutput struct {
	Body struct {
		Years []haoban.CalendarYear `json:"years"`
		// Missing names the years after the last loaded one up to next year:
		// the supervisors' board warns until an admin loads them.
		Missing []int `json:"missing"`
	}
}

func (s *Server) getCalendar(ctx context.Context, _ *struct{}) (*CalendarOutput, error) {
	years, err := s.Store.CalendarYears(ctx)
	if err != nil {
		return nil, err
	}
	out := &CalendarOutput{}
	out.Body.Years = years
	out.Body.Missing = []int{}
	loaded := map[int]bool{}
	for _, y := range years {
		loaded[y.Year] = true
	}
	now := s.now().In(calendar.Zone).Year()
	for y := now; y <= now+1; y++ {
		if !loaded[y] {
			out.Body.Missing = append(out.Body.Missing, y)
		}
	}
	return out, nil
}

// LoadYearInput is one year's holidays and make-up working days, as the
// State Council's notice (or a regional override) publishes them.
type LoadYearInput struct {
	Year int `path:"year" minimum:"2000" maximum:"2100"`
	Body struct {
		Source string         `json:"source" minLength:"1" doc:"依据，如 国办发明电〔2026〕X号"`
		Days   []calendar.Day `json:"days" doc:"放假日（work=false）与调休上班日（work=true）；其余按周一至周五"`
	}
}

func (s *Server) loadCalendarYear(ctx context.Context, in *LoadYearInput) (*CalendarOutput, error) {
	y := haoban.CalendarYear{Year: in.Year, Source: in.Body.Source, LoadedAt: s.now().UTC(),
		LoadedBy: userFrom(ctx).ID, Days: in.Body.Days}
	if err := s.Store.ReplaceCalendarYear(ctx, y, s.auditEntry(ctx, "")); err != nil {
		return nil, err
	}
	return s.getCalendar(ctx, nil)
}
