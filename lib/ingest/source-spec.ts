import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { getConfig } from "@/lib/config";
import { AppError } from "@/lib/errors";
import { isSafeName, resolveUserPath } from "@/lib/security/paths";

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

/** Throws unless `p` exists and its real path lies under the data roots (see `lib/security/paths.ts`). */
export const assertPathAllowed = (p: string): string => resolveUserPath(p);

export const uploadsDir = (): string => path.join(getConfig().dataDir, "uploads");

/** The file an upload id refers to. */
export const uploadFilePath = (uploadId: string): string => {
  if (!/^upl_[a-z0-9]+$/.test(uploadId) || !isSafeName(uploadId)) throw new AppError("NOT_FOUND", `Upload ${uploadId} not found`);
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
