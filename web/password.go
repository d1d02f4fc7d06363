package web

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"tenglong/store"
)

// passwordSetting is the store setting that holds the office password's hash.
const passwordSetting = "office-password"

// argon2id parameters (OWASP's minimum: 19 MiB, 2 passes, 1 lane): a login costs a
// few tens of milliseconds, a guess as much.
const (
	argonMemory  = 19 * 1024
	argonTime    = 2
	argonThreads = 1
	argonKeyLen  = 32
)

// MinPasswordLength is the shortest office password SetPassword takes, in characters.
const MinPasswordLength = 8

// SetPassword stores the office console's password as an argon2id hash.
func SetPassword(db *store.Store, password string) error {
	if n := utf8.RuneCountInString(password); n < MinPasswordLength {
		return fmt.Errorf("密码太短（%d 个字符）：请至少用 %d 个字符", n, MinPasswordLength)
	}
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return err
	}
	return db.SetSetting(passwordSetting, hashPassword(password, salt))
}

// HasPassword reports whether the office password was set.
func HasPassword(db *store.Store) (bool, error) {
	_, ok, err := db.Setting(passwordSetting)
	return ok, err
}

func hashPassword(password string, salt []byte) string {
	sum := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	enc := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		enc.EncodeToString(salt), enc.EncodeToString(sum))
}

// errNoPassword: the office has not run tenglong serve --set-password yet.
var errNoPassword = errors.New("no office password")

// checkPassword compares a password with the stored hash in constant time.
func checkPassword(db *store.Store, password string) (bool, error) {
	stored, ok, err := db.Setting(passwordSetting)
	if err != nil {
		return false, err
	}
	if !ok {
		return false, errNoPassword
	}
	parts := strings.Split(stored, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, errors.New("tenglong.db 里保存的办公室密码已损坏（不是 argon2id 格式）：请在本机运行 tenglong serve --set-password 重新设置")
	}
	var memory uint32
	var time uint32
	var threads uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &memory, &time, &threads); err != nil {
		return false, fmt.Errorf("tenglong.db 里保存的办公室密码已损坏（%v）：请在本机运行 tenglong serve --set-password 重新设置", err)
	}
	enc := base64.RawStdEncoding
	salt, err := enc.DecodeString(parts[4])
	if err != nil {
		return false, err
	}
	want, err := enc.DecodeString(parts[5])
	if err != nil {
		return false, err
	}
	got := argon2.IDKey([]byte(password), salt, time, memory, threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}
