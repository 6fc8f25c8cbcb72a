/**
 * Winnow's command line: `npm run winnow -- <command> [options]`.
 *   ingest <path|url> [--name N] [--text-field F] [--id-field F] [--source S]
 *   corpora
 *   annotate <corpus-id> --annotators a,b[,…] [--config JSON]
 *   annotate-file --in docs.jsonl --out out.jsonl --annotators a,b[,…] [--text-field F]
 *   export <recipe.json|recipe-id> --out DIR
 *   refine-rules
 *   refine <corpus-id> --rules a,b[,…] [--config JSON] [--version V] [--lm-endpoint ID --lm-stage doc|chunk|both]
 */
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { eq } from "drizzle-orm";
import { runs } from "@/db/schema";
import { listCorpora } from "@/lib/corpora/versions";
import { closeDb, getDb } from "@/lib/db/client";
import { errorMessage } from "@/lib/errors";
import type { TIngestSummary } from "@/lib/ingest/ingest-files";
import { summaryLine } from "@/lib/ingest/ingest-run";
import { startIngest } from "@/lib/ingest/start-ingest";
import { runWorkerLoop } from "@/lib/runs/worker-loop";
import { describeAnnotators, startAnnotate } from "@/lib/annotate/start-annotate";
import { annotateFile } from "@/lib/annotate/annotate-file";
import { exportDir } from "@/lib/recipes/export-run";
import { startExport } from "@/lib/recipes/exports";
import { describeRefineRules } from "@/lib/refine/rules";
import { startRefine } from "@/lib/refine/start-refine";

const USAGE = `Usage: npm run winnow -- <command> [options]

Commands:
  ingest <path|url>   Ingest a file, a folder, an http(s) URL or an hf://datasets/... path
      --name N          corpus name (default: the file or folder name)
      --text-field F    field holding the document text (default: detected)
      --id-field F      field holding a unique id (default: detected, else derived from content)
      --source S        source label for records without a "source" field
  corpora             List corpora with document counts
  annotators          List annotators and their columns
  annotate <corpus-id> Launch an annotation run on the corpus's current version and wait for it
      --annotators a,b  annotator ids (see \`annotators\`)
      --config JSON     per-annotator config, e.g. '{"gopher_quality":{"min_words":20}}'
  annotate-file       Stream a JSON lines file through annotators, without the studio
      --in FILE         input JSON lines (.gz/.zst ok); --out FILE output JSON lines (- for stdout)
      --annotators a,b  annotator ids; --text-field F (default: detected)
  export <recipe.json|recipe-id> Export what a recipe selects (shards + manifest.json) into --out DIR
  refine-rules        List refinement rules and their settings
  refine <corpus-id>  Refine a version with ProX programs into a new version (printed), and wait for it
      --rules a,b       rule ids (see \`refine-rules\`), e.g. email_headers,quoted_replies,signatures
      --config JSON     per-rule config, e.g. '{"drop_failing":{"columns":["gopher_quality.pass"]}}'
      --version V       version id to refine (default: the current one)
      --lm-endpoint ID  also ask the refining LM on this endpoint; --lm-stage doc|chunk|both (default both)
      --acceptance JSON ProX acceptance rule, e.g. '{"threshold2":0.9,"shortDocWords":null}'
`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Executes queued tasks in this process until the run ends (another worker may also take them). */
const waitForRun = async (runId: string) => {
  for (;;) {
    await runWorkerLoop({ exitWhenIdle: true, idleMs: 100 });
    const run = getDb().select().from(runs).where(eq(runs.id, runId)).get()!;
    if (["succeeded", "failed", "cancelled"].includes(run.status)) return run;
    await sleep(250);
  }
};

const ingest = async (args: string[]) => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { name: { type: "string" }, "text-field": { type: "string" }, "id-field": { type: "string" }, source: { type: "string" } },
  });
  if (positionals.length !== 1) throw new Error(`ingest takes exactly one path or URL\n\n${USAGE}`);
  const target = positionals[0];
  const source = /^(https?|hf):\/\//i.test(target) ? { kind: "url" as const, url: target } : { kind: "path" as const, path: target };
  const { runId, corpusId } = startIngest(
    { name: values.name, source, textField: values["text-field"], idField: values["id-field"], defaultSource: values.source },
    { trusted: true },
  );
  console.error(`run ${runId}: ingesting ${target}…`);
  const run = await waitForRun(runId);
  if (run.status !== "succeeded") throw new Error(`Ingest ${run.status}: ${run.error ?? "see the run log"} (run ${runId})`);
  const summary = JSON.parse(run.summaryJson) as TIngestSummary;
  console.log(corpusId);
  console.error(summaryLine(summary));
  for (const [kind, samples] of Object.entries(summary.samples)) {
    for (const s of samples.slice(0, 3)) console.error(`  ${kind} ${s.file}${s.line ? `:${s.line}` : ""} ${s.message}`);
  }
};

const parseAnnotatorList = (list: string | undefined, configJson: string | undefined) => {
  if (!list) throw new Error("--annotators is required (see `npm run winnow -- annotators`)");
  const configs = configJson ? (JSON.parse(configJson) as Record<string, Record<string, unknown>>) : {};
  return list
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((id) => ({ id, config: configs[id] }));
};

const annotate = async (args: string[]) => {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { annotators: { type: "string" }, config: { type: "string" }, version: { type: "string" } } });
  if (positionals.length !== 1) throw new Error(`annotate takes one corpus id\n\n${USAGE}`);
  const { runId } = startAnnotate({ corpusId: positionals[0], versionId: values.version, annotators: parseAnnotatorList(values.annotators, values.config) });
  console.error(`run ${runId}: annotating ${positionals[0]}…`);
  const run = await waitForRun(runId);
  if (run.status !== "succeeded") throw new Error(`Annotation ${run.status}: ${run.error ?? "see the run log"} (run ${runId})`);
  console.log(runId);
  console.error(JSON.stringify(JSON.parse(run.summaryJson), null, 2));
};

const annotateFileCommand = async (args: string[]) => {
  const { values } = parseArgs({ args, options: { in: { type: "string" }, out: { type: "string" }, annotators: { type: "string" }, config: { type: "string" }, "text-field": { type: "string" } } });
  if (!values.in || !values.out) throw new Error(`annotate-file needs --in and --out\n\n${USAGE}`);
  const stats = await annotateFile({ inFile: values.in, outFile: values.out, annotators: parseAnnotatorList(values.annotators, values.config), textField: values["text-field"] });
  console.error(`annotated ${stats.docs} documents (${stats.skipped} input lines skipped) in ${(stats.ms / 1000).toFixed(1)} s`);
};

const exportCommand = async (args: string[]) => {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { out: { type: "string" } } });
  if (positionals.length !== 1 || !values.out) throw new Error(`export takes a recipe file or id and --out DIR\n\n${USAGE}`);
  const target = positionals[0];
  let started: { runId: string };
  if (/^rcp_[a-z0-9]+$/.test(target) && !fs.existsSync(target)) started = startExport({ recipeId: target });
  else {
    let recipe: unknown;
    try {
      recipe = JSON.parse(fs.readFileSync(target, "utf8"));
    } catch (e) {
      throw new Error(`Cannot read recipe ${target}: ${errorMessage(e)}`);
    }
    started = startExport({ recipe });
  }
  const run = { id: started.runId };
  console.error(`run ${run.id}: exporting…`);
  const done = await waitForRun(run.id);
  if (done.status !== "succeeded") throw new Error(`Export ${done.status}: ${done.error ?? "see the run log"} (run ${run.id})`);
  fs.mkdirSync(values.out, { recursive: true });
  for (const f of fs.readdirSync(exportDir(run.id))) fs.copyFileSync(path.join(exportDir(run.id), f), path.join(values.out, f));
  const manifest = JSON.parse(fs.readFileSync(path.join(values.out, "manifest.json"), "utf8"));
  console.log(values.out);
  console.error(`${manifest.selection.totals.selectedDocs} documents (${manifest.selection.totals.copies} with repetition), ${manifest.output.files.length} file(s)`);
  for (const w of manifest.selection.warnings) console.error(`warning: ${w}`);
};

const refine = async (args: string[]) => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { rules: { type: "string" }, config: { type: "string" }, version: { type: "string" }, "lm-endpoint": { type: "string" }, "lm-stage": { type: "string" }, acceptance: { type: "string" } },
  });
  if (positionals.length !== 1) throw new Error(`refine takes one corpus id\n\n${USAGE}`);
  const configs = values.config ? (JSON.parse(values.config) as Record<string, Record<string, unknown>>) : {};
  const rules = (values.rules ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((id) => ({ id, config: configs[id] }));
  const lm = values["lm-endpoint"] ? { endpointId: values["lm-endpoint"], stage: values["lm-stage"] ?? "both" } : undefined;
  const acceptance = values.acceptance ? JSON.parse(values.acceptance) : undefined;
  const { runId } = startRefine({ corpusId: positionals[0], versionId: values.version, rules, lm, acceptance });
  console.error(`run ${runId}: refining ${positionals[0]}…`);
  const run = await waitForRun(runId);
  if (run.status !== "succeeded") throw new Error(`Refinement ${run.status}: ${run.error ?? "see the run log"} (run ${runId})`);
  const s = JSON.parse(run.summaryJson).refine;
  console.log(s.outputVersionId);
  const t = s.totals;
  console.error(`v${s.inputVersion} → v${s.outputVersion}: ${t.docsOut} of ${t.docs} documents kept, ${t.dropped} dropped, ${t.changed} changed, ${t.linesRemoved} lines and ${t.charsRemoved} characters removed, ${t.errors} program errors`);
  for (const [source, v] of Object.entries(s.bySource as Record<string, { docsChanged: number; dropped: number; linesRemoved: number }>)) {
    console.error(`  ${source.padEnd(22)} ${String(v.docsChanged).padStart(8)} docs changed ${String(v.dropped).padStart(8)} dropped ${String(v.linesRemoved).padStart(10)} lines removed`);
  }
};

const printRefineRules = () => {
  for (const r of describeRefineRules()) {
    console.log(`${r.id} (${r.level === "doc" ? "drop/keep" : "edits lines"}): ${r.title}`);
    console.log(`    ${r.description}`);
    if (Object.keys(r.defaults).length) console.log(`    defaults: ${JSON.stringify(r.defaults)}`);
  }
};

const printAnnotators = () => {
  for (const a of describeAnnotators()) {
    console.log(`${a.id} (v${a.version}): ${a.title}`);
    for (const c of a.columns) console.log(`    ${c.name.padEnd(44)} ${c.type.padEnd(8)} ${c.description}`);
  }
};

const corpora = () => {
  const rows = listCorpora();
  if (rows.length === 0) {
    console.log("No corpora yet.");
    return;
  }
  const lines = rows.map((c) => [c.id, c.name, c.status, String(c.nDocs), String(c.nChars)]);
  const header = ["ID", "NAME", "STATUS", "DOCS", "CHARS"];
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  for (const l of [header, ...lines]) console.log(l.map((v, i) => (i >= 3 ? v.padStart(widths[i]) : v.padEnd(widths[i]))).join("  "));
};

const main = async () => {
  const [command, ...rest] = process.argv.slice(2);
  switch (command) {
    case "ingest":
      return ingest(rest);
    case "corpora":
      return corpora();
    case "annotators":
      return printAnnotators();
    case "annotate":
      return annotate(rest);
    case "annotate-file":
      return annotateFileCommand(rest);
    case "export":
      return exportCommand(rest);
    case "refine":
      return refine(rest);
    case "refine-rules":
      return printRefineRules();
    case undefined:
    case "help":
    case "--help":
      console.log(USAGE);
      return;
    default:
      throw new Error(`Unknown command "${command}"\n\n${USAGE}`);
  }
};

main()
  .then(() => {
    closeDb();
    process.exit(0);
  })
  .catch((e) => {
    console.error(`error: ${errorMessage(e)}`);
    closeDb();
    process.exit(1);
  });
