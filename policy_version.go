package haoban

import "time"

// Status says where a policy version stands at now, in words: 草稿,
// 待生效, 现行, 已被取代 or 已撤回. inForce is the number of the version
// in force (0: none).
func (v PolicyVersion) Status(now time.Time, inForce int) string {
	return versionStatus(v.State, v.EffectiveFrom, v.Version, inForce, now)
}

// Withdrawable reports whether a published version may still be
// withdrawn: only before it takes effect, since matching runs may have
// paid under it after.
func (v PolicyVersion) Withdrawable(now time.Time) bool {
	return v.State == VersionPublished && v.EffectiveFrom.After(now)
}

// PolicyInForce is the number of the version of one policy in force at
// now among its versions (0: none): the published one with the latest
// effective date not after now, the newer on a tie, as the store decides.
func PolicyInForce(vs []PolicyVersion, now time.Time) int {
	var best *PolicyVersion
	for i, v := range vs {
		if v.State != VersionPublished || v.EffectiveFrom.After(now) {
			continue
		}
		if best == nil || v.EffectiveFrom.After(best.EffectiveFrom) ||
			v.EffectiveFrom.Equal(best.EffectiveFrom) && v.Version > best.Version {
			best = &vs[i]
		}
	}
	if best == nil {
		return 0
	}
	return best.Version
}
