#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image (Ubuntu): it
# installs Node.js 24 (the active LTS) from nodejs.org, checked against its published
# SHA-256 sums, and the course's packages exactly as locked.
set -euo pipefail
apt-get update
apt-get install -y --no-install-recommends ca-certificates curl xz-utils
dist=https://nodejs.org/dist/latest-v24.x
cd /tmp
curl -fsSLO "$dist/SHASUMS256.txt"
tarball=$(grep -oE 'node-v[0-9.]+-linux-x64\.tar\.xz' SHASUMS256.txt | head -n 1)
curl -fsSLO "$dist/$tarball"
grep " $tarball\$" SHASUMS256.txt | sha256sum -c -
tar -xJf "$tarball" -C /usr/local --strip-components=1
cd /autograder/source/course
npm ci --no-audit --no-fund
