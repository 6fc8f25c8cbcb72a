import fs from "node:fs";
import path from "node:path";

export type TStagingFile = { path: string; docs: number; bytes: number };

const FLUSH_BYTES = 4 << 20;

/** Writing staging data failed (disk full…): the whole ingest stops, unlike a bad input file. */
export class StagingWriteError extends Error {
  constructor(cause: unknown) {
    super(`Could not write ingest staging data: ${(cause as Error).message ?? String(cause)}`, { cause });
  }
}

const staged = <T>(fn: () => T): T => {
  try {
    return fn();
  } catch (e) {
    throw new StagingWriteError(e);
  }
};

/**
 * Writes accepted records as NDJSON staging files, rotating every `shardDocs` documents or
 * `shardBytes` bytes; each staging file becomes one Parquet shard.
 */
export class StagingWriter {
  readonly files: TStagingFile[] = [];
  private fd: number | null = null;
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  constructor(
    private readonly dir: string,
    private readonly shardDocs: number,
    private readonly shardBytes: number,
    /** Called when a staging file is complete (before the next one starts). */
    private readonly onComplete?: (file: TStagingFile, idx: number) => void,
  ) {
    fs.mkdirSync(dir, { recursive: true });
  }

  /** Appends one complete JSON object line (without the newline). */
  write(parts: Buffer[]): void {
    let current = this.files[this.files.length - 1];
    if (!current || current.docs >= this.shardDocs || current.bytes >= this.shardBytes) current = this.rotate();
    for (const p of parts) {
      this.pending.push(p);
      this.pendingBytes += p.length;
      current.bytes += p.length;
    }
    this.pending.push(NEWLINE);
    this.pendingBytes += 1;
    current.bytes += 1;
    current.docs++;
    if (this.pendingBytes >= FLUSH_BYTES) this.flush();
  }

  close(): TStagingFile[] {
    this.finishCurrent();
    return this.files;
  }

  private finishCurrent(): void {
    this.flush();
    if (this.fd === null) return;
    fs.closeSync(this.fd);
    this.fd = null;
    this.onComplete?.(this.files[this.files.length - 1], this.files.length - 1);
  }

  private rotate(): TStagingFile {
    this.finishCurrent();
    const file = { path: path.join(this.dir, `stage-${String(this.files.length).padStart(5, "0")}.jsonl`), docs: 0, bytes: 0 };
    this.fd = staged(() => fs.openSync(/*turbopackIgnore: true*/ file.path, "w")); // a run-time file: not for the bundler's file tracing
    this.files.push(file);
    return file;
  }

  private flush(): void {
    if (this.fd === null || this.pending.length === 0) return;
    const fd = this.fd;
    const data = Buffer.concat(this.pending, this.pendingBytes);
    staged(() => fs.writeSync(fd, data));
    this.pending = [];
    this.pendingBytes = 0;
  }
}

const NEWLINE = Buffer.from("\n");
