package app_test

import (
	"context"
	"encoding/json"
	"maps"
	"testing"
	"time"

	"haoban"
	"haoban/app"
	"haoban/demo"
	"haoban/rules"
)

// scanned keeps what drafts accepted from scans beside the fake store.
type scanned struct {
	*store
	accepted map[string]map[string]any
}

func (s *scanned) AcceptScanned(_ context.Context, id string, form map[string]any, prov any, _ time.Time, meta haoban.AuditEntry) error {
	d := s.drafts[id]
	if d.SubmittedAt != nil {
		return haoban.Errorf(haoban.ECONFLICT, "申请草稿已提交")
	}
	maps.Copy(d.Form, form)
	s.drafts[id] = d
	raw, _ := json.Marshal(prov)
	var m map[string]any
	_ = json.Unmarshal(raw, &m)
	if s.accepted[id] == nil {
		s.accepted[id] = map[string]any{}
	}
	maps.Copy(s.accepted[id], m)
	s.audits = append(s.audits, meta)
	return nil
}

func (s *scanned) DraftScanned(_ context.Context, id string) (json.RawMessage, error) {
	return json.Marshal(s.accepted[id])
}

// scannedDraft is li-na's open-restaurant draft d1 with a scan of her ID
// card that OCR read, her name typed differently and no ID number yet.
func scannedDraft(t *testing.T) (*app.Drafts, *store, *scanned) {
	d, s, _ := drafts(t)
	sc := &scanned{store: s, accepted: map[string]map[string]any{}}
	d.Scanned = sc
	s.rules = demo.Rules()
	for i := range s.rules {
		s.rules[i].Version = 1 // as stored
	}
	s.drafts["d1"] = haoban.Draft{ID: "d1", Applicant: "li-na", Bundle: "open-restaurant",
		Form: map[string]any{"legal_rep.name": "李 娜", "enterprise.name": "上海好味餐饮有限公司"},
		Materials: []haoban.CaseMaterial{{ID: "scan-1", Code: "legal-rep-id", FileName: "身份证.png",
			Fields: map[string]string{"name": "李娜", "id_number": "310115198811203215"}}}}
	return d, s, sc
}

func TestScanOffers(t *testing.T) {
	ctx := context.Background()
	t.Run("OfferedNotFilled", func(t *testing.T) {
		d, s, _ := scannedDraft(t)
		got, err := d.Scans(ctx, as(t, s, "li-na"), "d1")
		wantCode(t, err, "")
		if len(got.Offers) != 1 || len(got.Offers[0].Values) != 2 || got.Offers[0].Name != "法定代表人身份证件" {
			t.Fatalf("offers %+v", got.Offers)
		}
		name, number := got.Offers[0].Values[0], got.Offers[0].Values[1]
		if name.Key != "legal_rep.name" || name.Label != "法定代表人姓名" || name.Value != "李娜" || name.Current != "李 娜" || name.Same ||
			number.Key != "legal_rep.id_number" || number.Value != "310115198811203215" || number.Current != nil {
			t.Fatalf("values %+v", got.Offers[0].Values)
		}
		if f := s.drafts["d1"].Form; f["legal_rep.name"] != "李 娜" || f["legal_rep.id_number"] != nil {
			t.Fatalf("the form changed without acceptance: %v", f)
		}
	})
	t.Run("ARuleNotInForcePairsNothing", func(t *testing.T) {
		d, s, _ := scannedDraft(t)
		for i := range s.rules {
			s.rules[i].EffectiveFrom = clock.T.AddDate(0, 1, 0)
		}
		got, err := d.Scans(ctx, as(t, s, "li-na"), "d1")
		if wantCode(t, err, ""); len(got.Offers) != 0 {
			t.Fatalf("offers %+v", got.Offers)
		}
	})
	t.Run("ErrAnotherApplicantsDraft", func(t *testing.T) {
		d, s, _ := scannedDraft(t)
		_, err := d.Scans(ctx, as(t, s, "zhang-wei"), "d1")
		wantCode(t, err, haoban.ENOTFOUND)
	})
}

func TestAcceptScan(t *testing.T) {
	ctx := context.Background()
	t.Run("FillsAndMarksTheSource", func(t *testing.T) {
		d, s, sc := scannedDraft(t)
		r := as(t, s, "li-na")
		draft, err := d.AcceptScan(ctx, r, "d1", app.AcceptScan{Material: "legal-rep-id"})
		wantCode(t, err, "")
		if draft.Form["legal_rep.name"] != "李娜" || draft.Form["legal_rep.id_number"] != "310115198811203215" ||
			draft.Form["enterprise.name"] != "上海好味餐饮有限公司" {
			t.Fatalf("form %v", draft.Form)
		}
		prov, _ := sc.accepted["d1"]["legal_rep.id_number"].(map[string]any)
		if prov["material"] != "legal-rep-id" || prov["upload"] != "scan-1" || len(s.audits) != 1 || s.audits[0].Actor != "li-na" {
			t.Fatalf("provenance %v, audits %+v", sc.accepted["d1"], s.audits)
		}
		got, err := d.Scans(ctx, r, "d1")
		if wantCode(t, err, ""); len(got.Offers) != 1 || got.Offers[0].Differs() || len(got.Accepted) != 2 {
			t.Fatalf("after accepting: %+v", got)
		}
		p, err := d.Page(ctx, r, "d1")
		wantCode(t, err, "")
		sources := map[string]string{}
		for _, sec := range p.Sections {
			for _, f := range sec.Fields {
				sources[f.Key] = f.SourceName
			}
		}
		if sources["legal_rep.name"] != app.ScanSourceName || sources["legal_rep.id_number"] != app.ScanSourceName ||
			sources["enterprise.name"] == app.ScanSourceName || p.ScanOffers["legal-rep-id"] == nil {
			t.Fatalf("sources on the page %v", sources)
		}
	})
	t.Run("OnlyTheKeysAsked", func(t *testing.T) {
		d, s, _ := scannedDraft(t)
		draft, err := d.AcceptScan(ctx, as(t, s, "li-na"), "d1", app.AcceptScan{Material: "legal-rep-id", Keys: []string{"legal_rep.id_number"}})
		wantCode(t, err, "")
		if draft.Form["legal_rep.name"] != "李 娜" || draft.Form["legal_rep.id_number"] != "310115198811203215" {
			t.Fatalf("form %v", draft.Form)
		}
	})
	t.Run("SourceGoesWhenTheValueIsChanged", func(t *testing.T) {
		d, s, _ := scannedDraft(t)
		r := as(t, s, "li-na")
		_, err := d.AcceptScan(ctx, r, "d1", app.AcceptScan{Material: "legal-rep-id"})
		wantCode(t, err, "")
		_, err = d.Patch(ctx, r, "d1", app.DraftChanges{Form: map[string]any{"legal_rep.name": "李小娜"}})
		wantCode(t, err, "")
		p, err := d.Page(ctx, r, "d1")
		wantCode(t, err, "")
		for _, sec := range p.Sections {
			for _, f := range sec.Fields {
				if f.Key == "legal_rep.name" && f.SourceName != "" {
					t.Fatalf("a changed value still says it came from %s", f.SourceName)
				}
			}
		}
	})
	for _, tc := range []struct {
		name  string
		user  string
		in    app.AcceptScan
		edit  func(*haoban.Draft)
		want  string
		field string
	}{
		{"ErrAnotherApplicantsDraft", "zhang-wei", app.AcceptScan{Material: "legal-rep-id"}, nil, haoban.ENOTFOUND, ""},
		{"ErrNoScanRead", "li-na", app.AcceptScan{Material: "articles"}, nil, haoban.EUNPROCESSABLE, "materials.articles"},
		{"ErrUnreadKey", "li-na", app.AcceptScan{Material: "legal-rep-id", Keys: []string{"enterprise.name"}}, nil,
			haoban.EUNPROCESSABLE, "body.keys"},
		{"ErrNoMaterialNamed", "li-na", app.AcceptScan{}, nil, haoban.EUNPROCESSABLE, "material"},
		{"ErrSubmitted", "li-na", app.AcceptScan{Material: "legal-rep-id"},
			func(d *haoban.Draft) { at := clock.T; d.SubmittedAt = &at }, haoban.ECONFLICT, ""},
		{"ErrUnreadableScan", "li-na", app.AcceptScan{Material: "legal-rep-id"},
			func(d *haoban.Draft) { d.Materials[0].Fields = map[string]string{"id_number": "123"} }, haoban.EUNPROCESSABLE, "materials.legal-rep-id"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, s, sc := scannedDraft(t)
			if tc.edit != nil {
				draft := s.drafts["d1"]
				tc.edit(&draft)
				s.drafts["d1"] = draft
			}
			_, err := d.AcceptScan(ctx, as(t, s, tc.user), "d1", tc.in)
			if field := wantCode(t, err, tc.want); field != tc.field {
				t.Fatalf("field %q, want %q", field, tc.field)
			}
			if len(sc.accepted) != 0 || s.drafts["d1"].Form["legal_rep.id_number"] != nil {
				t.Fatal("the form was filled")
			}
		})
	}
}

// The pairing comes from the review points' matches(): one that names
// another field pairs that field instead.
func TestScanPairsFollowTheRules(t *testing.T) {
	d, s, _ := scannedDraft(t)
	s.rules = []rules.Rule{{ID: "r1", Version: 1, Item: "food-licence", Code: "manager-scan", EffectiveFrom: clock.T.AddDate(-1, 0, 0),
		Expression: `matches("food.safety_manager_id", "legal-rep-id.id_number") && matches("food.safety_manager", "legal-rep-id.name")`}}
	got, err := d.Scans(context.Background(), as(t, s, "li-na"), "d1")
	wantCode(t, err, "")
	if len(got.Offers) != 1 || len(got.Offers[0].Values) != 2 || got.Offers[0].Values[0].Key != "food.safety_manager" ||
		got.Offers[0].Values[1].Key != "food.safety_manager_id" {
		t.Fatalf("offers %+v", got.Offers)
	}
}
