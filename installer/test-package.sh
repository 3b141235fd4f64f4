#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The `package` CTest test: builds the Debian package and the tarball from a finished build
# directory, checks the package's file list and control fields, unpacks it into a throwaway root
# and runs the installed binary from there, and validates the installed desktop entry, AppStream
# metainfo, icons and man page. Usage: installer/test-package.sh BUILD_DIR
# Everything it makes goes under BUILD_DIR/package-test, removed again when the test passes.
set -euo pipefail
build=$(cd "${1:?usage: test-package.sh BUILD_DIR}" && pwd)
src=$(cd "$(dirname "$0")/.." && pwd)
work="$build/package-test"
app_id=io.github.dbt_uploader.DbtUploader

fail() {
    echo "FAIL: $*" >&2
    echo "(the unpacked package stays in $work for a look)" >&2
    exit 1
}
step() { echo "== $*"; }

for tool in cpack dpkg-deb dpkg-shlibdeps desktop-file-validate appstreamcli python3 readelf \
    systemd-analyze; do
    command -v "$tool" >/dev/null \
        || fail "$tool is missing; scripts/install-deps.sh installs it (dpkg-dev, desktop-file-utils, appstream, systemd)"
done
version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build/CMakeCache.txt")
[ -n "$version" ] || fail "no CMAKE_PROJECT_VERSION in $build/CMakeCache.txt"

rm -rf "$work"
mkdir -p "$work/out" "$work/home"

step "cpack -G DEB;TGZ"
if ! cpack --config "$build/CPackConfig.cmake" -G "DEB;TGZ" -B "$work/out" >"$work/cpack.log" 2>&1; then
    cat "$work/cpack.log" >&2
    fail "cpack failed"
fi
arch=$(dpkg --print-architecture)
deb="$work/out/dbt-uploader_${version}_${arch}.deb"
tgz=$(find "$work/out" -maxdepth 1 -name "dbt-uploader-${version}-*.tar.gz" -print -quit)
[ -f "$deb" ] || fail "no $deb; cpack made: $(ls "$work/out")"
[ -n "$tgz" ] || fail "no tarball; cpack made: $(ls "$work/out")"

step "file list of $(basename "$deb")"
# Regular files and links only: the directories follow from them.
dpkg-deb --contents "$deb" | awk '$6 !~ /\/$/ { print $6 }' | LC_ALL=C sort >"$work/files.txt"
if ! diff -u "$src/installer/expected-files.txt" "$work/files.txt"; then
    fail "the package's files differ from installer/expected-files.txt (- expected, + packaged)"
fi

step "control fields"
dpkg-deb --field "$deb" Package Version Architecture Maintainer Section Homepage Depends Recommends Suggests
[ "$(dpkg-deb --field "$deb" Package)" = dbt-uploader ] || fail "package name"
[ "$(dpkg-deb --field "$deb" Version)" = "$version" ] || fail "version is not the project's $version"
# (No `cmd | grep -q` in this script: with pipefail, grep's early exit can fail the pipe.)
[[ "$(dpkg-deb --field "$deb" Maintainer)" == *"<"*"@"*">" ]] || fail "Maintainer has no address"
[[ "$(dpkg-deb --field "$deb" Description)" == *Secoda* ]] || fail "Description"
depends=$(dpkg-deb --field "$deb" Depends)
depends_names=$(tr ',|' '\n\n' <<<"$depends" | awk '{ print $1 }')
# From dpkg-shlibdeps (the libraries the binary links), plus the plugins named by hand.
for lib in libc6 libstdc++6 libqt6core6 libqt6gui6 libqt6widgets6 libqt6network6 libqt6keychain1 \
    libqt6sql6 qt6-qpa-plugins libqt6sql6-sqlite; do
    grep -qxF "$lib" <<<"$depends_names" || fail "Depends lacks $lib: $depends"
done

step "unpack into a throwaway root, run the installed binary"
root="$work/root"
dpkg-deb -x "$deb" "$root"
bin="$root/usr/bin/dbt-uploader"
[ -x "$bin" ] || fail "$bin is not executable"
# The installed binary must not look into the build tree for libraries.
dynamic=$(readelf -d "$bin")
if grep -Eq 'RPATH|RUNPATH' <<<"$dynamic"; then
    fail "the installed binary carries an RPATH: $(grep -E 'RPATH|RUNPATH' <<<"$dynamic")"
fi
export HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" XDG_RUNTIME_DIR=
out=$("$bin" --version)
echo "$out"
[[ "$(head -n 1 <<<"$out")" == "dbt-uploader $version "* ]] || fail "--version: $out"
help=$("$bin" --help)
grep -q 'inspect \[--json\] PATH' <<<"$help" || fail "--help lacks the inspect command"
"$bin" inspect --json "$src/tests/data/core/v12-manifest.json" >"$work/inspect.json" \
    || fail "inspect --json exited with $?"
python3 - "$work/inspect.json" <<'PY' || fail "inspect --json output"
import json, sys
doc = json.load(open(sys.argv[1]))
m = doc["manifest"]
assert m["metadata"]["schema_version_number"] == 12, m["metadata"]
assert m["resource_type_counts"], m
assert doc["run_results"] is None
print("inspect --json: manifest v12,", m["metadata"]["project_name"], m["resource_type_counts"])
PY

# The example project, installed, reads as the one built in; and demo runs the whole job on it
# with its own sandbox (loopback only), from the installed binary.
"$bin" inspect "$root/usr/share/doc/dbt-uploader/examples/jaffle_shop/target" >"$work/example.txt" \
    || fail "inspect of the installed example exited with $?"
grep -q 'jaffle_shop' "$work/example.txt" || fail "the installed example: $(cat "$work/example.txt")"
"$bin" demo >"$work/demo.txt" || fail "demo exited with $?: $(cat "$work/demo.txt")"
grep -q '^The sync finished' "$work/demo.txt" || fail "demo did not follow the sync: $(cat "$work/demo.txt")"
echo "demo: $(grep -c '^Step ' "$work/demo.txt") steps, the sync followed to its end"

step "the scheduler recipes' systemd units"
# As installed, with ExecStart pointing at the unpacked binary (the only change). Verified as user
# units; systemd-analyze prints a warning for a bad setting and exits 0, so any output fails too.
units="$work/units"
mkdir -p "$units" "$work/runtime"
chmod 700 "$work/runtime"
for unit in dbt-uploader-upload.service dbt-uploader-upload.timer; do
    [ -f "$root/usr/share/doc/dbt-uploader/examples/systemd/$unit" ] || fail "the package lacks $unit"
    sed "s#/usr/bin/dbt-uploader #$bin #" "$root/usr/share/doc/dbt-uploader/examples/systemd/$unit" \
        >"$units/$unit"
done
grep -q "^ExecStart=$bin upload " "$units/dbt-uploader-upload.service" || fail "the service's ExecStart"
if ! verify=$(XDG_RUNTIME_DIR="$work/runtime" systemd-analyze --user verify \
    "$units/dbt-uploader-upload.service" "$units/dbt-uploader-upload.timer" 2>&1) || [ -n "$verify" ]; then
    fail "systemd-analyze verify: $verify"
fi
echo "systemd-analyze verify: dbt-uploader-upload.service, dbt-uploader-upload.timer"

step "desktop entry, metainfo, icons, man page"
desktop="$root/usr/share/applications/$app_id.desktop"
desktop-file-validate "$desktop" || fail "desktop-file-validate"
grep -q '^Exec=dbt-uploader %F$' "$desktop" || fail "the desktop entry's Exec"
grep -q '^MimeType=.*application/json;' "$desktop" || fail "the desktop entry's MimeType"
grep -q "^Icon=$app_id\$" "$desktop" || fail "the desktop entry's Icon"
appstreamcli validate --no-net "$root/usr/share/metainfo/$app_id.metainfo.xml" \
    || fail "appstreamcli validate"
python3 - "$root/usr/share/icons/hicolor" "$app_id" <<'PY' || fail "icon sizes"
import os, struct, sys
base, app_id = sys.argv[1], sys.argv[2]
for d in sorted(os.listdir(base)):
    if d == "scalable":
        continue
    with open(f"{base}/{d}/apps/{app_id}.png", "rb") as f:
        head = f.read(24)
    assert head[:8] == b"\x89PNG\r\n\x1a\n", d
    w, h = struct.unpack(">II", head[16:24])
    assert f"{w}x{h}" == d, (d, w, h)
print("icons:", ", ".join(sorted(os.listdir(base))))
PY
man="$root/usr/share/man/man1/dbt-uploader.1.gz"
gzip -t "$man" || fail "the man page is not valid gzip"
page=$(zcat "$man")
grep -q "^\.TH DBT-UPLOADER \"1\" .*\"dbt-uploader $version\"" <<<"$page" \
    || fail "the man page's .TH does not name dbt-uploader $version"
for word in inspect new\\\\-window SECODA_API_KEY; do
    grep -q -- "$word" <<<"$page" || fail "the man page lacks '$word'"
done
cmp -s "$src/LICENSE" "$root/usr/share/doc/dbt-uploader/copyright" || fail "copyright is not LICENSE"

step "tarball $(basename "$tgz")"
mkdir -p "$work/tgz"
tar -xzf "$tgz" -C "$work/tgz"
tbin=$(find "$work/tgz" -path '*/bin/dbt-uploader' -type f)
[ -n "$tbin" ] || fail "the tarball has no bin/dbt-uploader"
[[ "$("$tbin" --version | head -n 1)" == "dbt-uploader $version "* ]] || fail "tarball --version"

rm -rf "$work"
echo "package test passed: $(basename "$deb"), $(basename "$tgz")"
