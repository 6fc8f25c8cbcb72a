#!/usr/bin/python3
"""
Writes lib/text/data/spacy-en.json: spaCy's English tokenizer data (prefix, suffix and infix
patterns, the URL pattern and the tokenizer exceptions), with the patterns rewritten from Python
`re` syntax into JavaScript `u`-flag syntax. The data is spaCy's (MIT License, ExplosionAI GmbH),
read from a copy of spaCy's `lang/char_classes.py`, `lang/punctuation.py`, `lang/en/punctuation.py`,
`lang/tokenizer_exceptions.py` and `lang/en/tokenizer_exceptions.py` (the reference runner's
vendor/spacy_en/, commit in its SOURCE_COMMIT).

Usage: /usr/bin/python3 scripts/gen-spacy-en-data.py /path/to/shared/oracle/vendor > lib/text/data/spacy-en.json
"""
import json
import re
import sys

sys.path.insert(0, sys.argv[1])
from spacy_en.en_punctuation import TOKENIZER_INFIXES  # noqa: E402
from spacy_en.en_tokenizer_exceptions import TOKENIZER_EXCEPTIONS  # noqa: E402
from spacy_en.punctuation import TOKENIZER_PREFIXES, TOKENIZER_SUFFIXES  # noqa: E402
from spacy_en.tokenizer_exceptions import URL_PATTERN  # noqa: E402

SYNTAX = set("^$\\.*+?()[]{}|/-")


def to_js(p: str) -> str:
    """Python `re` (str, Unicode) pattern → JavaScript pattern for the `u` flag."""
    out = []
    i = 0
    in_class = False
    while i < len(p):
        c = p[i]
        if c == "\\":
            d = p[i + 1]
            if d == "U":
                out.append("\\u{%s}" % p[i + 2 : i + 10].lstrip("0"))
                i += 10
                continue
            if d == "u":
                out.append(p[i : i + 6])
                i += 6
                continue
            if d == "w":
                out.append("\\p{L}\\p{N}_" if in_class else "[\\p{L}\\p{N}_]")
            elif d == "d":
                out.append("\\p{Nd}")
            elif d in "sSbB":
                out.append(p[i : i + 2])
            elif d in SYNTAX:
                out.append(p[i : i + 2])
            elif d.isalnum():
                raise ValueError(f"unhandled escape \\{d} in {p!r}")
            else:
                out.append(d)  # identity escape of a non-syntax character: invalid under `u`
            i += 2
            continue
        if c == "[" and not in_class:
            in_class = True
        elif c == "]" and in_class:
            in_class = False
        out.append(c)
        i += 1
    s = "".join(out)
    return s


def pats(lst):
    return [to_js(p) for p in lst if p.strip()]


url = URL_PATTERN
if url.startswith("(?u)"):
    url = url[4:]
data = {
    "source": "explosion/spaCy (MIT License, ExplosionAI GmbH); English tokenizer data; see scripts/gen-spacy-en-data.py",
    "prefixes": pats(TOKENIZER_PREFIXES),
    "suffixes": pats(TOKENIZER_SUFFIXES),
    "infixes": pats(TOKENIZER_INFIXES),
    "url": to_js(url),
    "exceptions": {k: [t["ORTH"] for t in v] for k, v in sorted(TOKENIZER_EXCEPTIONS.items())},
}
# Every pattern must still compile in Python (sanity check of the source patterns).
for p in TOKENIZER_PREFIXES + TOKENIZER_SUFFIXES + TOKENIZER_INFIXES:
    re.compile(p)
json.dump(data, sys.stdout, ensure_ascii=False, indent=0)
sys.stdout.write("\n")
