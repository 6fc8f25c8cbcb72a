import { writeFileAtomic } from "@/lib/fs/write-file-atomic";

/**
 * Writes one JSON object per line to `file` atomically (a temp file in the same folder, fsynced
 * and renamed), so a half-written file is never visible under the final name.
 * Returns the number of bytes written.
 */
export const writeJsonlAtomic = (file: string, rows: Iterable<unknown>): number =>
  writeFileAtomic(file, (out) => {
    for (const row of rows) out.write(`${JSON.stringify(row)}\n`);
  });
