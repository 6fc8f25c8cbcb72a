import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runGlobalStep, signatureColumns } from "@/lib/annotate/global-step";
import { perplexityAnnotator } from "@/lib/annotators/perplexity";
import { queryRows } from "@/lib/duckdb/instance";
import { writeRowsToParquet } from "@/lib/duckdb/write-parquet";
import { useTempDataDir } from "@/tests/helpers/temp-data-dir";

let dir = "";
let arpa = "";
beforeAll(() => {
  dir = useTempDataDir("perplexity");
  // Unigrams only: p(a) = 0.1, p(</s>) = 0.5, p(<unk>) = 0.01 (log10: -1, -0.30103, -2).
  arpa = path.join(dir, "uni.arpa");
  fs.writeFileSync(arpa, "\\data\\\nngram 1=4\n\n\\1-grams:\n-2\t<unk>\n-99\t<s>\n-0.30103\t</s>\n-1\ta\n\n\\end\\\n");
});

describe("perplexity annotator", () => {
  it("scores every line and writes null for a text without tokens", async () => {
    const config = perplexityAnnotator.configSchema.parse({ arpa_path: arpa });
    const rows = await perplexityAnnotator.annotate(
      [
        { id: "1", text: "a a\n\nA" },
        { id: "2", text: "zebra" },
        { id: "3", text: "" },
        { id: "4", text: " \n\t " },
      ],
      config,
    );
    // "a a" + "a": tokens a, a, </s>, a, </s> → log10 p = 3·(-1) + 2·(-0.30103), 5 tokens.
    expect(rows[0]["perplexity.log10_prob"]).toBeCloseTo(-3 - 0.60206, 4);
    expect(rows[0]["perplexity.n_tokens"]).toBe(5);
    expect(rows[0]["perplexity.ppl"]).toBeCloseTo(Math.pow(10, 3.60206 / 5), 4);
    expect(rows[1]["perplexity.ppl"]).toBeCloseTo(Math.pow(10, 2.30103 / 2), 4);
    for (const r of rows.slice(2)) expect(r).toEqual({ "perplexity.ppl": null, "perplexity.log10_prob": null, "perplexity.n_tokens": 0 });
    // The whitespace tokenizer keeps case: "A" is then unknown.
    const ws = await perplexityAnnotator.annotate([{ id: "1", text: "A" }], perplexityAnnotator.configSchema.parse({ arpa_path: arpa, tokenizer: "whitespace", lowercase: false }));
    expect(ws[0]["perplexity.log10_prob"]).toBeCloseTo(-2.30103, 4);
  });

  it("buckets in the global step: below p33 head, below p66 middle, else tail; nulls stay null", async () => {
    const globals = [{ id: "perplexity", config: perplexityAnnotator.configSchema.parse({ arpa_path: arpa }) }];
    const ppl = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100, null];
    const sig = path.join(dir, "sig.parquet");
    await writeRowsToParquet(
      sig,
      signatureColumns(globals),
      ppl.map((p, i) => ({ id: `d${i}`, shard: 0, row: i, "perplexity.ppl": p, "perplexity.log10_prob": p === null ? null : -Math.log10(p), "perplexity.n_tokens": p === null ? 0 : 1 })),
    );
    const out = path.join(dir, "out.parquet");
    const stats = await runGlobalStep([sig], out, globals, () => {});
    // Linear percentiles of 10…100: p33 = 10 + 9·0.33·10 = 39.7, p66 = 10 + 9·0.66·10 = 69.4.
    expect(stats.perplexity_head_below).toBeCloseTo(39.7, 9);
    expect(stats.perplexity_tail_above).toBeCloseTo(69.4, 9);
    const rows = await queryRows<{ id: string; b: string | null }>(`SELECT id, "perplexity.bucket" AS b FROM read_parquet('${out}')`);
    expect(rows.map((r) => r.b)).toEqual(["head", "head", "head", "middle", "middle", "middle", "tail", "tail", "tail", "tail", null]);
    expect(stats).toMatchObject({ perplexity_head: 3, perplexity_middle: 3, perplexity_tail: 4, documents: 11 });
  });
});
