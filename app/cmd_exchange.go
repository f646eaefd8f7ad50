package main

// cmdExportBundle writes this station's new cases as a signed bundle.
func cmdExportBundle(env *cliEnv, o *opts) error {
	return usagef("bundle export is being built")
}
