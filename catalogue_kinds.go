package haoban

// The kinds the 实施清单 names: who provides a material, what power an
// item exercises, where it is applied for, whom a bundle serves.

// MaterialProvider says who provides a material.
type MaterialProvider string

// Material providers.
const (
	ProvidedByApplicant  MaterialProvider = "applicant"
	ProvidedByDepartment MaterialProvider = "department"
	ProvidedGenerated    MaterialProvider = "generated"
)

// Generated reports whether the material is rendered from the form at
// submission instead of being uploaded.
func (m Material) Generated() bool { return m.Provider == ProvidedGenerated }

// FromApplicant reports whether the applicant provides the material: not
// generated, and not obtained by a department (调取).
func (m Material) FromApplicant() bool {
	return m.Provider == "" || m.Provider == ProvidedByApplicant
}

// ItemType is the kind of power an item exercises.
type ItemType string

// Item types of the 政务服务事项 list.
const (
	ItemLicensing     ItemType = "licensing"      // 行政许可
	ItemConfirmation  ItemType = "confirmation"   // 行政确认
	ItemPayment       ItemType = "payment"        // 行政给付
	ItemPublicService ItemType = "public_service" // 公共服务
	ItemOther         ItemType = "other"          // 其他行政权力
)

// Name is the type in words.
func (t ItemType) Name() string {
	switch t {
	case ItemLicensing:
		return "行政许可"
	case ItemConfirmation:
		return "行政确认"
	case ItemPayment:
		return "行政给付"
	case ItemPublicService:
		return "公共服务"
	}
	return "其他行政权力"
}

// Channel is where an item can be applied for.
type Channel string

// Channels.
const (
	ChannelOnline Channel = "online"
	ChannelWindow Channel = "window"
	ChannelBoth   Channel = "both"
)

// Name is the channel in words.
func (c Channel) Name() string {
	switch c {
	case ChannelOnline:
		return "网上办理"
	case ChannelWindow:
		return "窗口办理"
	}
	return "网上或窗口办理"
}

// Audience is who a bundle serves.
type Audience string

// Audiences.
const (
	ForPersons     Audience = "person"
	ForEnterprises Audience = "enterprise"
)
