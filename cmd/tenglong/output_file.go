package main

import "tenglong/internal/fileout"

// writeFileAtomic, writeFileFrom, writeOutput, writeError and safeFileName are the CLI's names for
// package fileout's atomic writer, its Chinese error wording and its file naming.
var (
	writeFileAtomic = fileout.WriteFile
	writeFileFrom   = fileout.WriteFileFrom
	writeOutput     = fileout.Write
	writeError      = fileout.Explain
	safeFileName    = fileout.SafeName
)
