import { formatBytes, formatInt } from "@/components/ui/format";
import type { TSerializedRun } from "@/lib/runs/get-run";

export const throughputOf = (r: TSerializedRun): string => {
  const p = r.progress;
  if (r.type === "ingest" && p.bytesPerSecond) return `${formatBytes(p.bytesPerSecond)}/s`;
  if (p.itemsPerSecond) return `${formatInt(p.itemsPerSecond)} docs/s`;
  if (p.bytesPerSecond) return `${formatBytes(p.bytesPerSecond)}/s`;
  return "—";
};

export const countsOf = (r: TSerializedRun): string => (r.itemsTotal > 0 ? `${formatInt(r.itemsDone)} / ${formatInt(r.itemsTotal)}` : r.bytesTotal > 0 ? `${formatBytes(r.bytesDone)} / ${formatBytes(r.bytesTotal)}` : formatInt(r.itemsDone));

/** A short description of what a run works on, from its config. */
export const targetOf = (r: TSerializedRun): string => {
  const c = r.config as { name?: string; source?: { kind: string; path?: string; url?: string; uploadId?: string }; annotators?: { id: string }[] };
  if (r.type === "ingest") return c.name ?? "";
  if (c.annotators) return c.annotators.map((a) => a.id).join(", ");
  return "";
};
