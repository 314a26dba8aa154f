package catalogue

import (
	"fmt"
	"slices"
	"strings"

	"haoban"
)

// checkGraph checks that every depends_on names an item of the bundle and
// that the dependencies have no cycle, naming each cycle's items. It
// reports whether the graph is sound enough to measure its chains.
func (p *problems) checkGraph(b haoban.Bundle) bool {
	ok := true
	for i, it := range b.Items {
		for j, d := range it.DependsOn {
			if index(b, d) < 0 {
				p.add(fmt.Sprintf("items[%d].depends_on[%d]", i, j), "「%s」依赖的事项 %s 不在本一件事中", it.Name, d)
				ok = false
			}
		}
	}
	for _, cycle := range cycles(b) {
		at := index(b, cycle[0])
		p.add(fmt.Sprintf("items[%d].depends_on", at), "事项之间循环依赖：%s", strings.Join(names(b, cycle), " → "))
		ok = false
	}
	return ok
}

// cycles returns each dependency cycle once, as the codes along it with the
// first repeated at the end.
func cycles(b haoban.Bundle) [][]string {
	const (
		unvisited = iota
		visiting
		done
	)
	state := map[string]int{}
	var stack []string
	var out [][]string
	var visit func(code string)
	visit = func(code string) {
		state[code] = visiting
		stack = append(stack, code)
		it, _ := b.Item(code)
		for _, d := range it.DependsOn {
			if index(b, d) < 0 {
				continue
			}
			switch state[d] {
			case visiting:
				from := slices.Index(stack, d)
				out = append(out, append(slices.Clone(stack[from:]), d))
			case unvisited:
				visit(d)
			}
		}
		stack = stack[:len(stack)-1]
		state[code] = done
	}
	for _, it := range b.Items {
		if state[it.Code] == unvisited {
			visit(it.Code)
		}
	}
	return out
}

// checkChains checks that the promised days along every chain of
// depends_on fit inside the bundle's promise: an item cannot start before
// the items it depends on finish, so the longest chain is the least the
// bundle can promise. Each chain that does not fit is named with its sum.
func (p *problems) checkChains(b haoban.Bundle) {
	longest := map[string][]string{} // the longest chain ending at an item
	var chain func(code string) []string
	chain = func(code string) []string {
		if c, ok := longest[code]; ok {
			return c
		}
		it, _ := b.Item(code)
		var best []string
		for _, d := range it.DependsOn {
			if c := chain(d); days(b, c) > days(b, best) {
				best = c
			}
		}
		longest[code] = append(slices.Clone(best), code)
		return longest[code]
	}
	depended := map[string]bool{}
	for _, it := range b.Items {
		for _, d := range it.DependsOn {
			depended[d] = true
		}
	}
	for _, it := range b.Items {
		if depended[it.Code] {
			continue // a longer chain runs through it
		}
		c := chain(it.Code)
		if sum := days(b, c); sum > b.PromisedDays {
			parts := make([]string, len(c))
			for i, code := range c {
				x, _ := b.Item(code)
				parts[i] = fmt.Sprint(x.PromisedDays)
			}
			p.add("promised_days", "办理链「%s」的承诺时限合计 %s = %d 个工作日，超过一件事承诺的 %d 个工作日",
				strings.Join(names(b, c), " → "), strings.Join(parts, " + "), sum, b.PromisedDays)
		}
	}
}

// days is the sum of the promised days of the items of a chain.
func days(b haoban.Bundle, chain []string) int {
	sum := 0
	for _, code := range chain {
		it, _ := b.Item(code)
		sum += it.PromisedDays
	}
	return sum
}
