package main

import (
	"errors"
	"strings"

	"github.com/ae7539e0/httparse"
)

// leniencyNames are the -lenient names of the httparse.Leniency kinds.
var leniencyNames = []struct {
	name string
	kind httparse.Leniency
}{
	{"bare-lf", httparse.AllowBareLF},
	{"obs-fold", httparse.AllowObsFold},
	{"raw-target", httparse.AllowRawTargetBytes},
	{"missing-host", httparse.AllowMissingHost},
}

// parseLeniency reads -lenient: a comma-separated list of kind names, or
// "" for none. An unknown name is an error, so a typo never leaves the
// server stricter or looser than asked.
func parseLeniency(s string) (httparse.Leniency, error) {
	var l httparse.Leniency
	if s == "" {
		return 0, nil
	}
next:
	for _, name := range strings.Split(s, ",") {
		for _, k := range leniencyNames {
			if name == k.name {
				l |= k.kind
				continue next
			}
		}
		return 0, errors.New("unknown kind " + `"` + name + `"` + "; known: bare-lf, obs-fold, raw-target, missing-host")
	}
	return l, nil
}
