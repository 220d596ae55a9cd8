#!/usr/bin/env bash
# Build the Containerfile's image and run `briefing build` inside it, as .ci/run does.
#
# Machines here cannot pull images or run podman, so the Debian base is made offline from
# Debian's packages (mmdebstrap, ~15 s) and imported with buildah; pip inside the image installs
# from wheels built on the host (the image may not reach PyPI). The image is built with
# `buildah bud --isolation chroot`, then a container of it runs a build as its own user.
# Checks: the user is not root, and the three Korean briefs and the manifest appear.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"
version="$(python3 -c 'import re,sys; print(re.search(r"__version__ = \"([^\"]+)\"", open("briefing/__init__.py").read())[1])')"
work="$(mktemp -d)"
containers=()
cleanup() {
  for c in "${containers[@]}"; do buildah rm "$c" >/dev/null 2>&1 || true; done
  rm -rf "$work"
}
trap cleanup EXIT

if ! command -v buildah >/dev/null || ! command -v mmdebstrap >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends buildah mmdebstrap >/dev/null
fi
mirror="$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1)"
mmdebstrap --quiet --variant=minbase bookworm "$work/base.tar" "${mirror:-http://deb.debian.org/debian}"
base="$(buildah from scratch)"; containers+=("$base")
buildah add --quiet "$base" "$work/base.tar" / >/dev/null
buildah commit --quiet "$base" localhost/briefing-base:bookworm >/dev/null

# The build context: the committed tree, as a clean clone has it, and the wheels.
mkdir "$work/context"
git -C "$repo" archive HEAD | tar -x -C "$work/context"
python3 -m pip wheel --quiet "$work/context" -w "$work/context/wheels"
buildah bud --quiet --isolation chroot --build-arg BASE=localhost/briefing-base:bookworm \
  --build-arg WHEELS=wheels -t "briefing:$version" -f "$work/context/Containerfile" "$work/context" >/dev/null

run="$(buildah from "briefing:$version")"; containers+=("$run")
out="$(buildah run --isolation chroot "$run" -- sh -c \
  'id -u && cd /tmp && briefing -q build --lang ko -o /tmp/briefs && ls /tmp/briefs')"
echo "$out"
uid="$(echo "$out" | head -1)"
test "$uid" != 0 || { echo "the image runs briefing as root" >&2; exit 1; }
test "$(echo "$out" | grep -c '_ko\.docx$')" = 3 || { echo "the container did not write the three briefs" >&2; exit 1; }
echo "$out" | grep -qx manifest.json || { echo "the container wrote no manifest" >&2; exit 1; }
echo "container image briefing:$version built and ran briefing as uid $uid"
