#!/usr/bin/env bash
# Installs the Debian packages `make test` needs beyond Node, Go and the tools in .tools/ (as root, with apt):
#   buildah      builds services/Dockerfile without a docker engine (scripts/build-images.sh)
#   debootstrap  makes the local stand-in for node:24-slim (scripts/images/node-base.sh)
#   iproute2     network namespaces for the pods' stand-in (test-support/lab/pod-sandbox)
#   util-linux   unshare, nsenter, setpriv for the container runtime stand-in (run-container.sh)
#   chromium     the headless browser that draws trace-check's HTML waterfall in its test and for README's picture
#                (e2e/test/waterfall-page.test.ts, make waterfall-picture), driven by playwright-core
#   chromium-driver  Chromium's WebDriver, installed beside it as the browser's test tooling
# Packages already installed are left alone. Usage: scripts/provision-debian-packages.sh
set -euo pipefail

packages=(buildah debootstrap iproute2 util-linux chromium chromium-driver)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q '^install ok installed$' || missing+=("$package")
done
[ "${#missing[@]}" -gt 0 ] || exit 0
if [ "$(id -u)" != 0 ]; then
  echo "error: missing Debian packages ${missing[*]}: run 'sudo apt-get install ${missing[*]}'" >&2
  exit 1
fi
echo "provision: apt-get install ${missing[*]}" >&2
if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2; then
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
fi
