#!/usr/bin/env bash
# buildah with this project's own image storage under .tools/containers (ignored by git): the images built for
# the tests, their cached layers and the local node base live there, never in the machine's shared storage.
# Usage: scripts/images/buildah.sh BUILDAH_ARGS...
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
command -v buildah >/dev/null 2>&1 || { echo "error: 'buildah' is not installed: apt-get install buildah (Debian/Ubuntu)" >&2; exit 127; }
exec buildah --root "$root/.tools/containers/storage" --runroot "$root/.tools/containers/run" "$@"
