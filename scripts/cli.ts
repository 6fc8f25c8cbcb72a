/**
 * Winnow's command line: `npm run winnow -- <command> [options]`.
 *   ingest <path|url> [--name N] [--text-field F] [--id-field F] [--source S]
 *   corpora
 *   annotate <corpus-id> --annotators a,b[,…] [--config JSON] [--preset datatrove|fineweb|dclm]
 *   annotate-file --in docs.jsonl --out out.jsonl --annotators a,b[,…] [--text-field F] [--config JSON] [--preset P]
 *   export <recipe.json|recipe-id> --out DIR
 *   endpoints | endpoint-add JSON | endpoint-test <id>
 *   train-ngram <corpus-id> [--filters JSON] [--search S] [--order N] [--name N] [--heldout F] [--prune "0 0 1"] [--max-docs N]
 *   import-scores <corpus-id> <file> [--id-column C] [--prefix P] [--columns a,b] [--types JSON]
 *   ngram-text --in docs.jsonl [--text-field F] [--out FILE]
 *   refine-rules
 *   refine <corpus-id> --rules a,b[,…] [--config JSON] [--version V] [--lm-endpoint ID --lm-stage doc|chunk|both]
 */
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import readline from "node:readline";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { runs } from "@/db/schema";
import { listCorpora } from "@/lib/corpora/versions";
import { closeDb, getDb } from "@/lib/db/client";
import { errorMessage } from "@/lib/errors";
import type { TIngestSummary } from "@/lib/ingest/ingest-files";
import { summaryLine } from "@/lib/ingest/ingest-run";
import { startIngest } from "@/lib/ingest/start-ingest";
import { runWorkerLoop } from "@/lib/runs/worker-loop";
import { describeAnnotators, startAnnotate } from "@/lib/annotate/start-annotate";
import { getAnnotatorOrThrow } from "@/lib/annotators";
import { annotateFile } from "@/lib/annotate/annotate-file";
import { exportDir } from "@/lib/recipes/export-run";
import { startExport } from "@/lib/recipes/exports";
import { createEndpoint, listEndpoints } from "@/lib/inference/endpoints";
import { testEndpoint } from "@/lib/inference/test-endpoint";
import { startImport } from "@/lib/imports/start-import";
import { startTrainNgram } from "@/lib/ngram/start-train";
import { writeTokenizedText } from "@/lib/ngram/tokenized-text";
import { DEFAULT_TOKENIZER } from "@/lib/ngram/tokenize";
import { describeRefineRules } from "@/lib/refine/rules";
import { startRefine } from "@/lib/refine/start-refine";
import { writeAudit } from "@/lib/auth/audit";
import { createUser } from "@/lib/auth/users";

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
      --preset P        reference pipeline of the rule annotators (gopher_quality, gopher_repetition,
                        c4, fineweb): datatrove (default), fineweb (datatrove v0.3) or dclm;
                        --config keys win (docs/annotators.md)
  annotate-file       Stream a JSON lines file through annotators, without the studio
      --in FILE         input JSON lines (.gz/.zst ok); --out FILE output JSON lines (- for stdout)
      --annotators a,b  annotator ids; --text-field F (default: detected); --config JSON; --preset P
  export <recipe.json|recipe-id> Export what a recipe selects (shards + manifest.json) into --out DIR
  endpoints           List inference endpoints (tokens masked)
  endpoint-add JSON   Add one, e.g. '{"name":"vllm","kind":"openai","baseUrl":"http://gpu:8000","model":"RuPeng/DataMan-1.5B-EN"}'
                        (the token, if any, is read from the WINNOW_ENDPOINT_TOKEN environment variable)
  endpoint-test <id>  Send one real request and print the answer and latency
  train-ngram <corpus-id> Train a Kneser-Ney n-gram model on a reference set; prints the model id
      --filters JSON    documents-table filters, e.g. '[{"op":"in","column":"genre","values":["learned"]}]'
      --search S        and a text search; --order N (default 5); --name N; --heldout F (default 0.1)
      --prune "0 0 1"   drop n-grams seen at most t times, per order; --max-docs N
  import-scores <corpus-id> <file> Attach per-document scores (Parquet, JSONL, CSV) as an attribute set
      --id-column C     the id column (default: id, doc_id, *_id); --prefix P (default: from the file name)
      --columns a,b     columns to import (default: all importable); --types '{"score":"DOUBLE"}'
  ngram-text          Write a JSON lines file's text tokenized as the studio does, one sentence per
                      line, as input for KenLM's lmplz: --in FILE [--text-field text] [--out FILE]
  create-admin        Create a user with the admin role (sign-in mode); prompts for the password
      --email E         the admin's e-mail; --name N (default: the part before @)
      --password-stdin  read the password from standard input instead of prompting
  refine-rules        List refinement rules and their settings
  refine <corpus-id>  Refine a version with ProX programs into a new version (printed), and wait for it
      --rules a,b       rule ids (see \`refine-rules\`), e.g. email_headers,quoted_replies,signatures
      --config JSON     per-rule config, e.g. '{"drop_failing":{"columns":["gopher_quality.pass"]}}'
      --version V       version id to refine (default: the current one)
      --lm-endpoint ID  also ask the refining LM on this endpoint; --lm-stage doc|chunk|both (default both)
      --acceptance JSON ProX acceptance rule, e.g. '{"threshold2":0.9,"shortDocWords":null}'
`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Executes this run's tasks in this process until the run ends. Running workers (`npm start`) may
 * take some of them too; another run's tasks are never picked up here — not even one a killed CLI
 * left behind, which a worker re-claims once its lease expires.
 */
const waitForRun = async (runId: string) => {
  for (;;) {
    await runWorkerLoop({ runId, exitWhenIdle: true, idleMs: 100 });
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

/**
 * `--annotators a,b` with `--config JSON` and `--preset P`: the preset goes to every chosen
 * annotator whose config has a `preset` key (the rule annotators), unless --config sets one.
 */
export const parseAnnotatorList = (list: string | undefined, configJson: string | undefined, preset?: string) => {
  if (!list) throw new Error("--annotators is required (see `npm run winnow -- annotators`)");
  const configs = configJson ? (JSON.parse(configJson) as Record<string, Record<string, unknown>>) : {};
  const ids = list
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (preset !== undefined) {
    const takers = ids.filter((id) => getAnnotatorOrThrow(id).configSchema instanceof z.ZodObject && "preset" in (getAnnotatorOrThrow(id).configSchema as z.ZodObject).shape);
    if (takers.length === 0) throw new Error(`--preset applies to the rule annotators (gopher_quality, gopher_repetition, c4, fineweb); none of ${ids.join(", ")} takes one`);
    for (const id of takers) configs[id] = { preset, ...configs[id] };
  }
  return ids.map((id) => ({ id, config: configs[id] }));
};

const annotate = async (args: string[]) => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { annotators: { type: "string" }, config: { type: "string" }, version: { type: "string" }, preset: { type: "string" } },
  });
  if (positionals.length !== 1) throw new Error(`annotate takes one corpus id\n\n${USAGE}`);
  const { runId } = startAnnotate({ corpusId: positionals[0], versionId: values.version, annotators: parseAnnotatorList(values.annotators, values.config, values.preset) });
  console.error(`run ${runId}: annotating ${positionals[0]}…`);
  const run = await waitForRun(runId);
  if (run.status !== "succeeded") throw new Error(`Annotation ${run.status}: ${run.error ?? "see the run log"} (run ${runId})`);
  console.log(runId);
  console.error(JSON.stringify(JSON.parse(run.summaryJson), null, 2));
};

const annotateFileCommand = async (args: string[]) => {
  const { values } = parseArgs({
    args,
    options: { in: { type: "string" }, out: { type: "string" }, annotators: { type: "string" }, config: { type: "string" }, "text-field": { type: "string" }, preset: { type: "string" } },
  });
  if (!values.in || !values.out) throw new Error(`annotate-file needs --in and --out\n\n${USAGE}`);
  const stats = await annotateFile({
    inFile: values.in,
    outFile: values.out,
    annotators: parseAnnotatorList(values.annotators, values.config, values.preset),
    textField: values["text-field"],
  });
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

const trainNgram = async (args: string[]) => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { filters: { type: "string" }, search: { type: "string" }, order: { type: "string" }, name: { type: "string" }, heldout: { type: "string" }, prune: { type: "string" }, "max-docs": { type: "string" } },
  });
  if (positionals.length !== 1) throw new Error(`train-ngram takes one corpus id\n\n${USAGE}`);
  const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));
  const { runId, modelId, referenceDocs } = await startTrainNgram({
    corpusId: positionals[0],
    name: values.name,
    filters: values.filters ? JSON.parse(values.filters) : [],
    search: values.search,
    order: num(values.order),
    heldoutFraction: num(values.heldout),
    prune: values.prune ? values.prune.trim().split(/[\s,]+/).map(Number) : undefined,
    maxDocs: num(values["max-docs"]),
  });
  console.error(`run ${runId}: training model ${modelId} on ${referenceDocs} documents…`);
  const run = await waitForRun(runId);
  if (run.status !== "succeeded") throw new Error(`Training ${run.status}: ${run.error ?? "see the run log"} (run ${runId})`);
  const { ngram, arpaFile } = JSON.parse(run.summaryJson) as { ngram: { ngrams: number[]; heldout: { perplexity: number | null } }; arpaFile: string };
  console.log(modelId);
  console.error(`n-grams per order ${ngram.ngrams.join(" / ")}, held-out perplexity ${ngram.heldout.perplexity?.toFixed(1) ?? "—"}; ARPA file ${arpaFile} (in the data dir)`);
};

const importScores = async (args: string[]) => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { "id-column": { type: "string" }, prefix: { type: "string" }, columns: { type: "string" }, types: { type: "string" }, version: { type: "string" } },
  });
  if (positionals.length !== 2) throw new Error(`import-scores takes a corpus id and a file\n\n${USAGE}`);
  const started = await startImport({
    corpusId: positionals[0],
    versionId: values.version,
    source: { kind: "path", path: path.resolve(positionals[1]) },
    idColumn: values["id-column"],
    prefix: values.prefix,
    columns: values.columns?.split(",").map((c) => c.trim()),
    types: values.types ? JSON.parse(values.types) : undefined,
  });
  for (const w of started.warnings) console.error(`warning: ${w}`);
  const run = await waitForRun(started.runId);
  if (run.status !== "succeeded") throw new Error(`Import ${run.status}: ${run.error ?? "see the run log"} (run ${started.runId})`);
  const s = (JSON.parse(run.summaryJson) as { import: { attributeSetId: string; matched: number; unmatchedInFile: { count: number }; docsWithoutScore: { count: number }; warnings: string[] } }).import;
  console.log(s.attributeSetId);
  console.error(`${started.columns.map((c) => c.name).join(", ")}: ${s.matched} documents matched, ${s.unmatchedInFile.count} rows with unknown ids (not imported), ${s.docsWithoutScore.count} documents without a score`);
  for (const w of s.warnings) console.error(`warning: ${w}`);
};

const ngramText = async (args: string[]) => {
  const { values } = parseArgs({ args, options: { in: { type: "string" }, out: { type: "string" }, "text-field": { type: "string" } } });
  if (!values.in) throw new Error(`ngram-text needs --in FILE\n\n${USAGE}`);
  const out = values.out ? fs.createWriteStream(values.out) : process.stdout;
  const stats = await writeTokenizedText(values.in, out, { textField: values["text-field"] ?? "text", tokenizer: DEFAULT_TOKENIZER });
  if (out !== process.stdout) await new Promise<void>((resolve, reject) => (out as fs.WriteStream).end((e?: Error | null) => (e ? reject(e) : resolve())));
  console.error(`${stats.docs} documents, ${stats.sentences} sentences written (${stats.skipped} input lines skipped)`);
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

const endpointsCommand = () => {
  for (const e of listEndpoints()) {
    const target = e.kind === "hf_provider" ? `${e.model} via ${e.provider}` : `${e.baseUrl}${e.model ? ` ${e.model}` : ""}`;
    console.log(`${e.id}  ${e.name}  ${e.kind}  ${target}  token ${e.tokenMasked ?? "none"}  concurrency ${e.concurrency}`);
  }
};

const endpointAdd = (args: string[]) => {
  if (args.length !== 1) throw new Error(`endpoint-add takes one JSON argument\n\n${USAGE}`);
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(args[0]) as Record<string, unknown>;
  } catch (e) {
    throw new Error(`endpoint-add: invalid JSON: ${errorMessage(e)}`);
  }
  const token = process.env.WINNOW_ENDPOINT_TOKEN;
  const e = createEndpoint({ ...body, ...(token ? { token } : {}) });
  console.log(e.id);
};

const readPassword = async (fromStdin: boolean): Promise<string> => {
  if (fromStdin) {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, "");
  }
  if (!process.stdin.isTTY) throw new Error("No terminal to prompt on: pass --password-stdin");
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  const ask = (q: string) =>
    new Promise<string>((resolve) => {
      const out = rl as unknown as { _writeToOutput: (s: string) => void };
      rl.question(q, (a) => resolve(a));
      out._writeToOutput = (s: string) => {
        if (s.startsWith(q)) process.stdout.write(q);
      };
    });
  const a = await ask("Password: ");
  process.stdout.write("\n");
  const b = await ask("Repeat: ");
  process.stdout.write("\n");
  rl.close();
  if (a !== b) throw new Error("The passwords differ");
  return a;
};

const createAdmin = async (args: string[]) => {
  const { values } = parseArgs({ args, options: { email: { type: "string" }, name: { type: "string" }, "password-stdin": { type: "boolean" } } });
  if (!values.email) throw new Error(`create-admin needs --email\n\n${USAGE}`);
  const password = await readPassword(!!values["password-stdin"]);
  const user = await createUser({ email: values.email, name: values.name, password, role: "admin" });
  writeAudit(null, "user.create", user.id, { via: "cli", role: "admin" });
  console.log(user.id);
};

const endpointTest = async (args: string[]) => {
  if (args.length !== 1) throw new Error(`endpoint-test takes an endpoint id\n\n${USAGE}`);
  const r = await testEndpoint(args[0]);
  if (!r.ok) throw new Error(`${r.kind} after ${r.latencyMs} ms: ${r.message}`);
  console.log(r.text);
  console.error(`${r.latencyMs} ms, ${r.tokensIn} → ${r.tokensOut} tokens`);
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
    case "endpoints":
      return endpointsCommand();
    case "endpoint-add":
      return endpointAdd(rest);
    case "endpoint-test":
      return endpointTest(rest);
    case "train-ngram":
      return trainNgram(rest);
    case "import-scores":
      return importScores(rest);
    case "ngram-text":
      return ngramText(rest);
    case "refine":
      return refine(rest);
    case "create-admin":
      return createAdmin(rest);
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
