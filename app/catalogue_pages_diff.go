package app

import (
	"encoding/json"
	"fmt"
	"strings"

	"haoban"
)

// ChangeLine is one change between two versions, in words:
// 事项「食品经营许可证」· 字段「企业名称」· 名称, 由「企业名称」改为「企业（字号）名称」.
type ChangeLine struct {
	Where string
	// Kind is 新增, 删除 (a whole item, field or material) or 修改.
	Kind          string
	Before, After string // in words, for 修改; "" reads as empty
}

// Vocabulary names the codes a change's values hold: departments, data
// sources and e-licence types, by code.
type Vocabulary struct {
	Departments, Sources, Licences map[string]string
}

// DescribeChanges tells the changes from before to after in words, naming
// items, fields and materials as the two versions do (after first). A
// whole item, field or material added or removed is one line, not one per
// attribute.
func DescribeChanges(before, after haoban.Bundle, changes []haoban.Change, v Vocabulary) []ChangeLine {
	d := describer{before: before, after: after, v: v, done: map[string]bool{}}
	var out []ChangeLine
	for _, c := range changes {
		if l, ok := d.line(c); ok {
			out = append(out, l)
		}
	}
	return out
}

type describer struct {
	before, after haoban.Bundle
	v             Vocabulary
	done          map[string]bool // entities told as added or removed
}

// segment is one step of a change's path: items[food-licence], label.
type segment struct{ name, key string }

// splitPath reads a path of catalogue.Diff; keys in brackets may hold dots
// (fields[enterprise.name]).
func splitPath(p string) []segment {
	var out []segment
	for p != "" {
		i := strings.IndexAny(p, ".[")
		if i < 0 {
			return append(out, segment{name: p})
		}
		s := segment{name: p[:i]}
		if p[i] == '[' {
			j := strings.IndexByte(p[i:], ']')
			if j < 0 {
				return append(out, segment{name: p})
			}
			s.key, p = p[i+1:i+j], strings.TrimPrefix(p[i+j+1:], ".")
		} else {
			p = p[i+1:]
		}
		out = append(out, s)
	}
	return out
}

func (d describer) line(c haoban.Change) (ChangeLine, bool) {
	segs := splitPath(c.Path)
	if len(segs) == 0 {
		return ChangeLine{}, false
	}
	if segs[0].name == "code" {
		return ChangeLine{}, false // the system's identifier: a new bundle tells itself by its name
	}
	if segs[0].name != "items" || segs[0].key == "" {
		return ChangeLine{Where: "一件事 · " + attrName(bundleAttrs, segs[0].name), Kind: "修改",
			Before: d.value(segs[0].name, c.Before), After: d.value(segs[0].name, c.After)}, true
	}
	code := segs[0].key
	old, hadItem := d.before.Item(code)
	cur, hasItem := d.after.Item(code)
	item := "事项「" + firstName(cur.Name, old.Name) + "」"
	if !hadItem || !hasItem {
		return d.whole("items["+code+"]", item, hasItem)
	}
	if len(segs) < 2 {
		return ChangeLine{}, false
	}
	sub := segs[1]
	switch {
	case sub.name == "fields" && sub.key != "":
		of, had := fieldOf(old, sub.key)
		nf, has := fieldOf(cur, sub.key)
		where := dot(item, "字段「"+firstName(nf.Label, of.Label)+"」")
		if !had || !has {
			return d.whole(c.Path[:strings.Index(c.Path, "fields[")]+"fields["+sub.key+"]", where, has)
		}
		return d.leaf(where, fieldAttrs, segs[2:], c), true
	case sub.name == "materials" && sub.key != "":
		om, had := materialOf(old, sub.key)
		nm, has := materialOf(cur, sub.key)
		where := dot(item, "材料「"+firstName(nm.Name, om.Name)+"」")
		if !had || !has {
			return d.whole(c.Path[:strings.Index(c.Path, "materials[")]+"materials["+sub.key+"]", where, has)
		}
		return d.leaf(where, materialAttrs, segs[2:], c), true
	}
	return d.leaf(item, itemAttrs, segs[1:], c), true
}

// whole is an item, field or material added or removed, told once.
func (d describer) whole(key, where string, added bool) (ChangeLine, bool) {
	if d.done[key] {
		return ChangeLine{}, false
	}
	d.done[key] = true
	if added {
		return ChangeLine{Where: where, Kind: "新增"}, true
	}
	return ChangeLine{Where: where, Kind: "删除"}, true
}

func (d describer) leaf(where string, names map[string]string, rest []segment, c haoban.Change) ChangeLine {
	attr := ""
	if len(rest) > 0 {
		attr = rest[0].name
	}
	return ChangeLine{Where: dot(where, attrName(names, attr)), Kind: "修改",
		Before: d.value(attr, c.Before), After: d.value(attr, c.After)}
}

// value tells an attribute's value (as catalogue.Diff writes it) in words.
func (d describer) value(attr string, raw string) string {
	switch attr {
	case "required", "instant", "optional", "amends", "original", "electronic", "demo":
		if raw == "true" {
			return "是"
		}
		return "否"
	}
	if raw == "" || (raw == "0" && strings.HasSuffix(attr, "_days")) {
		return ""
	}
	switch attr {
	case "department", "lead":
		return nameIn(d.v.Departments, raw)
	case "depends_on":
		var names []string
		for _, code := range list(raw) {
			it, ok := d.after.Item(code)
			if !ok {
				it, _ = d.before.Item(code)
			}
			names = append(names, "「"+firstName(it.Name, "—")+"」")
		}
		return strings.Join(names, "、")
	case "promised_days", "legal_days":
		return raw + " 个工作日"
	case "count":
		return raw + " 份"
	case "max_bytes":
		var n int64
		fmt.Sscan(raw, &n)
		return fmt.Sprintf("%d MB", n>>20)
	case "type":
		if known(FieldTypes, raw) {
			return choiceName(FieldTypes, raw, false)
		}
		return haoban.ItemType(raw).Name()
	case "channel":
		return haoban.Channel(raw).Name()
	case "for":
		return choiceName(Audiences, raw, false)
	case "provider":
		return choiceName(Providers, raw, true)
	case "prefill", "registry":
		return nameIn(d.v.Sources, raw)
	case "licence":
		return nameIn(d.v.Licences, raw)
	case "ocr":
		return nameIn(ocrNames, raw)
	case "template":
		return TemplateForPeople(raw, append(d.after.Fields(), d.before.Fields()...))
	case "legal_basis", "conditions", "options", "types", "reminders":
		return strings.Join(list(raw), "；")
	}
	return raw
}

// dot joins the steps of a place: 事项「食品经营许可证」· 字段「企业名称」· 名称.
func dot(a, b string) string {
	if strings.HasSuffix(a, "」") {
		return a + "· " + b
	}
	return a + " · " + b
}

func list(raw string) []string {
	var l []string
	if json.Unmarshal([]byte(raw), &l) != nil {
		return []string{raw}
	}
	return l
}

func nameIn(names map[string]string, code string) string {
	if n, ok := names[code]; ok && n != "" {
		return n
	}
	return "—"
}

func firstName(names ...string) string {
	for _, n := range names {
		if n != "" {
			return n
		}
	}
	return "—"
}

func fieldOf(it haoban.Item, key string) (haoban.Field, bool) {
	for _, f := range it.Fields {
		if f.Key == key {
			return f, true
		}
	}
	return haoban.Field{}, false
}

func materialOf(it haoban.Item, code string) (haoban.Material, bool) {
	for _, m := range it.Materials {
		if m.Code == code {
			return m, true
		}
	}
	return haoban.Material{}, false
}

func attrName(names map[string]string, attr string) string {
	if n, ok := names[attr]; ok {
		return n
	}
	return "其他"
}

// ocrNames name the documents OCR reads (haoban.Material.OCR).
var ocrNames = map[string]string{"id_card": "身份证", "business_licence": "营业执照"}

var bundleAttrs = map[string]string{"name": "名称", "promised_days": "承诺时限", "lead": "牵头部门", "stage": "所属阶段",
	"for": "服务对象", "summary": "简介", "demo": "演示数据"}

var itemAttrs = map[string]string{"name": "名称", "department": "所属部门", "depends_on": "前置事项", "promised_days": "承诺时限",
	"legal_days": "法定时限", "instant": "即时办结（秒批）", "optional": "可选事项", "reminders": "提醒时点",
	"licence": "颁发证照的类型", "licence_name": "颁发的证照", "amends": "变更已有证照", "type": "事项类型",
	"legal_basis": "设定依据", "conditions": "受理条件", "fee": "收费", "channel": "办理渠道", "where": "办理地点", "code": "编码"}

var fieldAttrs = map[string]string{"label": "名称", "type": "类型", "required": "必填", "options": "选项",
	"pattern": "校验规则", "hint": "校验说明", "prefill": "预填来源", "key": "字段"}

var materialAttrs = map[string]string{"name": "名称", "required": "必交", "types": "文件类型", "max_bytes": "大小上限",
	"licence": "可免交的电子证照", "ocr": "识别的证件", "provider": "提供方", "original": "需核验原件", "electronic": "接受电子件",
	"count": "份数", "blank": "空白表格", "example": "填写示例", "registry": "可免交的登记记录", "template": "生成模板",
	"pledge": "告知承诺", "code": "编码"}
