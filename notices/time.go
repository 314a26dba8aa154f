package notices

import (
	"time"

	"haoban"
)

// Date is a day in Chinese with its year, as the law's documents write
// it: 2026年3月5日, the day in Beijing.
func Date(t time.Time) string { return t.In(haoban.Beijing).Format("2006年1月2日") }

// Quiet hours, Beijing time: no SMS from 22:00 until 08:00.
const (
	quietFrom = 22
	quietTo   = 8
)

// SMSDue is when an SMS about a fact at the given time may be sent: at
// once, or, in the quiet hours, at the next 08:00 in Beijing. A legal
// notice is never held.
func SMSDue(at time.Time, legal bool) time.Time {
	b := at.In(haoban.Beijing)
	if legal || (b.Hour() >= quietTo && b.Hour() < quietFrom) {
		return at
	}
	morning := time.Date(b.Year(), b.Month(), b.Day(), quietTo, 0, 0, 0, haoban.Beijing)
	if b.Hour() >= quietFrom {
		morning = morning.AddDate(0, 0, 1)
	}
	return morning
}
