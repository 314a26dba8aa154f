// Command haoban is the production binary of the Haoban approval system:
// `migrate`, `api` and `worker` are the parts a deployment runs
// separately, the rest are operators' tools. It links no Temporal server:
// `haoban-dev` (cmd/haoban-dev) runs everything in one process for a
// newcomer.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"haoban/cmd/wiring"
)

const usage = `haoban — 好办：一件事一次办

用法：haoban <命令>

命令：
  dev       一体化运行（转交给同目录或 PATH 中的 haoban-dev）
  migrate   执行数据库迁移
  api       运行 HTTP API（连接外部 Temporal 集群）
  worker    运行 Temporal worker（连接外部 Temporal 集群）
  audit verify  校验审计记录的哈希链，报告第一处断裂
  seed [--residents N] [--enterprises M]  生成演示用的人口库、企业库与地址库（可重复执行）
  model train --item 事项|all [--cases N]  用历史办件训练补正/不予风险模型，打印留出集指标并保存为新版本
  model list                              列出各事项模型的所有版本
  seal create --department 部门            为部门制作电子印章（本地 CA 签发的 SM2 印章证书与 PDF 签名证书）
  verify 文件.pdf                          离线验证签章文书：PDF 签名、电子印章签名、证书链与证照状态
  catalogue export [--dir 目录]            把每个一件事导出为一个 JSON 文件（<code>.json），便于在 git 中审阅
  catalogue import 文件...                 检查并导入一件事文件（仅 JSON）；未变化的不写，有问题的逐项列出并以非零退出

配置从环境变量读取，见 README。开发用的一体化运行（内嵌 Temporal）是另一个程序：haoban-dev。
`

func main() {
	if len(os.Args) < 2 {
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	if os.Args[1] == "dev" {
		execDev(os.Args[2:])
	}
	cfg, err := wiring.LoadConfig(os.Getenv)
	if err != nil {
		fmt.Fprintf(os.Stderr, "haoban: configuration problems:\n%v\n", err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var run func(context.Context, wiring.Config) error
	switch os.Args[1] {
	case "migrate":
		run = runMigrate
	case "api":
		run = runAPI
	case "worker":
		run = runWorker
	case "seed":
		run = func(ctx context.Context, cfg wiring.Config) error { return runSeed(ctx, cfg, os.Args[2:]) }
	case "seal":
		run = func(ctx context.Context, cfg wiring.Config) error { return runSeal(ctx, cfg, os.Args[2:]) }
	case "verify":
		run = func(ctx context.Context, cfg wiring.Config) error { return runVerify(ctx, cfg, os.Args[2:]) }
	case "model":
		run = func(ctx context.Context, cfg wiring.Config) error { return runModel(ctx, cfg, os.Args[2:]) }
	case "catalogue":
		run = func(ctx context.Context, cfg wiring.Config) error { return runCatalogue(ctx, cfg, os.Args[2:]) }
	case "audit":
		run = func(ctx context.Context, cfg wiring.Config) error { return runAudit(ctx, cfg, os.Args[2:]) }
	case "help", "-h", "--help":
		fmt.Print(usage)
		return
	default:
		fmt.Fprintf(os.Stderr, "haoban: unknown command %q\n\n%s", os.Args[1], usage)
		os.Exit(2)
	}
	if err := run(ctx, cfg); err != nil {
		fmt.Fprintf(os.Stderr, "haoban %s: %v\n", os.Args[1], err)
		os.Exit(1)
	}
}
