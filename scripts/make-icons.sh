#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Regenerates the app icon's raster sizes from the hand-written SVG (it does not commit): run it
# after editing resources/icons/io.github.dbt_uploader.DbtUploader.svg, then commit the results.
#   resources/icons/hicolor/NxN/apps/<app id>.png   16…512, installed into the hicolor theme
#   resources/icons/dbt-uploader.ico                 Windows (.exe resource, NSIS installer)
#   resources/icons/dbt-uploader.icns                macOS bundle icon
# Needs rsvg-convert (Debian: librsvg2-bin) and python3. The outputs are committed so that a
# build needs neither.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
icons="$repo/resources/icons"
id=io.github.dbt_uploader.DbtUploader
svg="$icons/$id.svg"
if ! command -v rsvg-convert >/dev/null; then
    echo "error: rsvg-convert is missing" >&2
    echo "hint: apt-get install librsvg2-bin" >&2
    exit 1
fi
for size in 16 24 32 48 64 128 256 512; do
    mkdir -p "$icons/hicolor/${size}x${size}/apps"
    rsvg-convert -w "$size" -h "$size" "$svg" -o "$icons/hicolor/${size}x${size}/apps/$id.png"
done

# .ico and .icns both accept PNG images as entries; pack them with a few lines of Python.
python3 - "$icons" "$id" <<'PY'
import struct, sys
icons, app_id = sys.argv[1], sys.argv[2]
def png(size):
    with open(f"{icons}/hicolor/{size}x{size}/apps/{app_id}.png", "rb") as f:
        return f.read()

# ICO: header, one 16-byte directory entry per image, then the PNG data (size 256 is written as 0).
sizes = [16, 24, 32, 48, 64, 128, 256]
images = [png(s) for s in sizes]
offset = 6 + 16 * len(sizes)
ico = struct.pack("<HHH", 0, 1, len(sizes))
for s, data in zip(sizes, images):
    ico += struct.pack("<BBBBHHII", s % 256, s % 256, 0, 0, 1, 32, len(data), offset)
    offset += len(data)
with open(f"{icons}/dbt-uploader.ico", "wb") as f:
    f.write(ico + b"".join(images))

# ICNS: 'icns' + total length, then (type, length, PNG) per entry, big-endian.
entries = [(b"icp4", 16), (b"icp5", 32), (b"icp6", 64), (b"ic07", 128), (b"ic08", 256),
           (b"ic09", 512), (b"ic11", 32), (b"ic12", 64), (b"ic13", 256), (b"ic14", 512)]
body = b"".join(t + struct.pack(">I", 8 + len(png(s))) + png(s) for t, s in entries)
with open(f"{icons}/dbt-uploader.icns", "wb") as f:
    f.write(b"icns" + struct.pack(">I", 8 + len(body)) + body)
PY
echo "icons written under $icons"
