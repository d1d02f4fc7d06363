#!/usr/bin/env bash
# Rebuilds report/fonts/TenglongKai-Regular.ttf, the default font of tenglong's PDFs:
# a subset of LXGW WenKai Regular (Debian's fonts-lxgw-wenkai 1.250+repack-1) renamed
# as the SIL Open Font License requires of a Modified Version. See README.md.
#
#   report/fonts/make-font.sh [SOURCE.ttf]
#
# Needs Debian's python3-fonttools (run with /usr/bin/python3: a pyenv python3 on
# PATH may not have it). With the same source font and fontTools 4.38.0 the output is
# the same bytes on every run.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
src="${1:-/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf}"
out="$here/TenglongKai-Regular.ttf"
py=/usr/bin/python3

[ -f "$src" ] || { echo "no source font $src: apt-get install fonts-lxgw-wenkai" >&2; exit 1; }
"$py" -c 'import fontTools' 2>/dev/null || { echo "$py has no fontTools: apt-get install python3-fonttools" >&2; exit 1; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# 1. The code points to keep, one hex number a line.
"$py" - "$repo" "$here/extra-chars.txt" >"$tmp/unicodes.txt" <<'PY'
import glob, os, sys

repo, extra = sys.argv[1], sys.argv[2]
keep = set()

ranges = [
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1 supplement: ×÷±°·
    (0x2000, 0x206F),  # general punctuation: —‘’“”…‰※
    (0x2100, 0x218F),  # letterlike symbols and number forms: ℃№Ⅰ Ⅱ Ⅲ
    (0x2190, 0x21FF),  # arrows: ↑↓→
    (0x2200, 0x22FF),  # mathematical operators: −≤≥≠∑
    (0x2460, 0x24FF),  # enclosed alphanumerics: ①②⑴⒈
    (0x2500, 0x257F),  # box drawing
    (0x25A0, 0x25FF),  # geometric shapes: ■□●○▲△◆
    (0x3000, 0x303F),  # CJK symbols and punctuation: 、。〓《》「」【】〇
    (0xFF00, 0xFFEF),  # halfwidth and fullwidth forms: （），：；
]
for lo, hi in ranges:
    keep.update(range(lo, hi + 1))

# GB 2312: rows 1-9 (symbols, Greek, Cyrillic, kana, pinyin, bopomofo, box drawing)
# and rows 16-87 (the 6,763 hanzi).
for hi in list(range(0xA1, 0xAA)) + list(range(0xB0, 0xF8)):
    for lo in range(0xA1, 0xFF):
        try:
            keep.add(ord(bytes([hi, lo]).decode("gb2312")))
        except UnicodeDecodeError:
            pass

# Everything the repository's seed campaigns and built-in templates write.
files = sorted(glob.glob(os.path.join(repo, "seeds", "*.yaml")))
files += sorted(glob.glob(os.path.join(repo, "templates", "builtin", "*")))
for name in files:
    with open(name, encoding="utf-8") as f:
        keep.update(ord(c) for c in f.read())

with open(extra, encoding="utf-8") as f:
    for line in f:
        keep.update(ord(c) for c in line.split("#", 1)[0] if not c.isspace())

# Only the Basic Multilingual Plane (gofpdf cannot set the rest), no control characters.
for cp in sorted(keep):
    if 0x20 <= cp <= 0xFFFF and not 0x7F <= cp <= 0x9F:
        print("%04X" % cp)
PY

# 2. The subset: no OpenType layout features (gofpdf does not apply them), no hinting,
# no vertical metrics, no glyph names; every name record in every language is kept so
# that step 3 sees them all.
"$py" -m fontTools.subset "$src" \
	--unicodes-file="$tmp/unicodes.txt" \
	--layout-features='' --no-hinting --no-glyph-names \
	--drop-tables+=vhea,vmtx,BASE,GDEF,GSUB,GPOS \
	--name-IDs='*' --name-languages='*' --name-legacy \
	--output-file="$tmp/subset.ttf"

# 3. The new name. The licence reserves "霞鹜" and "LXGW" for the original: no record
# that names the font (IDs 1, 3, 4, 6, 16, 17, on every platform) may carry them. The
# copyright (ID 0) and licence (13, 14) records stay as they are.
"$py" - "$tmp/subset.ttf" "$out" <<'PY'
import sys
from fontTools.ttLib import TTFont

src, dst = sys.argv[1], sys.argv[2]
font = TTFont(src, recalcTimestamp=False)
name = font["name"]
names = {
    1: ("Tenglong Kai", "腾龙楷体"),
    3: ("Tenglong Kai:Version 1.250", "Tenglong Kai:Version 1.250"),
    4: ("Tenglong Kai", "腾龙楷体"),
    6: ("TenglongKai-Regular", "TenglongKai-Regular"),
    16: ("Tenglong Kai", "腾龙楷体"),
    17: ("Regular", "Regular"),
}
chinese = {(1, 25, 33), (3, 1, 2052), (3, 1, 1028), (3, 1, 3076), (3, 1, 4100), (3, 1, 5124)}
for rec in name.names:
    if rec.nameID in names:
        en, zh = names[rec.nameID]
        is_zh = (rec.platformID, rec.platEncID, rec.langID) in chinese
        rec.string = zh if is_zh else en
# Version: say it is a modified version.
for rec in name.names:
    if rec.nameID == 5:
        rec.string = "Version 1.250;January 17, 2023; subset for tenglong"
for rec in name.names:
    if rec.nameID in names:
        s = rec.toUnicode()
        assert "LXGW" not in s.upper() and "霞鹜" not in s, (rec.nameID, s)
font.save(dst, reorderTables=True)
PY

"$py" - "$out" <<'PY'
import hashlib, os, sys
from fontTools.ttLib import TTFont
path = sys.argv[1]
font = TTFont(path)
print("%s: %d bytes, %d glyphs, %d code points, sha256 %s" % (
    os.path.basename(path), os.path.getsize(path), font["maxp"].numGlyphs,
    len(font.getBestCmap()), hashlib.sha256(open(path, "rb").read()).hexdigest()))
PY
