import fs from "node:fs";
import path from "node:path";
import { uploadsDir } from "@/lib/ingest/source-spec";

/** Suffix of an upload still being received (`uploads/<id>/.<name>.part`, renamed when complete). */
export const UPLOAD_PART_SUFFIX = ".part";

/**
 * Removes upload part files not written to for `olderThanMs` (0: every part, as at start-up when no
 * server is receiving), and the upload folders they leave empty. A part is abandoned when its
 * server was killed mid-upload; a live upload touches its part with every chunk. Returns the
 * removed files' paths.
 */
export const removeAbandonedUploadParts = (olderThanMs: number, now = Date.now()): string[] => {
  const root = uploadsDir();
  if (!fs.existsSync(root)) return [];
  const removed: string[] = [];
  for (const entry of fs.readdirSync(root, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const dir = path.join(root, entry.name);
    let removedHere = false;
    for (const f of fs.readdirSync(dir, { withFileTypes: true })) {
      if (!f.isFile() || !f.name.endsWith(UPLOAD_PART_SUFFIX)) continue;
      const file = path.join(dir, f.name);
      try {
        if (now - fs.statSync(file).mtimeMs < olderThanMs) continue;
        fs.rmSync(file, { force: true });
        removed.push(file);
        removedHere = true;
      } catch {
        // Finished (renamed) or removed by its request meanwhile.
      }
    }
    try {
      // An empty folder may be an upload about to open its part: it goes with its abandoned part, or when old.
      if (fs.readdirSync(dir).length === 0 && (removedHere || now - fs.statSync(dir).mtimeMs >= olderThanMs)) fs.rmdirSync(dir);
    } catch {
      // Written to meanwhile.
    }
  }
  return removed;
};
