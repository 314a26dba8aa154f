package app

import (
	"haoban"
	"haoban/blob"
	"haoban/document"
	"haoban/rules"
	"haoban/servicehours"
	"haoban/treasury"
)

// Store is everything the use cases keep (postgres.Store).
type Store interface {
	CaseStore
	TaskStore
	DraftStore
	MaterialStore
	SupervisionStore
	InboxStore
	RiskStore
	LicenceStore
	RuleStore
	AdminStore
	SessionStore
	AddressSearch
	NoticeStore
	CatalogueStore
	VersionStore
	GuideStore
	ScanStore
	GeneratedStore
	CatalogueEditorStore
	KnowledgeStore
	WindowStore
}

// Deps are what the use cases are built on.
type Deps struct {
	Store    Store
	Flow     CaseFlow
	Authz    Authorizer
	Blobs    blob.Store
	Reviewer Reviewer
	Compiler RuleCompiler
	Verifier Verifier
	Tokens   TokenIssuer
	// Policies keeps the benefit policies (postgres.Store); nil leaves
	// App.Policies unset.
	Policies PolicyStore
	// Matches keeps the matching runs (postgres.Store) and MatchFlow
	// starts them (workflows.Client); a nil Matches leaves App.Matches unset.
	Matches   MatchStore
	MatchFlow MatchStarter
	// Benefits keeps the benefit cases (postgres.Store), BenefitFlow tells
	// their workflows of people's actions (workflows.Client), Pledges signs
	// 告知承诺书 (issuing.Issuer) and Treasury pays; a nil Benefits leaves
	// App.Benefits and App.BenefitAdmin unset.
	Benefits    BenefitsStore
	BenefitFlow BenefitSignaler
	Pledges     PledgeSigner
	Treasury    treasury.Treasury
	// Help keeps the help conversations (postgres.Store), HelpFlow runs
	// their first-response clocks (workflows.Client), Gaps takes answers
	// worth keeping, HelpHours are the service hours; a nil Help leaves
	// App.Help unset.
	Help      HelpStore
	HelpFlow  HelpFlow
	Gaps      GapReporter
	HelpHours servicehours.Hours
	// HelperSkills keeps the helpers' skills (postgres.Store); nil leaves
	// App.HelperSkills unset.
	HelperSkills HelperSkillStore
	// KnowledgeTasks keeps the knowledge tasks (查遗补缺) and Leaders the
	// leaders' sessions (postgres.Store); nil leaves App.KnowledgeTasks or
	// App.Leaders unset.
	KnowledgeTasks KnowledgeTaskStore
	Leaders        LeaderStore
	// Screen keeps the 同屏 consents and highlights, Hotline the 12345
	// tickets (postgres.Store); HotlineTarget is the connect target in
	// service seconds (0: DefaultConnectTarget). nil leaves App.Screen or
	// App.Hotline unset.
	Screen        ScreenStore
	Hotline       HotlineStore
	HotlineTarget int
	// Assistant keeps 小申's intent models and questions (postgres.Store);
	// nil leaves App.Assistant unset. 小申 searches App.Knowledge.
	Assistant AssistantStore
	// Obstacles keeps the 办不成事 reports (postgres.Store); nil leaves
	// App.Obstacles unset.
	Obstacles ObstacleStore
	// Ratings keeps 好差评's ratings, rectifications and appeals
	// (postgres.Store); nil leaves App.Ratings unset.
	Ratings RatingStore
	// Operations keeps the "799" figures' summary tables (postgres.Store);
	// nil leaves App.Operations unset.
	Operations OperationsStore
	// OperationWeights keeps the evaluation's weights (postgres.Store);
	// nil, or no Operations, leaves App.Scores unset.
	OperationWeights OperationWeightStore
	// OCR reads scans; nil when tesseract is not installed.
	OCR  ScanReader
	Time haoban.TimeSource
}

// App is every use case, wired once.
type App struct {
	Cases       *Cases
	Drafts      *Drafts
	Materials   *Materials
	Tasks       *Tasks
	Supervision *Supervision
	Risks       *Risks
	Inbox       *Inbox
	Licences    *Licences
	Rules       *Rules
	Admin       *Admin
	Sessions    *Sessions
	Notices     *Notices
	Catalogue   *Catalogue
	// CatalogueEditor is the catalogue's editor pages (catalogue_pages*.go).
	CatalogueEditor *CatalogueEditor
	Guide           *Guide
	Knowledge       *Knowledge // the knowledge base (knowledge*.go)
	Policies        *Policies
	PolicyAdmin     *PolicyAdmin // the policy pages (policies_admin*.go)
	Matches         *Matches
	Benefits        *Benefits
	BenefitAdmin    *BenefitAdmin
	Help            *Help // the human help desk (help*.go)
	HelperSkills    *HelperSkills
	// KnowledgeTasks closes the knowledge base's gaps; it is the
	// GapReporter 小申 and the help desk open tasks through.
	KnowledgeTasks *KnowledgeTasks
	Leaders        *LeaderSessions // 领导干部帮办 (leaders.go)
	Screen         *Screen         // 同屏 (screen.go)
	Hotline        *Hotline        // the 12345 hand-off (hotline.go)
	Assistant      *Assistant      // 小申 (assistant*.go)
	Obstacles      *Obstacles      // 办不成事 (obstacles*.go)
	Ratings        *Ratings        // 好差评 (ratings.go, rectifications.go, rating_*.go)
	Operations     *Operations     // the "799" figures (operations*.go)
	Window         *Window         // 窗口代办 (window.go)
	Addresses      AddressSearch
	// Glossaries name codes for the pages.
	Glossaries *Glossaries
	// Scores is the departments' monthly evaluation (部门考评,
	// operations_scores.go).
	Scores *OperationScores
}

// New wires the use cases on their dependencies.
func New(d Deps) *App {
	a := &App{Addresses: d.Store, Glossaries: &Glossaries{Store: d.Store}}
	a.Cases = &Cases{Store: d.Store, Flow: d.Flow, Authz: d.Authz, Time: d.Time}
	a.Drafts = &Drafts{Store: d.Store, Flow: d.Flow, Reviewer: d.Reviewer, Cases: a.Cases, Time: d.Time, Scanned: d.Store,
		Generated: &Generated{Store: d.Store, Blobs: d.Blobs, Render: document.RenderApplication}}
	a.Materials = &Materials{Store: d.Store, Blobs: d.Blobs, Drafts: a.Drafts, Cases: a.Cases, OCR: d.OCR, Time: d.Time}
	a.Tasks = &Tasks{Store: d.Store, Flow: d.Flow, Authz: d.Authz, Time: d.Time}
	a.Supervision = &Supervision{Store: d.Store, Tasks: a.Tasks, Flow: d.Flow, Time: d.Time}
	a.Risks = &Risks{Store: d.Store, Tasks: a.Tasks}
	a.Inbox = &Inbox{Store: d.Store, Time: d.Time}
	a.Licences = &Licences{Store: d.Store, Blobs: d.Blobs, Reviewer: d.Reviewer, Verifier: d.Verifier, Cases: a.Cases,
		Authz: d.Authz, Time: d.Time}
	a.Rules = &Rules{Store: d.Store, Compiler: d.Compiler, Time: d.Time}
	a.Admin = &Admin{Store: d.Store, Time: d.Time}
	a.Sessions = &Sessions{Store: d.Store, Tokens: d.Tokens, Time: d.Time}
	a.Notices = &Notices{Store: d.Store, Cases: a.Cases, Authz: d.Authz, Time: d.Time}
	a.Guide = &Guide{Store: d.Store, Reviewer: d.Reviewer, Time: d.Time}
	a.Catalogue = &Catalogue{Store: d.Store, Versions: d.Store, Authz: d.Authz, Time: d.Time}
	a.Knowledge = &Knowledge{Store: d.Store, Authz: d.Authz, Names: d.Store, Time: d.Time}
	a.Catalogue.Versions = a.Knowledge.KeepVersionsInStep(d.Store)
	a.Rules.Store = a.Knowledge.KeepRulesInStep(d.Store)
	// The catalogue check reads what rules name, which only the engine
	// itself can do; a test's stand-in compiler leaves the rules unchecked.
	if e, ok := d.Compiler.(*rules.Engine); ok {
		a.Catalogue.Engine = e
	}
	if d.Policies != nil {
		a.Policies = &Policies{Store: d.Policies, Authz: d.Authz, Engine: a.Catalogue.Engine, Time: d.Time}
		a.Policies.Store = a.Knowledge.KeepPoliciesInStep(d.Policies)
		a.PolicyAdmin = &PolicyAdmin{Policies: a.Policies, Names: d.Store, Authz: d.Authz, Time: d.Time}
	}
	if d.Matches != nil {
		a.Matches = &Matches{Store: d.Matches, Flow: d.MatchFlow, Authz: d.Authz, Engine: a.Catalogue.Engine, Time: d.Time}
	}
	if d.Benefits != nil {
		a.Benefits = &Benefits{Store: d.Benefits, Flow: d.BenefitFlow, Pledge: d.Pledges, Authz: d.Authz, Time: d.Time}
		a.BenefitAdmin = &BenefitAdmin{Store: d.Benefits, Flow: d.BenefitFlow, Treasury: d.Treasury, Authz: d.Authz, Time: d.Time}
		a.Licences.Benefits = a.Benefits
	}
	if d.KnowledgeTasks != nil {
		a.KnowledgeTasks = &KnowledgeTasks{Store: d.KnowledgeTasks, Authz: d.Authz, Time: d.Time}
		a.Supervision.Knowledge = a.KnowledgeTasks
		if d.Gaps == nil {
			d.Gaps = a.KnowledgeTasks
		}
	}
	if d.Leaders != nil {
		a.Leaders = &LeaderSessions{Store: d.Leaders, Authz: d.Authz, Time: d.Time}
	}
	if d.Help != nil {
		a.Help = &Help{Store: d.Help, Flow: d.HelpFlow, Gaps: d.Gaps, Authz: d.Authz, Hours: d.HelpHours.OrDefault(), Time: d.Time}
	}
	if d.HelperSkills != nil {
		a.HelperSkills = &HelperSkills{Store: d.HelperSkills, Authz: d.Authz, Time: d.Time}
	}
	if d.Screen != nil {
		a.Screen = &Screen{Store: d.Screen, Drafts: a.Drafts, Time: d.Time}
	}
	if d.Hotline != nil {
		a.Hotline = &Hotline{Store: d.Hotline, Flow: d.HelpFlow, Hours: d.HelpHours.OrDefault(), ConnectTarget: d.HotlineTarget, Time: d.Time}
	}
	if d.Assistant != nil {
		a.Assistant = &Assistant{Store: d.Assistant, Knowledge: a.Knowledge, Cases: d.Store, Gaps: d.Gaps, Authz: d.Authz, Time: d.Time}
		if a.Policies != nil {
			a.Assistant.Policies = a.Policies
		}
	}
	if d.Operations != nil {
		// Ratings and Obstacles are wired by their own use cases when built.
		a.Operations = &Operations{Store: d.Operations, Authz: d.Authz, Time: d.Time}
		if a.Help != nil {
			a.Operations.Help = a.Help
		}
		if a.Assistant != nil {
			a.Operations.Assistant = a.Assistant
		}
	}
	a.Window = &Window{Store: d.Store, Drafts: a.Drafts}
	if d.Obstacles != nil {
		a.Obstacles = &Obstacles{Store: d.Obstacles, Authz: d.Authz, Time: d.Time}
		a.Supervision.Obstacles = a.Obstacles
		if a.Operations != nil {
			a.Operations.Obstacles = a.Obstacles
		}
	}
	if d.Ratings != nil {
		a.Ratings = &Ratings{Store: d.Ratings, Authz: d.Authz, Time: d.Time}
		a.Supervision.Ratings = a.Ratings
		if a.Help != nil {
			a.Help.Ratings = a.Ratings
		}
		if a.Operations != nil {
			a.Operations.Ratings = a.Ratings
		}
	}
	if d.OperationWeights != nil && a.Operations != nil {
		a.Scores = &OperationScores{Store: d.OperationWeights, Figures: a.Operations, Authz: d.Authz, Time: d.Time}
	}
	a.CatalogueEditor = &CatalogueEditor{Catalogue: a.Catalogue, Store: d.Store, Authz: d.Authz, Time: d.Time}
	return a
}
