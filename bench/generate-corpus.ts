import fs from "node:fs";
import { brownDocs } from "@/lib/demo/brown";
import { spamAssassinDocs } from "@/lib/demo/spam-assassin";

/** Mulberry32: a small seeded PRNG, so the generated corpus is the same on every run. */
export const prng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

/**
 * Writes `docs` JSON lines documents recombined from real sentences (Brown) and e-mail paragraphs
 * (SpamAssassin): each document takes a run of consecutive units from one real document, so the
 * text stays natural. Sizes vary from ~300 B to ~3 KB.
 */
export const generateCorpus = (outFile: string, docs: number, seed = 42): { bytes: number } => {
  const rand = prng(seed);
  const brown = brownDocs().map((d) => ({ units: d.text.split("\n"), genre: String(d.genre), source: "brown" }));
  const mail = spamAssassinDocs().map((d) => ({ units: d.text.split(/\n\s*\n/), genre: String(d.label), source: "mail" }));
  const pool = [...brown, ...mail];
  const fd = fs.openSync(`${outFile}.tmp`, "w");
  let bytes = 0;
  let buf: string[] = [];
  for (let i = 0; i < docs; i++) {
    const src = pool[Math.floor(rand() * pool.length)];
    const target = 300 + Math.floor(rand() * rand() * 2700);
    let start = Math.floor(rand() * src.units.length);
    let text = "";
    while (text.length < target) {
      text += (text ? "\n" : "") + src.units[start % src.units.length];
      start++;
      if (text.length > 0 && start % src.units.length === 0 && src.units.length < 3) break;
    }
    const line = JSON.stringify({ id: `g${i}`, text, source: src.source, genre: src.genre, quality: Math.round(rand() * 1e4) / 1e4, year: 1960 + Math.floor(rand() * 64) });
    buf.push(line);
    if (buf.length >= 5000) {
      const chunk = buf.join("\n") + "\n";
      fs.writeSync(fd, chunk);
      bytes += Buffer.byteLength(chunk);
      buf = [];
    }
  }
  if (buf.length) {
    const chunk = buf.join("\n") + "\n";
    fs.writeSync(fd, chunk);
    bytes += Buffer.byteLength(chunk);
  }
  fs.closeSync(fd);
  fs.renameSync(`${outFile}.tmp`, outFile);
  return { bytes };
};
