#!/usr/bin/env bash
# Rebuilds the three built-in fallback fonts made from Noto CJK SC (Debian's
# fonts-noto-cjk 1:20220127+repack1-1), one per role of a 公文 (see README.md):
#
#   TenglongBiaoSong-Bold.ttf  title (小标宋-style)   from Noto Serif CJK SC Bold
#   TenglongSong-Regular.ttf   body  (仿宋 stand-in)  from Noto Serif CJK SC Regular
#   TenglongHei-Regular.ttf    一、 headings (黑体)   from Noto Sans CJK SC Regular
#
#   report/fonts/make-noto.sh
#
# Noto CJK has CFF (cubic) outlines and gofpdf embeds TrueType (glyf) only, so each
# face is taken out of its collection, cut to the characters a bulletin prints (the
# same list as make-font.sh), its outlines converted to quadratic curves with
# fontTools' cu2qu (error at most 1 unit of 1000), and renamed as the SIL Open Font
# License requires of a Modified Version (the Reserved Font Name is "Source").
# Needs Debian's python3-fonttools (/usr/bin/python3). Same source, same fontTools
# 4.38.0: same bytes.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
noto=/usr/share/fonts/opentype/noto
py=/usr/bin/python3

[ -f "$noto/NotoSerifCJK-Regular.ttc" ] || { echo "no $noto/NotoSerifCJK-Regular.ttc: apt-get install fonts-noto-cjk" >&2; exit 1; }
"$py" -c 'import fontTools' 2>/dev/null || { echo "$py has no fontTools: apt-get install python3-fonttools" >&2; exit 1; }

"$py" - "$repo" "$here" "$noto" <<'PY'
import glob, hashlib, io, os, sys
from fontTools.ttLib import TTFont, newTable
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools import subset

repo, here, noto = sys.argv[1:4]

# The code points: the same list as make-font.sh.
keep = set()
for lo, hi in [(0x20, 0x7E), (0xA0, 0xFF), (0x2000, 0x206F), (0x2100, 0x218F),
               (0x2190, 0x21FF), (0x2200, 0x22FF), (0x2460, 0x24FF), (0x2500, 0x257F),
               (0x25A0, 0x25FF), (0x3000, 0x303F), (0xFF00, 0xFFEF)]:
    keep.update(range(lo, hi + 1))
for hi in list(range(0xA1, 0xAA)) + list(range(0xB0, 0xF8)):
    for lo in range(0xA1, 0xFF):
        try:
            keep.add(ord(bytes([hi, lo]).decode("gb2312")))
        except UnicodeDecodeError:
            pass
files = sorted(glob.glob(os.path.join(repo, "seeds", "*.yaml")))
files += sorted(glob.glob(os.path.join(repo, "templates", "builtin", "*")))
for name in files:
    with open(name, encoding="utf-8") as f:
        keep.update(ord(c) for c in f.read())
with open(os.path.join(here, "extra-chars.txt"), encoding="utf-8") as f:
    for line in f:
        keep.update(ord(c) for c in line.split("#", 1)[0] if not c.isspace())
keep = sorted(cp for cp in keep if 0x20 <= cp <= 0xFFFF and not 0x7F <= cp <= 0x9F)

# (source collection, face index of the SC face, output, family en, family zh, PostScript, style)
jobs = [
    ("NotoSerifCJK-Bold.ttc", 2, "TenglongBiaoSong-Bold.ttf", "Tenglong BiaoSong", "腾龙标宋", "TenglongBiaoSong-Bold", "Bold"),
    ("NotoSerifCJK-Regular.ttc", 2, "TenglongSong-Regular.ttf", "Tenglong Song", "腾龙宋体", "TenglongSong-Regular", "Regular"),
    ("NotoSansCJK-Regular.ttc", 2, "TenglongHei-Regular.ttf", "Tenglong Hei", "腾龙黑体", "TenglongHei-Regular", "Regular"),
]

def to_truetype(font):
    """Replaces the CFF outlines by quadratic glyf ones (fontTools' otf2ttf recipe)."""
    gs = font.getGlyphSet()
    order = font.getGlyphOrder()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(gs)
        gs[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    font["head"].glyphDataFormat = 0
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for attr in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs",
                 "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions",
                 "maxComponentElements"):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    maxp.maxComponentDepth = 0
    post = font["post"]
    post.formatType = 3.0
    post.extraNames, post.mapping = [], {}
    font.sfntVersion = "\x00\x01\x00\x00"

for src, index, out, en, zh, ps, style in jobs:
    font = TTFont(os.path.join(noto, src), fontNumber=index, recalcTimestamp=False, lazy=False)
    opts = subset.Options()
    opts.layout_features = []
    opts.hinting = False
    opts.glyph_names = False
    opts.drop_tables += ["vhea", "vmtx", "BASE", "GDEF", "GSUB", "GPOS", "VORG", "DSIG"]
    opts.name_IDs = ["*"]
    opts.name_languages = ["*"]
    opts.name_legacy = True
    opts.notdef_outline = True
    s = subset.Subsetter(opts)
    s.populate(unicodes=keep)
    s.subset(font)
    to_truetype(font)
    names = {1: (en, zh), 3: (en + ":Version 2.001 tenglong", en + ":Version 2.001 tenglong"),
             4: (en + ("" if style == "Regular" else " " + style), zh), 6: (ps, ps),
             16: (en, zh), 17: (style, style), 2: (style, style)}
    name = font["name"]
    name.names = [r for r in name.names if r.nameID not in (16, 17, 21, 22)] + []
    for rec in name.names:
        if rec.nameID in names:
            e, z = names[rec.nameID]
            rec.string = z if rec.langID in (0x804, 0x404, 0xC04, 0x1004, 0x1404, 33) and rec.nameID in (1, 4, 16) else e
        if rec.nameID == 5:
            rec.string = rec.toUnicode() + "; subset and converted to TrueType for tenglong"
    for rec in name.names:
        if rec.nameID in names:
            assert "source" not in rec.toUnicode().lower() and "noto" not in rec.toUnicode().lower(), rec.toUnicode()
    font["OS/2"].fsType = 0
    buf = io.BytesIO()
    font.save(buf, reorderTables=True)
    path = os.path.join(here, out)
    with open(path, "wb") as f:
        f.write(buf.getvalue())
    check = TTFont(path)
    print("%s: %d bytes, %d glyphs, %d code points, sha256 %s" % (
        out, os.path.getsize(path), check["maxp"].numGlyphs, len(check.getBestCmap()),
        hashlib.sha256(buf.getvalue()).hexdigest()))
PY
