package report

import (
	_ "embed"
	"sync"
)

// Role is what a font sets in a 公文 (GB/T 9704-2012): the title in 小标宋, the body in
// 仿宋, 一、 headings in 黑体, （一） headings in 楷体.
type Role int

// The roles, in the order `bulletin --fonts` lists them.
const (
	RoleTitle Role = iota
	RoleBody
	RoleHei
	RoleKai
	roleCount
)

// Roles lists every role.
var Roles = []Role{RoleTitle, RoleBody, RoleHei, RoleKai}

// Label is the role as a clerk names it.
func (r Role) Label() string {
	switch r {
	case RoleTitle:
		return "标题（小标宋）"
	case RoleBody:
		return "正文（仿宋）"
	case RoleHei:
		return "一级标题（黑体）"
	case RoleKai:
		return "二级标题（楷体）"
	}
	return "?"
}

// The built-in fallbacks, one per role (fonts/README.md): converted subsets of Noto
// CJK SC for the title, the body and 黑体, Tenglong Kai (LXGW WenKai) for 楷体. The
// body stand-in is a 宋体 with plain digits: no open 仿宋 covers GB 2312.
var (
	//go:embed fonts/TenglongBiaoSong-Bold.ttf
	titleFontTTF []byte
	//go:embed fonts/TenglongSong-Regular.ttf
	bodyFontTTF []byte
	//go:embed fonts/TenglongHei-Regular.ttf
	heiFontTTF []byte
)

// builtinFile is the embedded file of each role, as --fonts names it.
var builtinFile = [roleCount]string{
	RoleTitle: "TenglongBiaoSong-Bold.ttf",
	RoleBody:  "TenglongSong-Regular.ttf",
	RoleHei:   "TenglongHei-Regular.ttf",
	RoleKai:   "TenglongKai-Regular.ttf",
}

var (
	builtinOnce  sync.Once
	builtinFonts [roleCount]*Font
)

// BuiltinFont is the font embedded in the binary for a role. A build whose embedded
// font does not parse panics here, and the tests see it.
func BuiltinFont(r Role) *Font {
	builtinOnce.Do(func() {
		for role, data := range [roleCount][]byte{RoleTitle: titleFontTTF, RoleBody: bodyFontTTF, RoleHei: heiFontTTF} {
			if data == nil {
				continue
			}
			f, err := ParseFont("内置字体 "+builtinFile[role], data)
			if err != nil {
				panic(err)
			}
			builtinFonts[role] = f
		}
		builtinFonts[RoleKai] = DefaultFont()
	})
	return builtinFonts[r]
}

// BuiltinFileName is the embedded file of a role, e.g. TenglongSong-Regular.ttf.
func BuiltinFileName(r Role) string { return builtinFile[r] }

// FontSet is the font of each role; a nil entry is the built-in one.
type FontSet [roleCount]*Font

// get is the font of a role, the built-in one when the set has none.
func (s *FontSet) get(r Role) *Font {
	if s != nil && s[r] != nil {
		return s[r]
	}
	return BuiltinFont(r)
}
