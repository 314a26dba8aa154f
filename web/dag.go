package web

import (
	"fmt"
	"html"
	"html/template"
	"strings"
	"unicode/utf8"

	"haoban"
)

// The steps of a bundle drawn from depends_on, server-side and without
// scripts: one column per depth, an arrow from each item to the items that
// wait for it, each box with the item's name and promised days. Beside the
// picture is the same as an ordered list, which screen readers read and a
// phone shows instead (dag.css).
const (
	dagBoxW   = 168 // a box's width
	dagGapX   = 44  // between columns, where the arrows run
	dagGapY   = 14  // between boxes of a column
	dagPad    = 8
	dagLine   = 18   // line height of the text in a box
	dagFont   = 13   // px
	dagWrap   = 10.0 // a line's width in CJK characters
	dagLines  = 3    // lines of a name at most
	dagMargin = 10   // text inset
)

// DAG draws a bundle's items as steps. current names an item to stand out
// ("" none). It draws a draft too: dependencies on unknown items are left
// out and a cycle is cut where it closes, so an editor can show what it has.
func DAG(b haoban.Bundle, current string) template.HTML {
	if len(b.Items) == 0 {
		return ""
	}
	at := itemIndex(b)
	depth := dagDepths(b, at)
	var cols [][]int // item indexes by depth
	for i := range b.Items {
		for len(cols) <= depth[i] {
			cols = append(cols, nil)
		}
		cols[depth[i]] = append(cols[depth[i]], i)
	}
	names, tallest := make([][]string, len(b.Items)), 1
	for i, it := range b.Items {
		names[i] = wrapName(it.Name)
		tallest = max(tallest, len(names[i]))
	}
	boxH := 2*dagMargin + dagLine*(tallest+1)
	rows := 0
	for _, c := range cols {
		rows = max(rows, len(c))
	}
	width := 2*dagPad + len(cols)*dagBoxW + (len(cols)-1)*dagGapX
	height := 2*dagPad + rows*boxH + (rows-1)*dagGapY
	x, y := make([]int, len(b.Items)), make([]int, len(b.Items))
	for d, c := range cols {
		top := dagPad + (height-2*dagPad-(len(c)*boxH+(len(c)-1)*dagGapY))/2 // a column is centred
		for r, i := range c {
			x[i], y[i] = dagPad+d*(dagBoxW+dagGapX), top+r*(boxH+dagGapY)
		}
	}
	id := "dag-" + dagID(b.Code)
	var sb strings.Builder
	sb.WriteString(`<figure class="dag">`)
	fmt.Fprintf(&sb, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" aria-hidden="true" focusable="false">`,
		width, height, width, height)
	fmt.Fprintf(&sb, `<defs><marker id="%s-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse">`+
		`<path d="M0 0L10 5L0 10z" fill="#2f6f4e"/></marker></defs>`, id)
	for i, it := range b.Items {
		for _, d := range it.DependsOn {
			j, ok := at[d]
			if !ok || depth[j] >= depth[i] {
				continue
			}
			x1, y1, x2, y2 := x[j]+dagBoxW, y[j]+boxH/2, x[i], y[i]+boxH/2
			mid := (x1 + x2) / 2
			fmt.Fprintf(&sb, `<path d="M%d %dC%d %d %d %d %d %d" fill="none" stroke="#2f6f4e" stroke-width="1.5" marker-end="url(#%s-arrow)"/>`,
				x1, y1, mid, y1, mid, y2, x2-1, y2, id)
		}
	}
	for i, it := range b.Items {
		fill, stroke, dash := "#fff", "1.5", ""
		if it.Code == current {
			fill, stroke = "#e8f4ec", "3"
		}
		if it.Optional {
			dash = ` stroke-dasharray="5 3"`
		}
		fmt.Fprintf(&sb, `<rect x="%d" y="%d" width="%d" height="%d" rx="6" fill="%s" stroke="#2f6f4e" stroke-width="%s"%s/>`,
			x[i], y[i], dagBoxW, boxH, fill, stroke, dash)
		fmt.Fprintf(&sb, `<text font-size="%d" fill="#1d2a24">`, dagFont)
		for k, line := range names[i] {
			fmt.Fprintf(&sb, `<tspan x="%d" y="%d" font-weight="bold">%s</tspan>`, x[i]+dagMargin, y[i]+dagMargin+dagFont+k*dagLine,
				html.EscapeString(line))
		}
		fmt.Fprintf(&sb, `<tspan x="%d" y="%d" fill="#5b6b63">%s</tspan></text>`, x[i]+dagMargin, y[i]+boxH-dagMargin-3,
			html.EscapeString(promiseText(it)))
	}
	sb.WriteString(`</svg>`)
	sb.WriteString(dagSteps(b, cols, at))
	sb.WriteString(`</figure>`)
	return template.HTML(sb.String()) //nolint:gosec // every name is escaped above
}

// dagSteps is the picture as a list: step by step, the items of a step
// applied for at the same time, each with what it waits for.
func dagSteps(b haoban.Bundle, cols [][]int, at map[string]int) string {
	var sb strings.Builder
	sb.WriteString(`<ol class="dag-steps">`)
	for d, c := range cols {
		fmt.Fprintf(&sb, `<li><span class="dag-step">第 %d 步`, d+1)
		if len(c) > 1 {
			sb.WriteString(`（以下事项同时办理）`)
		}
		sb.WriteString(`</span><ul>`)
		for _, i := range c {
			it := b.Items[i]
			fmt.Fprintf(&sb, `<li>%s（承诺 %d 个工作日`, html.EscapeString(it.Name), it.PromisedDays)
			var after []string
			for _, dep := range it.DependsOn {
				if j, ok := at[dep]; ok {
					after = append(after, "「"+b.Items[j].Name+"」")
				}
			}
			if len(after) > 0 {
				fmt.Fprintf(&sb, `，在%s办结后`, html.EscapeString(strings.Join(after, "、")))
			}
			if it.Optional {
				sb.WriteString(`，可选`)
			}
			sb.WriteString(`）</li>`)
		}
		sb.WriteString(`</ul></li>`)
	}
	sb.WriteString(`</ol>`)
	return sb.String()
}

func promiseText(it haoban.Item) string {
	if it.Optional {
		return fmt.Sprintf("承诺 %d 个工作日 · 可选", it.PromisedDays)
	}
	return fmt.Sprintf("承诺 %d 个工作日", it.PromisedDays)
}

// dagDepths is each item's column: 0 without dependencies, else one past
// its deepest dependency. A dependency that closes a cycle is not followed.
func dagDepths(b haoban.Bundle, at map[string]int) []int {
	depth := make([]int, len(b.Items))
	state := make([]int, len(b.Items)) // 0 new, 1 on the path, 2 done
	var visit func(i int) int
	visit = func(i int) int {
		if state[i] == 2 {
			return depth[i]
		}
		state[i] = 1
		for _, d := range b.Items[i].DependsOn {
			if j, ok := at[d]; ok && state[j] != 1 {
				depth[i] = max(depth[i], visit(j)+1)
			}
		}
		state[i] = 2
		return depth[i]
	}
	for i := range b.Items {
		visit(i)
	}
	return depth
}

// itemIndex is each item's place in the bundle, by code; the first of
// two items with one code, in a draft.
func itemIndex(b haoban.Bundle) map[string]int {
	at := map[string]int{}
	for i, it := range b.Items {
		if _, ok := at[it.Code]; !ok {
			at[it.Code] = i
		}
	}
	return at
}

// wrapName breaks a name into lines that fit a box, a CJK character
// counting one and a narrow one about half; past dagLines it ends in "…".
// noLineStart are the marks that may not begin a line.
const noLineStart = "、，。；：！？）》」』】,.;:!?)"

func wrapName(name string) []string {
	var lines []string
	var line strings.Builder
	w := 0.0
	for _, r := range name {
		rw := 1.0
		if r < utf8.RuneSelf {
			rw = 0.55
		}
		// Closing punctuation never starts a line (禁则): it stays on the
		// line it closes, a little over the width.
		if w+rw > dagWrap && !strings.ContainsRune(noLineStart, r) {
			lines, w = append(lines, line.String()), 0
			line.Reset()
		}
		line.WriteRune(r)
		w += rw
	}
	lines = append(lines, line.String())
	if len(lines) > dagLines {
		last := []rune(lines[dagLines-1])
		lines = append(lines[:dagLines-1], string(last[:len(last)-1])+"…")
	}
	return lines
}

// dagID keeps the letters and digits of a code, for the marker's ID.
func dagID(code string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' {
			return r
		}
		return '_'
	}, code)
}
