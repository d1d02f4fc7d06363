package main

import "tenglong/internal/fileout"

// writeFileAtomic, writeOutput and writeError are the CLI's names for package
// fileout's atomic writer and its Chinese error wording.
var (
	writeFileAtomic = fileout.WriteFile
	writeOutput     = fileout.Write
	writeError      = fileout.Explain
)
