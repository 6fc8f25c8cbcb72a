/**
 * Annotator throughput on one core, in-process, on real text (the Brown corpus, POS tags
 * stripped): docs/s and MB/s (UTF-8) per annotator, and for the heuristic set together
 * (Gopher quality + repetition + C4 + FineWeb, the performance.md §9 target: ≥ 15 MB/s per core).
 *
 *   npx tsx lib/annotators/throughput.bench.ts [--rounds 5]
 *
 * Two corpora: the 500 Brown files (~12 KB, one sentence per line), and the same text cut into
 * ~3.5 KB web-like documents of paragraphs (5 sentences per paragraph, blank lines between).
 * Each figure is the best of `rounds` passes after a warm-up pass (the machine may be shared).
 */
import { listSelfContainedAnnotators } from "@/lib/annotators";
import type { TAnnotatorDoc, TAnyAnnotator } from "@/lib/annotators/types";
import { brownDocs } from "@/lib/demo/brown";

const HEURISTICS = ["gopher_quality", "gopher_repetition", "c4", "fineweb"];
const BATCH = 1000;

const toWebDocs = (files: TAnnotatorDoc[]): TAnnotatorDoc[] => {
  const out: TAnnotatorDoc[] = [];
  for (const f of files) {
    const sentences = f.text.split("\n");
    let doc: string[] = [];
    let para: string[] = [];
    let size = 0;
    const flush = () => {
      if (para.length) doc.push(para.join(" "));
      para = [];
    };
    for (const s of sentences) {
      para.push(s);
      size += s.length + 1;
      if (para.length === 5) flush();
      if (size >= 3500) {
        flush();
        out.push({ id: `${f.id}-${out.length}`, text: doc.join("\n\n") });
        doc = [];
        size = 0;
      }
    }
    flush();
    if (doc.length) out.push({ id: `${f.id}-${out.length}`, text: doc.join("\n\n") });
  }
  return out;
};

const runAll = async (annotators: TAnyAnnotator[], docs: TAnnotatorDoc[]) => {
  for (const a of annotators) {
    const config = a.configSchema.parse({});
    for (let i = 0; i < docs.length; i += BATCH) await a.annotate(docs.slice(i, i + BATCH), config);
  }
};

const measure = async (annotators: TAnyAnnotator[], docs: TAnnotatorDoc[], rounds: number): Promise<number> => {
  await runAll(annotators, docs); // warm-up: JIT, model and tokenizer loading
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const t = performance.now();
    await runAll(annotators, docs);
    best = Math.min(best, (performance.now() - t) / 1000);
  }
  return best;
};

const main = async () => {
  const roundsArg = process.argv.indexOf("--rounds");
  const rounds = roundsArg > 0 ? Number(process.argv[roundsArg + 1]) : 5;
  const files = brownDocs().map((d) => ({ id: d.id, text: d.text }));
  const corpora: [string, TAnnotatorDoc[]][] = [
    ["brown files", files],
    ["brown 3.5 KB paragraphs", toWebDocs(files)],
  ];
  const all = listSelfContainedAnnotators();
  for (const [name, docs] of corpora) {
    const mb = docs.reduce((a, d) => a + Buffer.byteLength(d.text, "utf8"), 0) / 1e6;
    console.log(`\n${name}: ${docs.length} docs, ${mb.toFixed(1)} MB, mean ${((mb * 1e6) / docs.length / 1000).toFixed(1)} KB`);
    console.log("annotator".padEnd(28), "docs/s".padStart(9), "MB/s".padStart(8));
    const line = (label: string, secs: number) => console.log(label.padEnd(28), (docs.length / secs).toFixed(0).padStart(9), (mb / secs).toFixed(1).padStart(8));
    for (const a of all) line(a.id, await measure([a], docs, rounds));
    line("heuristics combined", await measure(all.filter((a) => HEURISTICS.includes(a.id)), docs, rounds));
    const stats = all.find((a) => a.id === "stats")!;
    const statsNoTok: TAnyAnnotator = { ...stats, configSchema: stats.configSchema.transform((c: object) => ({ ...c, tokenizer: "none" })) };
    line("stats (no tokenizer)", await measure([statsNoTok], docs, rounds));
  }
};

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
