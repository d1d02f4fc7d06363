// Command testprogress runs `go test -json` with the arguments it is given and
// prints what a newcomer running `make test` needs to see: which packages are
// running and for how long (a line every half minute while any runs), go test's own
// closing line for each package (`ok  tenglong/x  12.3s`, `FAIL ...`, which CI reads),
// the full output of every failing test and of every build failure, and at the end
// the slowest packages. It exits with go test's exit code.
//
//	go run ./internal/testprogress -count=1 ./...
package main
