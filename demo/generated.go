package demo

import "haoban"

// The application forms (申请书) of the demo items are generated from the
// one form rather than uploaded (申请材料自动生成): each template names the
// bundle form's keys as {{key}}, and the applicant confirms the 告知承诺
// where the item allows one. The texts follow the forms Shanghai's 市场监督
// 管理局 publishes, shortened; demo data, not legal advice.

// generated is a material written from the form.
func generated(code, name, template, pledge string) haoban.Material {
	return haoban.Material{Code: code, Name: name, Required: true, Types: []string{"application/pdf"},
		Provider: haoban.ProvidedGenerated, Electronic: true, Template: template, Pledge: pledge}
}

// companyApplication is 公司登记（设立）申请书. Shanghai registers a company's
// domicile on the applicant's pledge (住所承诺制).
func companyApplication() haoban.Material {
	return generated("company-application", "公司登记申请书", `# 一、企业基本信息
企业名称：{{enterprise.name}}
企业类型：{{enterprise.type}}
住所：{{enterprise.address}}
注册资本（万元）：{{enterprise.capital}}
经营范围：{{enterprise.scope}}
# 二、法定代表人
姓名：{{legal_rep.name}}
身份证号码：{{legal_rep.id_number}}
移动电话：{{legal_rep.phone}}
# 三、股东（出资人）
出资情况：{{enterprise.shareholders}}
# 四、申请人声明
本企业依照《中华人民共和国公司法》《中华人民共和国市场主体登记管理条例》申请设立登记，提交材料真实有效。通过信息系统在线提交的电子材料与纸质材料具有同等法律效力。`,
		"本人承诺：所填报的住所真实存在并已取得合法使用权，可以作为企业住所使用；所提交的材料真实、合法、有效。"+
			"如有不实，愿意承担相应的法律责任，登记机关可依法撤销登记。")
}

// foodApplication is 食品经营许可申请书. 《食品经营许可和备案管理办法》
// lets a catering licence be granted on the applicant's pledge, checked on
// site afterwards.
func foodApplication() haoban.Material {
	return generated("food-application", "食品经营许可申请书", `# 一、申请人信息
申请人名称：{{enterprise.name}}
法定代表人（负责人）：{{legal_rep.name}}
联系电话：{{legal_rep.phone}}
# 二、经营场所与经营项目
经营场所：{{premises.address}}
经营场所面积（平方米）：{{premises.area}}
主体业态：餐饮服务经营者
经营项目：{{food.categories}}
从业人员数：{{food.staff}}
# 三、食品安全管理人员
姓名：{{food.safety_manager}}
身份证号码：{{food.safety_manager_id}}
# 四、申请人声明
本申请人依照《中华人民共和国食品安全法》《食品经营许可和备案管理办法》申请食品经营许可，所填写内容和提交的材料真实、合法、有效。`,
		"本申请人自愿以告知承诺方式申请食品经营许可，并承诺：已知晓食品经营许可的条件和要求；经营场所、设施设备、"+
			"人员和管理制度符合规定的条件，并将持续符合；所填写内容和提交的材料真实有效；接受市场监督管理部门在许可后的现场核查。"+
			"如承诺不实或经核查不符合条件，依法承担相应的法律责任，许可部门可依法撤销许可。")
}

// changeApplication is 变更登记申请书. A change rests on the shareholders'
// resolution rather than on a pledge, so the form carries the declaration
// only.
func changeApplication() haoban.Material {
	return generated("change-application", "变更登记申请书", `# 一、企业基本信息
统一社会信用代码：{{enterprise.uscc}}
# 二、变更后的登记事项
企业名称：{{enterprise.name}}
住所：{{enterprise.address}}
法定代表人：{{legal_rep.name}}
经营范围：{{enterprise.scope}}
# 三、申请人声明
本企业依照《中华人民共和国公司法》《中华人民共和国市场主体登记管理条例》申请变更登记，提交材料真实有效，变更事项已经股东会决议通过。`, "")
}
