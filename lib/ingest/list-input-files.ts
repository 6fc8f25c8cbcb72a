import fs from "node:fs";
import path from "node:path";
import { AppError } from "@/lib/errors";
import { detectFormat, SUPPORTED_EXTENSIONS } from "@/lib/ingest/formats";
import type { TInputFile } from "@/lib/ingest/read-input-file";

/** A file of a linked folder that is not ingested, and why. */
export type TSkippedFile = { name: string; reason: string };

/**
 * The ingestible files at a path: the file itself, or every supported file under a folder (sorted).
 * In a folder, symbolic links are not followed (a link could lead outside the allowed data roots,
 * or loop) and hidden entries are ignored; links, unsupported files and other entries (sockets,
 * FIFOs) are listed in `skipped` with the reason, for the run log.
 */
export const listInputFiles = (p: string): { files: TInputFile[]; skipped: TSkippedFile[] } => {
  const stat = fs.statSync(p);
  if (stat.isFile()) {
    const fmt = detectFormat(p);
    if (!fmt) throw new AppError("UNPROCESSABLE", `Unsupported file type: ${path.basename(p)}. Supported: ${SUPPORTED_EXTENSIONS}`);
    return { files: [{ path: p, name: path.basename(p), size: stat.size, ...fmt }], skipped: [] };
  }
  const files: TInputFile[] = [];
  const skipped: TSkippedFile[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith(".")) continue;
      const full = path.join(dir, entry.name);
      const rel = path.relative(p, full);
      if (entry.isSymbolicLink()) skipped.push({ name: rel, reason: "symbolic link (not followed)" });
      else if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) {
        const fmt = detectFormat(entry.name);
        if (fmt) files.push({ path: full, name: rel, size: fs.statSync(full).size, ...fmt });
        else skipped.push({ name: rel, reason: "unsupported file type" });
      } else skipped.push({ name: rel, reason: "not a regular file" });
    }
  };
  walk(p);
  if (files.length === 0) throw new AppError("UNPROCESSABLE", `No supported files under ${p}. Supported: ${SUPPORTED_EXTENSIONS}`);
  return { files, skipped };
};
