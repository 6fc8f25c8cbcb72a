import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { annotateFile } from "@/lib/annotate/annotate-file";
import { spamAssassinDocs } from "@/lib/demo/spam-assassin";

describe("annotateFile", () => {
  it("streams a gzipped JSON lines file through local and global annotators", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "winnow-af-"));
    const mails = spamAssassinDocs().slice(0, 40);
    const lines = mails.map((m) => JSON.stringify({ id: m.id, body: m.text, label: m.label }));
    lines.push("not json", JSON.stringify({ id: "copy", body: mails[0].text, label: "ham" }));
    const inFile = path.join(dir, "mail.jsonl.gz");
    fs.writeFileSync(inFile, zlib.gzipSync(lines.join("\n")));
    const outFile = path.join(dir, "out.jsonl");
    const stats = await annotateFile({ inFile, outFile, annotators: [{ id: "gopher_quality", config: { min_words: 20 } }, { id: "exact_dedup" }], textField: "body" });
    expect(stats).toMatchObject({ docs: 41, skipped: 1 });
    const rows = fs.readFileSync(outFile, "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(rows).toHaveLength(41);
    expect(rows[0]).toMatchObject({ id: mails[0].id, label: mails[0].label, "exact_dedup.keep": true, "exact_dedup.group_size": 2 });
    expect(rows[40]).toMatchObject({ id: "copy", "exact_dedup.keep": false, "exact_dedup.group_id": mails[0].id });
    expect(typeof rows[3]["gopher_quality.pass"]).toBe("boolean");
    expect(rows[3]["gopher_quality.word_count"]).toBeGreaterThan(0);
  });
});
