package haoban

// CaseChannel is where a case was filed (办理渠道); an item's Channel is
// where it may be applied for.
type CaseChannel string

// Case channels. 网办率 counts online and mobile cases over all cases.
const (
	FiledOnline CaseChannel = "online" // the web site (default)
	FiledMobile CaseChannel = "mobile" // the phone app
	FiledWindow CaseChannel = "window" // entered by staff for a person at the counter
)

// Online reports whether a case filed through the channel counts as
// handled online (网上办理).
func (c CaseChannel) Online() bool { return c != FiledWindow }

// Name is what people call a case channel.
func (c CaseChannel) Name() string {
	switch c {
	case FiledMobile:
		return "移动端"
	case FiledWindow:
		return "窗口"
	}
	return "网上办理"
}

// Valid reports whether c is a known case channel.
func (c CaseChannel) Valid() bool {
	return c == FiledOnline || c == FiledMobile || c == FiledWindow
}
