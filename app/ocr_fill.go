package app

import (
	"context"
	"encoding/json"
	"regexp"
	"slices"
	"time"

	"haoban"
	"haoban/document"
	"haoban/rules"
)

// Filling the form from scans (证件识别): OCR reads an uploaded ID card or
// business licence (Materials.readScan). What it read is offered for the
// form fields the department's review points compare it with, and only
// the applicant's acceptance writes it into the form, each value marked as
// read from the scan.

// ScanStore keeps what drafts accepted from scans, and the review points
// that pair a scan's fields with the form's (postgres.Store).
type ScanStore interface {
	AcceptScanned(ctx context.Context, draftID string, form map[string]any, scanned any, at time.Time, meta haoban.AuditEntry) error
	DraftScanned(ctx context.Context, draftID string) (json.RawMessage, error)
	ListRules(ctx context.Context, items []string) ([]rules.Rule, error)
}

// ScanSourceName is how a page names the source of a value accepted from a
// scan.
const ScanSourceName = "证件识别"

// ScanValue is one value a scan offers for a form field.
type ScanValue struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	Value string `json:"value"`
	// Current is the form's value now (nil: empty); Same says the scan
	// reads what the form already has.
	Current any  `json:"current,omitempty"`
	Same    bool `json:"same"`
}

// ScanOffer is what one uploaded scan offers to fill.
type ScanOffer struct {
	Material string      `json:"material"` // the material's code
	Name     string      `json:"name"`     // 法定代表人身份证件
	FileName string      `json:"file_name"`
	Values   []ScanValue `json:"values"`
}

// Differs reports whether accepting the offer would change the form.
func (o ScanOffer) Differs() bool {
	return slices.ContainsFunc(o.Values, func(v ScanValue) bool { return !v.Same })
}

// Scanned is where a value accepted from a scan came from.
type Scanned struct {
	Value    any       `json:"value"`
	Material string    `json:"material"` // the material's code
	Upload   string    `json:"upload"`   // the upload's ID
	At       time.Time `json:"at"`
}

// ScanReadings are what a draft's scans offer and what it accepted.
type ScanReadings struct {
	Offers   []ScanOffer        `json:"offers"`
	Accepted map[string]Scanned `json:"accepted"`
}

// AcceptScan names the scan whose reading the applicant accepts.
type AcceptScan struct {
	Material string   `json:"material" minLength:"1" maxLength:"100" doc:"上传了证件扫描件的材料编码"`
	Keys     []string `json:"keys,omitempty" maxItems:"50" doc:"只填入这些字段；省略则填入识别出的全部字段"`
}

// Scans are what the draft's scans offer to fill and what was accepted.
func (s *Drafts) Scans(ctx context.Context, r Request, id string) (ScanReadings, error) {
	d, b, err := s.Own(ctx, r, id)
	if err != nil {
		return ScanReadings{}, err
	}
	return s.readings(ctx, b, d)
}

// AcceptScan fills the form with what one scan read, as the applicant
// accepted it.
func (s *Drafts) AcceptScan(ctx context.Context, r Request, id string, in AcceptScan) (haoban.Draft, error) {
	if err := validate(in, ""); err != nil {
		return haoban.Draft{}, err
	}
	d, b, err := s.Own(ctx, r, id)
	if err != nil {
		return d, err
	}
	if d.SubmittedAt != nil {
		return d, haoban.Errorf(haoban.ECONFLICT, "申请草稿已提交，不能再修改")
	}
	got, err := s.readings(ctx, b, d)
	if err != nil {
		return d, err
	}
	i := slices.IndexFunc(got.Offers, func(o ScanOffer) bool { return o.Material == in.Material })
	if i < 0 {
		return d, haoban.FieldErrorf(haoban.EUNPROCESSABLE, "materials."+in.Material, "这份材料没有可填入申请表的识别结果")
	}
	offer, at := got.Offers[i], now(s.Time).UTC()
	upload := lastUpload(d, offer.Material)
	form, scanned := map[string]any{}, map[string]Scanned{}
	for _, v := range offer.Values {
		if len(in.Keys) == 0 || slices.Contains(in.Keys, v.Key) {
			form[v.Key] = v.Value
			scanned[v.Key] = Scanned{Value: v.Value, Material: offer.Material, Upload: upload.ID, At: at}
		}
	}
	for _, k := range in.Keys {
		if _, ok := form[k]; !ok {
			return d, haoban.FieldErrorf(haoban.EUNPROCESSABLE, "body.keys", "「%s」不是这份扫描件识别出的字段", k)
		}
	}
	if err := b.ValidateValues(form); err != nil {
		return d, err
	}
	if err := s.Scanned.AcceptScanned(ctx, d.ID, form, scanned, at, r.audit("", at)); err != nil {
		return d, err
	}
	return s.Store.FindDraft(ctx, d.ID)
}

// readings pairs the draft's scans with the form fields and reads what it
// accepted before.
func (s *Drafts) readings(ctx context.Context, b haoban.Bundle, d haoban.Draft) (ScanReadings, error) {
	out := ScanReadings{Offers: []ScanOffer{}, Accepted: map[string]Scanned{}}
	if s.Scanned == nil {
		return out, nil
	}
	codes := make([]string, len(b.Items))
	for i, it := range b.Items {
		codes[i] = it.Code
	}
	list, err := s.Scanned.ListRules(ctx, codes)
	if err != nil {
		return out, err
	}
	out.Offers = offers(b, d, scanPairs(list, now(s.Time)))
	raw, err := s.Scanned.DraftScanned(ctx, d.ID)
	if err != nil {
		return out, err
	}
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &out.Accepted); err != nil {
			return out, err
		}
	}
	return out, nil
}

// scanPair says a form field is compared with a field read from a scan.
type scanPair struct{ material, read, field string }

// matchesCall is the review points' matches(field, "material.key"): the
// department's own statement of which form field a scan's reading shows,
// so the same pairing decides what the reading may fill.
var matchesCall = regexp.MustCompile(`matches\(\s*"([^"]+)"\s*,\s*"([^".]+)\.([^"]+)"\s*\)`)

// scanPairs are the pairings the review points in force today make, each
// once, in rule order.
func scanPairs(list []rules.Rule, today time.Time) []scanPair {
	var out []scanPair
	for _, r := range list {
		if !r.AppliesOn(today) {
			continue
		}
		for _, m := range matchesCall.FindAllStringSubmatch(r.Expression, -1) {
			p := scanPair{material: m[2], read: m[3], field: m[1]}
			if !slices.Contains(out, p) {
				out = append(out, p)
			}
		}
	}
	return out
}

// offers are the values the draft's scans read for the fields paired with
// them, in the form's field order. A value the field would refuse is not
// offered; nor is an address, which must come from the address library.
func offers(b haoban.Bundle, d haoban.Draft, pairs []scanPair) []ScanOffer {
	out := []ScanOffer{}
	for _, m := range b.Materials() {
		up := lastUpload(d, m.Code)
		if m.OCR == "" || len(up.Fields) == 0 {
			continue
		}
		o := ScanOffer{Material: m.Code, Name: m.Name, FileName: up.FileName}
		for _, f := range b.Fields() {
			i := slices.IndexFunc(pairs, func(p scanPair) bool { return p.material == m.Code && p.field == f.Key })
			if i < 0 || f.Type == haoban.FieldAddress {
				continue
			}
			v := up.Fields[pairs[i].read]
			if v == "" || b.ValidateValues(map[string]any{f.Key: v}) != nil {
				continue
			}
			cur := d.Form[f.Key]
			o.Values = append(o.Values, ScanValue{Key: f.Key, Label: f.Label, Value: v, Current: cur,
				Same: document.FormText(cur) == v})
		}
		if len(o.Values) > 0 {
			out = append(out, o)
		}
	}
	return out
}

// lastUpload is the draft's newest upload of a material (zero if none).
func lastUpload(d haoban.Draft, code string) haoban.CaseMaterial {
	var up haoban.CaseMaterial
	for _, m := range d.Materials {
		if m.Code == code {
			up = m
		}
	}
	return up
}

// layScans shows on the draft's page what its scans offer, and names the
// scan as the source of each accepted value the form still has.
func (s *Drafts) layScans(ctx context.Context, p *DraftPage) error {
	got, err := s.readings(ctx, p.Bundle, p.Draft)
	if err != nil {
		return err
	}
	p.ScanOffers = map[string]*ScanOffer{}
	for i := range got.Offers {
		p.ScanOffers[got.Offers[i].Material] = &got.Offers[i]
	}
	for i := range p.Sections {
		for j := range p.Sections[i].Fields {
			f := &p.Sections[i].Fields[j]
			if sc, ok := got.Accepted[f.Key]; ok && f.Filled() && document.FormText(f.Value) == document.FormText(sc.Value) {
				f.SourceName, f.AsOf = ScanSourceName, sc.At
			}
		}
	}
	return nil
}
