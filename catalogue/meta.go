package catalogue

import (
	"fmt"
	"regexp"
	"slices"

	"haoban"
	"haoban/document"
)

// checkMeta checks what the guide and the form read beside the workflow:
// the item's department, type and channel, the fields' patterns, who
// provides each material, and the bundle's lead and audience.
func (p *problems) checkMeta(b haoban.Bundle) {
	switch b.For {
	case "", haoban.ForPersons, haoban.ForEnterprises:
	default:
		p.add("for", "服务对象只能是个人或企业：%s", b.For)
	}
	if b.Lead != "" && !slices.Contains(b.Departments(), b.Lead) {
		p.add("lead", "牵头部门应是本一件事某个事项的部门")
	}
	fields := b.Fields() // a template may print any field of the one form
	for i, it := range b.Items {
		at := fmt.Sprintf("items[%d]", i)
		if it.Department == "" {
			p.add(at+".department", "请选择「%s」的所属部门", it.Name)
		}
		switch it.Type {
		case "", haoban.ItemLicensing, haoban.ItemConfirmation, haoban.ItemPayment, haoban.ItemPublicService, haoban.ItemOther:
		default:
			p.add(at+".type", "「%s」的事项类型无法识别：%s", it.Name, it.Type)
		}
		switch it.Channel {
		case "", haoban.ChannelOnline, haoban.ChannelWindow, haoban.ChannelBoth:
		default:
			p.add(at+".channel", "「%s」的办理渠道无法识别：%s", it.Name, it.Channel)
		}
		for k, f := range it.Fields {
			if f.Pattern == "" {
				continue
			}
			if _, err := regexp.Compile(f.Pattern); err != nil {
				p.add(fmt.Sprintf("%s.fields[%d].pattern", at, k), "字段「%s」的校验规则不是有效的正则表达式", f.Label)
			}
		}
		for k, m := range it.Materials {
			mat := fmt.Sprintf("%s.materials[%d]", at, k)
			switch m.Provider {
			case "", haoban.ProvidedByApplicant, haoban.ProvidedByDepartment, haoban.ProvidedGenerated:
			default:
				p.add(mat+".provider", "材料「%s」的提供方无法识别：%s", m.Name, m.Provider)
			}
			if m.Generated() && m.Template == "" {
				p.add(mat+".template", "材料「%s」由系统生成，需要模板", m.Name)
			}
			for _, key := range document.Placeholders(m.Template) {
				if !slices.ContainsFunc(fields, func(f haoban.Field) bool { return f.Key == key }) {
					p.add(mat+".template", "材料「%s」的模板引用了表单中没有的字段 %s", m.Name, key)
				}
			}
			if m.Count < 0 {
				p.add(mat+".count", "材料「%s」的份数不能为负", m.Name)
			}
		}
	}
}
