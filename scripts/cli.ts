/**
 * Winnow's command line: `npm run winnow -- <command> [options]`.
 *   ingest <path|url> [--name N] [--text-field F] [--id-field F] [--source S]
 *   corpora
 */
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

const USAGE = `Usage: npm run winnow -- <command> [options]

Commands:
  ingest <path|url>   Ingest a file, a folder, an http(s) URL or an hf://datasets/... path
      --name N          corpus name (default: the file or folder name)
      --text-field F    field holding the document text (default: detected)
      --id-field F      field holding a unique id (default: detected, else derived from content)
      --source S        source label for records without a "source" field
  corpora             List corpora with document counts
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
