package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"haoban"
	"haoban/calendar"
)

// SeedCalendar loads the built-in years that are not in the table yet; it
// never overwrites a year an admin has loaded or edited.
func (s *Store) SeedCalendar(ctx context.Context) error {
	for _, y := range calendar.BuiltinYears {
		err := s.inTx(ctx, func(tx pgx.Tx) error {
			tag, err := tx.Exec(ctx, `INSERT INTO calendar_years (year, source, loaded_at, loaded_by)
				VALUES ($1, 'lunar-go（国务院办公厅放假安排通知）', now(), 'system') ON CONFLICT DO NOTHING`, y)
			if err != nil || tag.RowsAffected() == 0 {
				return err
			}
			return insertDays(ctx, tx, calendar.Builtin(y))
		})
		if err != nil {
			return fmt.Errorf("seed calendar %d: %w", y, err)
		}
	}
	return nil
}

func insertDays(ctx context.Context, tx pgx.Tx, days []calendar.Day) error {
	for _, d := range days {
		if _, err := tx.Exec(ctx, `INSERT INTO calendar_days (date, name, work) VALUES ($1, $2, $3)`, d.Date, d.Name, d.Work); err != nil {
			return fmt.Errorf("insert calendar day %s: %w", d.Date, err)
		}
	}
	return nil
}

// ReplaceCalendarYear loads or corrects a year's holidays (the State
// Council's notice, or a regional override) and audits it.
func (s *Store) ReplaceCalendarYear(ctx context.Context, y haoban.CalendarYear, meta haoban.AuditEntry) error {
	if _, err := calendar.New([]int{y.Year}, y.Days); err != nil {
		return haoban.FieldErrorf(haoban.EUNPROCESSABLE, "body.days", "%v", err)
	}
	defer s.calendars.Clear()
	return s.inTx(ctx, func(tx pgx.Tx) error {
		var before int
		_ = tx.QueryRow(ctx, `SELECT count(*) FROM calendar_days WHERE extract(year FROM date) = $1`, y.Year).Scan(&before)
		if _, err := tx.Exec(ctx, `DELETE FROM calendar_days WHERE extract(year FROM date) = $1`, y.Year); err != nil {
			return fmt.Errorf("clear calendar %d: %w", y.Year, err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO calendar_years (year, source, loaded_at, loaded_by) VALUES ($1, $2, $3, $4)
			ON CONFLICT (year) DO UPDATE SET source = EXCLUDED.source, loaded_at = EXCLUDED.loaded_at, loaded_by = EXCLUDED.loaded_by`,
			y.Year, y.Source, y.LoadedAt, y.LoadedBy); err != nil {
			return fmt.Errorf("record calendar %d: %w", y.Year, err)
		}
		if err := insertDays(ctx, tx, y.Days); err != nil {
			return err
		}
		meta.Action, meta.Target = "calendar_loaded", fmt.Sprintf("calendar/%d", y.Year)
		meta.Before = Summary(map[string]int{"days": before})
		meta.After = Summary(map[string]any{"days": len(y.Days), "source": y.Source})
		return appendAudit(ctx, tx, meta)
	})
}

// CalendarYears lists the loaded years with their days.
func (s *Store) CalendarYears(ctx context.Context) ([]haoban.CalendarYear, error) {
	rows, err := s.pool.Query(ctx, `SELECT year, source, loaded_at, loaded_by FROM calendar_years ORDER BY year`)
	if err != nil {
		return nil, fmt.Errorf("list calendar years: %w", err)
	}
	years, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (haoban.CalendarYear, error) {
		var y haoban.CalendarYear
		err := r.Scan(&y.Year, &y.Source, &y.LoadedAt, &y.LoadedBy)
		return y, err
	})
	if err != nil {
		return nil, err
	}
	rows, err = s.pool.Query(ctx, `SELECT to_char(date, 'YYYY-MM-DD'), name, work FROM calendar_days ORDER BY date`)
	if err != nil {
		return nil, fmt.Errorf("list calendar days: %w", err)
	}
	days, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (calendar.Day, error) {
		var d calendar.Day
		err := r.Scan(&d.Date, &d.Name, &d.Work)
		return d, err
	})
	if err != nil {
		return nil, err
	}
	for i := range years {
		prefix := fmt.Sprintf("%d-", years[i].Year)
		for _, d := range days {
			if d.Date[:5] == prefix {
				years[i].Days = append(years[i].Days, d)
			}
		}
	}
	return years, nil
}

// Calendar returns the calendar in force. Clocks are read on every case
// view and planned on every workflow step, and a calendar changes a few
// times a year: it is kept for a minute, so a change reaches every
// instance within the minute.
func (s *Store) Calendar(ctx context.Context) (*calendar.Calendar, error) {
	if cal, ok := s.calendars.Get(struct{}{}); ok {
		return cal, nil
	}
	cal, err := s.loadCalendar(ctx)
	if err != nil {
		return nil, err
	}
	s.calendars.Put(struct{}{}, cal)
	return cal, nil
}

// loadCalendar builds the calendar from the table.
func (s *Store) loadCalendar(ctx context.Context) (*calendar.Calendar, error) {
	years, err := s.CalendarYears(ctx)
	if err != nil {
		return nil, err
	}
	var ys []int
	var days []calendar.Day
	for _, y := range years {
		ys = append(ys, y.Year)
		days = append(days, y.Days...)
	}
	return calendar.New(ys, days)
}
