package main

import "tenglong/internal/fileout"

// writeFileAtomic, writeOutput, streamOutput, writeError and safeFileName are the
// CLI's names for package fileout's atomic writers, its Chinese error wording and its
// file naming.
var (
	writeFileAtomic = fileout.WriteFile
	writeOutput     = fileout.Write
	streamOutput    = fileout.Stream
	writeError      = fileout.Explain
	safeFileName    = fileout.SafeName
)
