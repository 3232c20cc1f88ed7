# i18n.sh: with LANGUAGE=de, help and messages come in German.
. "$TESTS_SRCDIR/lib.sh"

if [ "$USE_NLS" != yes ]; then
	echo "SKIP: configured without translations (--disable-nls)"
	exit 77
fi
# The catalog as make install lays it out, found through LOGPROC_LOCALEDIR.
# gettext's po/Makefile builds it in the source tree.
mkdir -p locale/de/LC_MESSAGES
for dir in $PODIRS; do
	if [ -f "$dir/de.gmo" ]; then
		cp "$dir/de.gmo" locale/de/LC_MESSAGES/logproc.mo
		break
	fi
done
[ -f locale/de/LC_MESSAGES/logproc.mo ] || fail "de.gmo is in none of: $PODIRS" 
LOGPROC_LOCALEDIR=$work/locale
export LOGPROC_LOCALEDIR

# LANGUAGE is ignored in the C locale: use a German locale, else C.UTF-8.
locale=$(locale -a 2>/dev/null | grep -i -E '^de_DE\.utf-?8$' | head -n 1 || true)
[ -n "$locale" ] || locale=C.UTF-8

LANGUAGE=de LC_ALL=$locale "$LOGPROC" --help > out
expect_grep '^Aufruf: logproc ' out
LANGUAGE=de LC_ALL=$locale "$LOGPROC" generate --help > out
expect_grep '^Aufruf: logproc generate ' out
expect_status 2 env LANGUAGE=de LC_ALL=$locale "$LOGPROC" generate --count abc
expect_grep "^logproc generate: ungültiger Wert 'abc' für --count: keine Zahl" err
# A decimal point is accepted whatever the locale's decimal separator (a
# German locale's is a comma; C.UTF-8 cannot tell, so that part is skipped
# where no German locale is installed: .ci/run installs one).
if [ "$locale" != C.UTF-8 ]; then
	expect_status 0 env LANGUAGE=de LC_ALL=$locale "$LOGPROC" generate --count 5 \
	    --interval 0 --malformed 0.5
else
	echo "note: no de_DE.UTF-8 locale; the decimal point check was not run"
fi
# Without LANGUAGE the same binary speaks English.
LC_ALL=C "$LOGPROC" --help > out
expect_grep '^Usage: logproc ' out
# Every source file with translatable strings is listed for xgettext: a
# file left out keeps its messages in English, without a word.
top=$TESTS_SRCDIR/..
for file in $(cd "$top" && grep -l '_("' src/*/*.c src/*.c); do
	grep -qx "$file" "$top/po/POTFILES.in" ||
	    fail "$file has translatable strings but is not in po/POTFILES.in"
done
