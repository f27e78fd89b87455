#!/bin/sh
# Builds Go's own execution-trace reader (internal/trace of a Go toolchain) as a benchmark:
# copies GOROOT/src/internal/trace into a scratch module, rewrites its import paths, and builds
# main.go (reads every event, prints events/s). Usage: build.sh [GO] [OUT]
#   GO  default /usr/lib/go-1.27/bin/go;  OUT default /tmp/goreader/readbench
set -e
GO=${1:-/usr/lib/go-1.27/bin/go}
OUT=${2:-/tmp/goreader/readbench}
HERE=$(cd "$(dirname "$0")" && pwd)
W=$(mktemp -d)
cp -r "$($GO env GOROOT)/src/internal/trace" "$W/trace"
find "$W/trace" -name '*_test.go' -delete
rm -rf "$W/trace/testdata" "$W/trace/internal/testgen" "$W/trace/testtrace" "$W/trace/traceviewer" "$W/trace/raw"
mv "$W/trace/internal" "$W/trace/iv"
find "$W/trace" -name '*.go' | xargs sed -i -e 's#"internal/trace/internal/#"gorb/trace/iv/#' -e 's#"internal/trace#"gorb/trace#'
printf 'module gorb\n\ngo %s\n' "$($GO env GOVERSION | sed -E 's/^go([0-9]+\.[0-9]+).*/\1/')" > "$W/go.mod"
mkdir -p "$W/cmd" "$(dirname "$OUT")"
cp "$HERE/main.go" "$W/cmd/main.go"
(cd "$W" && $GO build -o "$OUT" ./cmd)
rm -rf "$W"
echo "built $OUT"
