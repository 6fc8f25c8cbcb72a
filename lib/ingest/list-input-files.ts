import fs from "node:fs";
import path from "node:path";
import { AppError } from "@/lib/errors";
import { detectFormat, SUPPORTED_EXTENSIONS } from "@/lib/ingest/formats";
import type { TInputFile } from "@/lib/ingest/read-input-file";

/** The ingestible files at a path: the file itself, or every supported file under a folder (sorted). */
export const listInputFiles = (p: string): { files: TInputFile[]; skipped: string[] } => {
  const stat = fs.statSync(p);
  if (stat.isFile()) {
    const fmt = detectFormat(p);
    if (!fmt) throw new AppError("UNPROCESSABLE", `Unsupported file type: ${path.basename(p)}. Supported: ${SUPPORTED_EXTENSIONS}`);
    return { files: [{ path: p, name: path.basename(p), size: stat.size, ...fmt }], skipped: [] };
  }
  const files: TInputFile[] = [];
  const skipped: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith(".")) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) {
        const fmt = detectFormat(entry.name);
        const rel = path.relative(p, full);
        if (fmt) files.push({ path: full, name: rel, size: fs.statSync(full).size, ...fmt });
        else skipped.push(rel);
      }
    }
  };
  walk(p);
  if (files.length === 0) throw new AppError("UNPROCESSABLE", `No supported files under ${p}. Supported: ${SUPPORTED_EXTENSIONS}`);
  return { files, skipped };
};
