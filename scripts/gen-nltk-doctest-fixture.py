#!/usr/bin/python3
"""
Writes lib/text/fixtures/nltk-tokenize-doctest.json: every `word_tokenize(x)` / `sent_tokenize(x)`
example of NLTK's nltk/test/tokenize.doctest with its published output, and whether NLTK 3.8 (with
the English Punkt parameters of the reference runner) reproduces it.

Usage: /usr/bin/python3 scripts/gen-nltk-doctest-fixture.py OUT.json ORACLE_DIR NLTK_GIT_DIR
"""
import ast, doctest, json, sys, subprocess
sys.path.insert(0, sys.argv[2])
import datatrove_ref as R
import nltk.tokenize as T
from nltk.tokenize.punkt import PunktSentenceTokenizer
tok = R.NltkEnglish()
def word_tokenize(text, language="english", preserve_line=False):
    sents = [text] if preserve_line else tok.punkt.tokenize(text)
    return [t for s in sents for t in tok.treebank.tokenize(s)]
def sent_tokenize(text, language="english"):
    return tok.punkt.tokenize(text)
src = subprocess.run(["git", "-C", sys.argv[3], "show", "HEAD:nltk/test/tokenize.doctest"], capture_output=True, text=True).stdout
ns = {}
exec("from nltk.tokenize import *", ns)
ns["word_tokenize"] = word_tokenize; ns["sent_tokenize"] = sent_tokenize
ex = doctest.DocTestParser().get_examples(src)
cases = []; skipped = []
for e in ex:
    s = e.source.strip()
    fn = None
    for f in ("word_tokenize", "sent_tokenize"):
        if s.startswith(f + "(") and s.endswith(")"):
            fn = f
    if fn and e.want.strip():
        try:
            node = ast.parse(s, mode="eval").body
            if len(node.args) != 1 or node.keywords:
                raise ValueError("extra args")
            text = eval(compile(ast.Expression(node.args[0]), "x", "eval"), ns)
            want = ast.literal_eval(e.want.strip())
        except Exception as err:
            skipped.append((s, str(err))); continue
        got = eval(s, ns)
        cases.append({"fn": fn, "text": text, "expected": want, "nltk38_agrees": got == want, "line": e.lineno + 1})
    else:
        try:
            exec(s, ns)
            ns["word_tokenize"] = word_tokenize; ns["sent_tokenize"] = sent_tokenize
        except Exception as err:
            pass
json.dump({"source": "nltk/nltk f2a92bd nltk/test/tokenize.doctest (Apache License 2.0): word_tokenize / sent_tokenize examples with their published outputs", "cases": cases}, open(sys.argv[1], "w", encoding="utf-8"), ensure_ascii=False, indent=1)
print(len(cases), sum(c["nltk38_agrees"] for c in cases), skipped, file=sys.stderr)
