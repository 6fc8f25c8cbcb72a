import { createRun } from "@/lib/runs/create-run";
import { getRunOrThrow } from "@/lib/runs/get-run";
import { checkSource } from "@/lib/ingest/start-ingest";
import { ZIngestSourceSchema } from "@/lib/ingest/source-spec";

/** Starts a new run of the same type with the same config, or with an edited one. */
export const rerun = (runId: string, configOverride?: unknown): { runId: string } => {
  const original = getRunOrThrow(runId);
  const config = configOverride ?? JSON.parse(original.configJson);
  if (original.type === "ingest") {
    // The source (edited or not) goes through the same checks as a new ingest from the web: a path
    // first linked by the local CLI (not confined to the data roots) cannot be re-read from the web.
    const source = ZIngestSourceSchema.safeParse((config as { source?: unknown })?.source);
    if (source.success) checkSource(source.data);
  }
  return { runId: createRun(original.type, config).id };
};
