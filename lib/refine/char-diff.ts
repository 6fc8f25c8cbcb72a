export type TDiffSegment = { kind: "same" | "del" | "ins"; text: string };

/** Largest middle part (product of lengths) diffed character by character; larger ones show as one replacement. */
const MAX_CELLS = 250_000;

const push = (out: TDiffSegment[], kind: TDiffSegment["kind"], text: string) => {
  if (text === "") return;
  const last = out[out.length - 1];
  if (last?.kind === kind) last.text += text;
  else out.push({ kind, text });
};

/**
 * A character-level diff of one line before and after normalization: common prefix and suffix
 * first, then a longest-common-subsequence over what is left (by code point).
 */
export const diffChars = (before: string, after: string): TDiffSegment[] => {
  if (before === after) return before === "" ? [] : [{ kind: "same", text: before }];
  const a = Array.from(before);
  const b = Array.from(after);
  let p = 0;
  while (p < a.length && p < b.length && a[p] === b[p]) p++;
  let s = 0;
  while (s < a.length - p && s < b.length - p && a[a.length - 1 - s] === b[b.length - 1 - s]) s++;
  const ma = a.slice(p, a.length - s);
  const mb = b.slice(p, b.length - s);
  const out: TDiffSegment[] = [];
  push(out, "same", a.slice(0, p).join(""));
  if (ma.length * mb.length > MAX_CELLS) {
    push(out, "del", ma.join(""));
    push(out, "ins", mb.join(""));
  } else {
    // lcs[i][j] = LCS length of ma[i..] and mb[j..].
    const w = mb.length + 1;
    const lcs = new Uint32Array((ma.length + 1) * w);
    for (let i = ma.length - 1; i >= 0; i--)
      for (let j = mb.length - 1; j >= 0; j--) lcs[i * w + j] = ma[i] === mb[j] ? lcs[(i + 1) * w + j + 1] + 1 : Math.max(lcs[(i + 1) * w + j], lcs[i * w + j + 1]);
    let i = 0;
    let j = 0;
    while (i < ma.length && j < mb.length) {
      if (ma[i] === mb[j]) {
        push(out, "same", ma[i]);
        i++;
        j++;
      } else if (lcs[(i + 1) * w + j] >= lcs[i * w + j + 1]) push(out, "del", ma[i++]);
      else push(out, "ins", mb[j++]);
    }
    push(out, "del", ma.slice(i).join(""));
    push(out, "ins", mb.slice(j).join(""));
  }
  push(out, "same", a.slice(a.length - s).join(""));
  return out;
};

/** Invisible and space characters drawn visibly in a highlighted segment (· for a space, ⍽ for a no-break space, ⟨U+200B⟩ …). */
export const visible = (text: string): string =>
  Array.from(text)
    .map((ch) => {
      if (ch === " ") return "·";
      if (ch === "\t") return "→";
      if (ch === "\r") return "␍";
      if (ch === "\u00a0") return "⍽";
      if (/[\p{Z}\p{Cf}\p{Cc}\u00ad]/u.test(ch)) return `⟨U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}⟩`;
      return ch;
    })
    .join("");
