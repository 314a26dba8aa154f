package eseal

import (
	"encoding/pem"
	"errors"
	"fmt"

	"github.com/emmansun/gmsm/smx509"
)

// pemCertificate is the block type every X.509 tool expects.
const pemCertificate = "CERTIFICATE"

// EncodeCertPEM wraps a certificate's DER in a CERTIFICATE PEM block, the
// form kept in configuration and shown to operators.
func EncodeCertPEM(der []byte) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: pemCertificate, Bytes: der})
}

// DecodeCertPEM returns the DER of the first CERTIFICATE block in data,
// checking that it parses so a bad file fails at load, not at signing.
func DecodeCertPEM(data []byte) ([]byte, error) {
	for {
		var block *pem.Block
		block, data = pem.Decode(data)
		if block == nil {
			return nil, errors.New("eseal: no CERTIFICATE PEM block")
		}
		if block.Type != pemCertificate {
			continue
		}
		if _, err := smx509.ParseCertificate(block.Bytes); err != nil {
			return nil, fmt.Errorf("parse PEM certificate: %w", err)
		}
		return block.Bytes, nil
	}
}

// ParseCertPEM parses the first certificate in data.
func ParseCertPEM(data []byte) (*smx509.Certificate, error) {
	der, err := DecodeCertPEM(data)
	if err != nil {
		return nil, err
	}
	return smx509.ParseCertificate(der)
}
