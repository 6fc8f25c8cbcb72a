import { writeFileAtomic } from "@/lib/fs/write-file-atomic";
import { FASTTEXT_MAGIC, FASTTEXT_VERSION, type TFastTextArgs } from "@/lib/fasttext/model-file";

const LOSS_IDS = { hs: 1, ns: 2, softmax: 3, ova: 4 } as const;
const MODEL_IDS = { cbow: 1, sg: 2, sup: 3 } as const;

export type TModelToWrite = {
  args: Pick<TFastTextArgs, "dim" | "ws" | "epoch" | "minCount" | "neg" | "wordNgrams" | "loss" | "model" | "bucket" | "minn" | "maxn" | "lrUpdateRate" | "t">;
  words: { name: string; count: number }[];
  /** Label names with their `__label__` prefix. */
  labels: { name: string; count: number }[];
  inputRows: number;
  /** Fills `target` (length dim) with input row `row`. */
  readInputRow: (row: number, target: Float32Array) => void;
  /** labels × dim, row-major. */
  output: Float32Array;
};

/**
 * Writes a dense fastText model in the `.bin` format FastText::saveModel writes (version 12), so
 * the fastText CLI and Python package load it. Written atomically (temp name, fsync, rename).
 * `ntokens` is the sum of the entry counts (exact for minCount 1; only unsupervised training uses it).
 */
export const writeFastTextModel = (file: string, m: TModelToWrite): void => {
  writeFileAtomic(file, (out) => {
    const head = Buffer.alloc(8 + 12 * 4 + 8);
    let o = 0;
    o = head.writeInt32LE(FASTTEXT_MAGIC, o);
    o = head.writeInt32LE(FASTTEXT_VERSION, o);
    const a = m.args;
    for (const v of [a.dim, a.ws, a.epoch, a.minCount, a.neg, a.wordNgrams, LOSS_IDS[a.loss], MODEL_IDS[a.model], a.bucket, a.minn, a.maxn, a.lrUpdateRate]) o = head.writeInt32LE(v, o);
    head.writeDoubleLE(a.t, o);
    out.write(head);

    const entries = [...m.words.map((w) => ({ ...w, type: 0 })), ...m.labels.map((l) => ({ ...l, type: 1 }))];
    const dictHead = Buffer.alloc(12 + 16);
    dictHead.writeInt32LE(entries.length, 0);
    dictHead.writeInt32LE(m.words.length, 4);
    dictHead.writeInt32LE(m.labels.length, 8);
    dictHead.writeBigInt64LE(BigInt(entries.reduce((s, e) => s + e.count, 0)), 12);
    dictHead.writeBigInt64LE(-1n, 20); // pruneidx_size: never pruned
    out.write(dictHead);
    for (const e of entries) {
      const name = Buffer.from(e.name, "utf8");
      if (name.includes(0)) throw new Error(`A fastText entry cannot contain a NUL byte: ${JSON.stringify(e.name)}`);
      const tail = Buffer.alloc(10);
      tail.writeUInt8(0, 0);
      tail.writeBigInt64LE(BigInt(e.count), 1);
      tail.writeInt8(e.type, 9);
      out.write(name);
      out.write(tail);
    }

    const dim = a.dim;
    const shape = (rows: number) => {
      const b = Buffer.alloc(17);
      b.writeUInt8(0, 0); // quant flag (input) / qout (output): dense
      b.writeBigInt64LE(BigInt(rows), 1);
      b.writeBigInt64LE(BigInt(dim), 9);
      return b;
    };
    out.write(shape(m.inputRows));
    const rowsPerBlock = Math.max(1, Math.floor((4 << 20) / (dim * 4)));
    const block = new Float32Array(rowsPerBlock * dim);
    const row = new Float32Array(dim);
    for (let r0 = 0; r0 < m.inputRows; r0 += rowsPerBlock) {
      const n = Math.min(rowsPerBlock, m.inputRows - r0);
      for (let k = 0; k < n; k++) {
        m.readInputRow(r0 + k, row);
        block.set(row, k * dim);
      }
      out.write(new Uint8Array(block.buffer, 0, n * dim * 4));
    }
    if (m.output.length !== m.labels.length * dim) throw new Error("Output matrix size does not match labels × dim");
    out.write(shape(m.labels.length));
    out.write(new Uint8Array(m.output.buffer, m.output.byteOffset, m.output.byteLength));
  });
};
