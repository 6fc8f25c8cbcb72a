import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { getConfig } from "@/lib/config";
import { AppError } from "@/lib/errors";

export const ZIngestSourceSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("upload"), uploadId: z.string().regex(/^upl_[a-z0-9]+$/, "invalid upload id") }),
  z.object({ kind: z.literal("path"), path: z.string().min(1) }),
  z.object({
    kind: z.literal("url"),
    url: z
      .string()
      .min(1)
      .refine((u) => /^(https?|hf):\/\//i.test(u), "URL must start with http://, https:// or hf://"),
  }),
]);
export type TIngestSource = z.infer<typeof ZIngestSourceSchema>;

/** Roots a linked local path must lie under: WINNOW_DATA_ROOTS, or by default the home dir, the data dir and the temp dir. */
export const allowedRoots = (): string[] => {
  const { dataRoots, dataDir } = getConfig();
  return dataRoots.length > 0 ? dataRoots : [os.homedir(), dataDir, os.tmpdir()];
};

/** Throws unless `p` exists and its real path lies under one of the allowed roots. */
export const assertPathAllowed = (p: string): string => {
  const abs = path.resolve(p);
  if (!fs.existsSync(abs)) throw new AppError("NOT_FOUND", `No such file or folder: ${abs}`);
  const real = fs.realpathSync(abs);
  const roots = allowedRoots().map((r) => (fs.existsSync(r) ? fs.realpathSync(r) : path.resolve(r)));
  const ok = roots.some((r) => real === r || real.startsWith(r.endsWith(path.sep) ? r : r + path.sep));
  if (!ok) {
    throw new AppError("FORBIDDEN", `${abs} is outside the allowed data roots (${roots.join(", ")}). Set WINNOW_DATA_ROOTS to allow it.`);
  }
  return real;
};

export const uploadsDir = (): string => path.join(getConfig().dataDir, "uploads");

/** The file an upload id refers to. */
export const uploadFilePath = (uploadId: string): string => {
  const dir = path.join(uploadsDir(), uploadId);
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => !f.startsWith(".")) : [];
  if (files.length !== 1) throw new AppError("NOT_FOUND", `Upload ${uploadId} not found`);
  return path.join(dir, files[0]);
};

/** Human-readable description of a source, for names and logs. */
export const describeSource = (s: TIngestSource): string => {
  if (s.kind === "upload") {
    try {
      return path.basename(uploadFilePath(s.uploadId));
    } catch {
      return s.uploadId;
    }
  }
  return s.kind === "path" ? s.path : s.url;
};

/** A default corpus name from the source: the file or folder name without extensions. */
export const defaultCorpusName = (s: TIngestSource): string => {
  const base = path.basename(describeSource(s).replace(/[?#].*$/, "").replace(/\/+$/, ""));
  return base.replace(/(\.(jsonl|ndjson|json|csv|tsv|parquet|txt))?(\.(gz|zst|zstd))?$/i, "") || "corpus";
};
