package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"haoban/blob"
	"haoban/cmd/wiring"
	"haoban/issuing"
	"haoban/postgres"
)

// openIssuer connects an issuer to the database for the operator commands.
func openIssuer(ctx context.Context, cfg wiring.Config) (*issuing.Issuer, func(), error) {
	store, err := postgres.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return nil, nil, err
	}
	blobs, err := blob.NewDir(cfg.BlobDir)
	if err != nil {
		store.Close()
		return nil, nil, err
	}
	return &issuing.Issuer{Store: store, Blobs: blobs, Master: cfg.MasterKey, PublicURL: cfg.PublicURL}, store.Close, nil
}

// runSeal makes a department's seal ahead of its first licence:
// `haoban seal create --department samr`.
func runSeal(ctx context.Context, cfg wiring.Config, args []string) error {
	if len(args) == 0 || args[0] != "create" {
		return fmt.Errorf("usage: haoban seal create --department CODE")
	}
	fs := flag.NewFlagSet("seal create", flag.ContinueOnError)
	dept := fs.String("department", "", "the department's code, e.g. samr")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *dept == "" {
		return fmt.Errorf("usage: haoban seal create --department CODE")
	}
	if err := cfg.RequireMasterKey(); err != nil {
		return err
	}
	issuer, done, err := openIssuer(ctx, cfg)
	if err != nil {
		return err
	}
	defer done()
	name, err := issuer.SealName(ctx, *dept)
	if err != nil {
		return err
	}
	fmt.Printf("%s 的电子印章已就绪：%s\n", *dept, name)
	return nil
}

// runVerify checks a sealed document without the API: `haoban verify FILE`.
// It needs the database, not the master key; it exits 1 when the document
// is not valid.
func runVerify(ctx context.Context, cfg wiring.Config, args []string) error {
	if len(args) != 1 {
		return fmt.Errorf("usage: haoban verify FILE.pdf")
	}
	pdf, err := os.ReadFile(args[0])
	if err != nil {
		return err
	}
	issuer, done, err := openIssuer(ctx, cfg)
	if err != nil {
		return err
	}
	defer done()
	v, err := issuer.Verify(ctx, pdf)
	if err != nil {
		return err
	}
	fmt.Printf("PDF 签名：%s\n", verdict(v.PDF.Valid, v.PDF.Reason))
	if v.PDF.Valid {
		fmt.Printf("  签名人 %s，签名时间 %s\n", v.PDF.Signer, v.PDF.SignedAt.Format("2006-01-02 15:04"))
	}
	if v.Seal != nil {
		fmt.Printf("电子印章：%s（%s）\n", verdict(v.Seal.Valid, v.Seal.Reason), v.Seal.SealName)
	}
	if v.Licence != nil {
		fmt.Printf("证照：%s %s，持证人 %s，状态 %s\n", v.Licence.Type, v.Licence.Number, v.Licence.HolderName, v.Licence.Status)
	}
	if v.Successor != nil {
		fmt.Printf("新版本：%s（%s/verify/…）\n", v.Successor.Number, cfg.PublicURL)
	}
	if !v.Valid {
		return fmt.Errorf("文书无效：%v", v.Reasons)
	}
	fmt.Println("文书有效")
	return nil
}

func verdict(ok bool, reason string) string {
	if ok {
		return "有效"
	}
	return "无效：" + reason
}
