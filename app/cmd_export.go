package main

// cmdExportTable writes the cases as CSV (--csv), JSON (--json) or the
// non-nominal CITES table (--cites).
func cmdExportTable(env *cliEnv, kind string, o *opts) error {
	return usagef("%s export is being built", kind)
}
