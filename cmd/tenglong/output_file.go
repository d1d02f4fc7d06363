package main

import "tenglong/internal/fileout"

// writeFileAtomic, writeOutput, writeError and safeFileName are the CLI's names for
// package fileout's atomic writer, its Chinese error wording and its file naming.
var (
	writeFileAtomic = fileout.WriteFile
	writeOutput     = fileout.Write
	writeError      = fileout.Explain
	safeFileName    = fileout.SafeName
)
