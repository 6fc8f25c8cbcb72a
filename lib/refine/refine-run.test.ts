import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { corpora, tasks } from "@/db/schema";
import { attributeTables } from "@/lib/annotate/attribute-sets";
import { startAnnotate } from "@/lib/annotate/start-annotate";
import { dataPath } from "@/lib/corpora/paths";
import { queryDocuments } from "@/lib/corpora/query-documents";
import { getVersionOrThrow, listShards, listVersions } from "@/lib/corpora/versions";
import { getDb } from "@/lib/db/client";
import { queryRows, toNumber } from "@/lib/duckdb/instance";
import { brownDocs } from "@/lib/demo/brown";
import { spamAssassinDocs } from "@/lib/demo/spam-assassin";
import { isAppError } from "@/lib/errors";
import { startIngest } from "@/lib/ingest/start-ingest";
import { getDocumentRefinements } from "@/lib/refine/document-refinement";
import { refineSetsOfRun } from "@/lib/refine/refine-run";
import { startRefine } from "@/lib/refine/start-refine";
import { getRunOrThrow } from "@/lib/runs/get-run";
import { rerun } from "@/lib/runs/rerun";
import { runWorkerLoop } from "@/lib/runs/worker-loop";
import { useTempDataDir } from "@/tests/helpers/temp-data-dir";

const MAIL = [
  "From a@b.c  Mon Jan  1 00:00:00 2002",
  "From: Alice <a@b.c>",
  "To: list@x.org",
  "Subject: Re: hello",
  "",
  "Bob wrote:",
  "> hi there",
  "> how are you",
  "",
  "I am fine, thanks for asking.  It has been a long week at work, but the weekend is near.",
  "-- ",
  "Alice",
  "_______________________________________________",
  "X mailing list",
  "list@x.org",
  "http://x.org/mailman/listinfo/x",
].join("\n");
// Worked out by hand: header block and its blank line (0–4), attribution and quote (5–7),
// signature (10–11), footer (12–15) removed; the double space collapsed.
const MAIL_REFINED = "\nI am fine, thanks for asking. It has been a long week at work, but the weekend is near.";

const EMAIL_RULES = [{ id: "email_headers" }, { id: "quoted_replies" }, { id: "signatures" }, { id: "mailing_list_footers" }, { id: "normalize_whitespace" }];

let corpusId = "";
let parentId = "";
let nDocs = 0;
let rows: { id: string; text: string; source: string; genre?: string }[] = [];

const sha = (file: string) => createHash("sha1").update(fs.readFileSync(file)).digest("hex");
const shardHashes = (versionId: string) => listShards(versionId).map((s) => sha(dataPath(s.path)));
const files = (list: string[]) => `[${list.map((f) => `'${dataPath(f)}'`).join(",")}]`;
const versionRows = async (versionId: string) =>
  queryRows<{ id: string; text: string; n_chars: bigint; genre: string | null; len: bigint }>(
    `SELECT id, text, n_chars, genre, length(text) AS len FROM read_parquet(${files(listShards(versionId).map((s) => s.path))})`,
  );
const finish = (runId: string) => runWorkerLoop({ shouldStop: () => ["succeeded", "failed", "cancelled"].includes(getRunOrThrow(runId).status), idleMs: 20 });

beforeAll(async () => {
  process.env.WINNOW_SHARD_DOCS = "20";
  process.env.WINNOW_LEASE_MS = "1500";
  const dir = useTempDataDir("refine");
  const brown = brownDocs("paragraphs").slice(0, 120);
  const mails = spamAssassinDocs().filter((_, i) => i % 40 === 0);
  rows = [
    ...brown.map((d) => ({ id: d.id, text: d.text, source: "brown", genre: d.genre })),
    ...mails.map((d) => ({ id: d.id, text: d.text, source: "spamassassin" })),
    { id: "mail-crafted", text: MAIL, source: "spamassassin" },
  ];
  nDocs = rows.length;
  const file = path.join(dir, "docs.jsonl");
  fs.writeFileSync(file, rows.map((r) => JSON.stringify(r)).join("\n"));
  corpusId = startIngest({ name: "mix", source: { kind: "path", path: file } }, { trusted: true }).corpusId;
  await runWorkerLoop({ exitWhenIdle: true, idleMs: 10 });
  parentId = getDb().select().from(corpora).where(eq(corpora.id, corpusId)).get()!.currentVersionId!;
  // gopher_quality for the drop rule.
  startAnnotate({ corpusId, annotators: [{ id: "gopher_quality" }] });
  await runWorkerLoop({ exitWhenIdle: true, idleMs: 10 });
}, 120_000);

describe("refine runs", () => {
  let runId = "";
  let childId = "";

  it("writes a new version of the same corpus, and the programs as an attribute set of the parent", async () => {
    const before = shardHashes(parentId);
    const parentRows = await versionRows(parentId);
    runId = startRefine({ corpusId, rules: [{ id: "drop_failing", config: { columns: ["gopher_quality.pass"] } }, ...EMAIL_RULES] }).runId;
    await finish(runId);
    const run = getRunOrThrow(runId);
    expect(run.status).toBe("succeeded");
    expect(run.itemsDone).toBe(nDocs);

    childId = run.outputVersionId!;
    const child = getVersionOrThrow(childId);
    expect(child).toMatchObject({ corpusId, version: 2, parentVersionId: parentId, createdByRunId: runId, status: "ready" });
    // The new version is the corpus's current one (the newest ready version, as after an ingest).
    expect(getDb().select().from(corpora).where(eq(corpora.id, corpusId)).get()!.currentVersionId).toBe(childId);
    expect(listVersions(corpusId).map((v) => [v.version, v.status])).toEqual([
      [2, "ready"],
      [1, "ready"],
    ]);
    // The parent is untouched.
    expect(shardHashes(parentId)).toEqual(before);
    expect(getVersionOrThrow(parentId).status).toBe("ready");

    // The programs: one row per parent document.
    const { parent: set, child: childSet } = refineSetsOfRun(runId);
    expect(set).toMatchObject({ corpusVersionId: parentId, status: "ready", nDocs });
    expect(childSet).toMatchObject({ corpusVersionId: childId, status: "ready" });
    const programFiles = files(attributeTables(set!).programs);
    const [agg] = await queryRows<Record<string, bigint>>(
      `SELECT count(*) AS n, count(DISTINCT id) AS ids, count(*) FILTER (WHERE "refine.dropped") AS dropped, sum("refine.lines_removed") AS lines,
              sum("refine.chars_removed") AS chars, sum("refine.n_errors") AS errors, count(*) FILTER (WHERE "refine.changed") AS changed
       FROM read_parquet(${programFiles})`,
    );
    expect(toNumber(agg.n)).toBe(nDocs);
    expect(toNumber(agg.ids)).toBe(nDocs);

    // The refined version: kept documents in corpus order, every column, n_chars recomputed.
    const childRows = await versionRows(childId);
    const dropped = new Set(
      (await queryRows<{ id: string }>(`SELECT id FROM read_parquet(${programFiles}) WHERE "refine.dropped"`)).map((r) => r.id),
    );
    expect(childRows.map((r) => r.id)).toEqual(parentRows.map((r) => r.id).filter((id) => !dropped.has(id)));
    expect(child.nDocs).toBe(nDocs - dropped.size);
    expect(childRows.every((r) => toNumber(r.n_chars) === toNumber(r.len))).toBe(true);
    const byId = new Map(childRows.map((r) => [r.id, r]));
    expect(byId.get("brown-ca01")?.genre).toBe("press: reportage");
    expect(child.nChars).toBe(childRows.reduce((a, r) => a + toNumber(r.len), 0));
    // Characters removed = parent characters − child characters (dropped documents count whole).
    const parentChars = parentRows.reduce((a, r) => a + toNumber(r.len), 0);
    expect(toNumber(agg.chars)).toBe(parentChars - child.nChars);

    // The hand-worked e-mail is short: Gopher fails it, so the drop rule drops it.
    const craftedGopher = await queryDocuments({ corpusId, versionId: parentId, filters: [{ op: "eq", column: "id", value: "mail-crafted" }], columns: ["gopher_quality.pass"] });
    expect(craftedGopher.rows[0]["gopher_quality.pass"]).toBe(false);
    expect(dropped.has("mail-crafted")).toBe(true);

    // Every e-mail lost its header; documents gopher_quality failed are dropped (and only those).
    const failing = await queryDocuments({ corpusId, versionId: parentId, filters: [{ op: "eq", column: "gopher_quality.pass", value: false }], limit: 500 });
    const droppedByRule = await queryDocuments({ corpusId, versionId: parentId, filters: [{ op: "eq", column: "refine.dropped_by", value: "drop_failing" }], limit: 500 });
    expect(droppedByRule.rows.map((r) => r.id).sort()).toEqual(failing.rows.map((r) => r.id).sort());
    for (const r of childRows.filter((x) => x.id.startsWith("mail-"))) expect(r.text).not.toMatch(/^Return-Path:|^Received: /m);

    // The run summary agrees with the programs table.
    const summary = JSON.parse(run.summaryJson).refine;
    expect(summary.totals).toMatchObject({ docs: nDocs, docsOut: child.nDocs, dropped: dropped.size, linesRemoved: toNumber(agg.lines), charsRemoved: toNumber(agg.chars), errors: toNumber(agg.errors), changed: toNumber(agg.changed) });
    expect(summary.bySource.drop_failing.dropped).toBe(failing.total);
    expect(summary.bySource.email_headers.docsChanged).toBeGreaterThan(0);
    expect(summary.byDocSource.brown.docs).toBe(120);
    expect(summary.byDocSource.spamassassin.docs).toBe(nDocs - 120);

    // The refined version is browsable and carries the refine columns too.
    const page = await queryDocuments({ corpusId, filters: [{ op: "range", column: "refine.lines_removed", min: 1 }], limit: 1 });
    expect(page.versionId).toBe(childId);
    expect(page.total).toBeGreaterThan(0);
  }, 120_000);

  it("a re-run writes an identical new version and leaves the others alone", async () => {
    const v2 = await versionRows(childId);
    const { runId: again } = rerun(runId);
    await finish(again);
    const run = getRunOrThrow(again);
    expect(run.status).toBe("succeeded");
    expect(run.inputVersionId).toBe(parentId);
    expect(getVersionOrThrow(run.outputVersionId!).version).toBe(3);
    const v3 = await versionRows(run.outputVersionId!);
    expect(v3.map((r) => [r.id, r.text])).toEqual(v2.map((r) => [r.id, r.text]));
    expect(await versionRows(childId)).toEqual(v2);
  }, 120_000);

  it("survives a worker killed with SIGKILL mid-run: every document is refined exactly once", async () => {
    const { runId: killed } = startRefine({ corpusId, versionId: parentId, rules: EMAIL_RULES });
    const worker = spawn(process.execPath, ["--import", "tsx", "workers/main.ts"], { env: { ...process.env }, stdio: "ignore" });
    const deadline = Date.now() + 60_000;
    for (;;) {
      const done = getDb().select().from(tasks).where(eq(tasks.runId, killed)).all().filter((t) => t.status === "succeeded").length;
      if (done >= 2) break;
      if (Date.now() > deadline) throw new Error("worker made no progress");
      await new Promise((r) => setTimeout(r, 20));
    }
    worker.kill("SIGKILL");
    await new Promise((r) => worker.once("exit", r));
    expect(getRunOrThrow(killed).status).toBe("running");
    await finish(killed);
    const run = getRunOrThrow(killed);
    expect(run.status).toBe("succeeded");
    expect(run.itemsDone).toBe(nDocs);
    const { parent: set } = refineSetsOfRun(killed);
    const [{ n, ids }] = await queryRows<{ n: bigint; ids: bigint }>(`SELECT count(*) AS n, count(DISTINCT id) AS ids FROM read_parquet(${files(attributeTables(set!).programs)})`);
    expect([toNumber(n), toNumber(ids)]).toEqual([nDocs, nDocs]);
    const out = await versionRows(run.outputVersionId!);
    expect(new Set(out.map((r) => r.id)).size).toBe(out.length);
    expect(getVersionOrThrow(run.outputVersionId!).nDocs).toBe(out.length);
    expect(JSON.parse(run.summaryJson).refine.totals.docs).toBe(nDocs);
    // The hand-worked e-mail (the newest programs of the parent are this run's).
    expect(out.find((r) => r.id === "mail-crafted")?.text).toBe(MAIL_REFINED);
    const crafted = await queryDocuments({ corpusId, versionId: parentId, filters: [{ op: "eq", column: "id", value: "mail-crafted" }], columns: ["refine.program", "refine.origins", "refine.lines_removed"] });
    expect(crafted.rows[0]["refine.lines_removed"]).toBe(14);
    expect(crafted.rows[0]["refine.origins"]).toBe("email_headers:1,quoted_replies:1,signatures:1,mailing_list_footers:1,normalize_whitespace:2");
    expect(String(crafted.rows[0]["refine.program"]).split("\n")).toEqual([
      "remove_lines(line_start=0, line_end=4)",
      "remove_lines(line_start=5, line_end=7)",
      "remove_lines(line_start=10, line_end=11)",
      "remove_lines(line_start=12, line_end=15)",
      'normalize(source_str=" \\n", target_str="\\n")',
      'normalize(source_str="  ", target_str=" ")',
    ]);

    // The inspector's view: the stored program re-executed as a line-level diff, from either version.
    const fromParent = await getDocumentRefinements(corpusId, "mail-crafted", parentId);
    expect(fromParent.refinements.map((r) => r.child.version)).toEqual([4, 3, 2]);
    const diff = fromParent.refinements[0];
    expect(diff).toMatchObject({ shown: "parent", runId: killed, dropped: false, applied: true, linesRemoved: 14, consistent: true, truncated: false, totalLines: 16 });
    expect(diff.lines.map((l) => l.removedBy)).toEqual([
      ...Array(5).fill("email_headers"),
      ...Array(3).fill("quoted_replies"),
      null,
      null,
      ...Array(2).fill("signatures"),
      ...Array(4).fill("mailing_list_footers"),
    ]);
    expect(diff.lines[9]).toEqual({ line: 9, original: MAIL.split("\n")[9], refined: MAIL_REFINED.split("\n")[1], removedBy: null });
    // One trailing space (the "-- " line); three double spaces (two in the mbox From line, one in the body).
    expect(diff.normalizations.map((n) => [n.source, n.target, n.count])).toEqual([
      [" \n", "\n", 1],
      ["  ", " ", 3],
    ]);
    expect(diff.parts.map((p) => [p.origin, p.firstLine])).toEqual([
      ["email_headers", 1],
      ["quoted_replies", 2],
      ["signatures", 3],
      ["mailing_list_footers", 4],
      ["normalize_whitespace", 5],
    ]);
    const fromChild = await getDocumentRefinements(corpusId, "mail-crafted", run.outputVersionId!);
    expect(fromChild.refinements.map((r) => [r.shown, r.runId])).toEqual([["child", killed]]);
    // A document the first run dropped (Gopher fails the crafted mail) shows as dropped in the v1 → v2 refinement.
    const first = fromParent.refinements.find((r) => r.child.version === 2)!;
    expect(first).toMatchObject({ dropped: true, droppedBy: "drop_failing", consistent: true });
    expect(first.lines.every((l) => l.refined === null)).toBe(true);

    // No temp folder left behind.
    expect(fs.existsSync(`${dataPath(getVersionOrThrow(run.outputVersionId!).path)}.tmp`)).toBe(false);
  }, 120_000);
});

describe("refine configs that cannot run", () => {
  const code = (fn: () => unknown): string => {
    try {
      fn();
    } catch (e) {
      if (isAppError(e)) return `${e.code}: ${e.message}`;
      if (e instanceof Error && e.name === "ZodError") return `ZOD: ${e.message}`;
      throw e;
    }
    throw new Error("expected an error");
  };

  it("refuses unknown rules, bad rule configs, and drop columns that are not boolean annotations", () => {
    expect(code(() => startRefine({ corpusId, rules: [] }))).toMatch(/choose at least one rule or the refining LM/);
    expect(code(() => startRefine({ corpusId, rules: [{ id: "magic" }] }))).toMatch(/UNPROCESSABLE: Unknown refinement rule "magic"/);
    expect(code(() => startRefine({ corpusId, rules: [{ id: "signatures", config: { max_lines: -1 } }] }))).toMatch(/Invalid config for rule "signatures": max_lines/);
    expect(code(() => startRefine({ corpusId, versionId: parentId, rules: [{ id: "drop_failing", config: { columns: ["c4.pass"] } }] }))).toMatch(
      /Column "c4.pass" is not an annotation of this version \(boolean annotations: .*gopher_quality.pass\)/,
    );
    expect(code(() => startRefine({ corpusId, versionId: parentId, rules: [{ id: "drop_failing", config: { columns: ["gopher_quality.word_count"] } }] }))).toMatch(/is BIGINT; drop rules need a boolean column/);
  });

  it("fails at launch when the refining LM's endpoint does not exist", () => {
    expect(code(() => startRefine({ corpusId, lm: { endpointId: "ep_missing" } }))).toMatch(/NOT_FOUND: Endpoint ep_missing not found/);
    // Nothing was created by the refused launches.
    expect(listVersions(corpusId).every((v) => v.status === "ready")).toBe(true);
  });
});
