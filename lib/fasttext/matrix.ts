import type { TBinaryReader } from "@/lib/fasttext/binary-reader";

/** fastText's two operations on a matrix row, in single precision as its C++ does. */
export type TMatrix = {
  rows: number;
  cols: number;
  /** target += row (DenseMatrix::addRowToVector / QuantMatrix::addRowToVector). */
  addRowTo: (target: Float32Array, row: number) => void;
  /** target += rows[0], += rows[1], … in that order (the same floats as addRowTo in a loop). */
  addRowsTo: (target: Float32Array, rows: Int32Array, n: number) => void;
  /** row · vec, summed in float (DenseMatrix::dotRow / QuantMatrix::dotRow). */
  dotRow: (vec: Float32Array, row: number) => number;
};

const f32 = Math.fround;

/** Floats per chunk: 1 GiB typed arrays, so a multi-GB matrix needs no single huge allocation. */
const CHUNK_FLOATS = 1 << 28;

/**
 * Adds four rows per pass over the target: four independent memory streams keep more cache misses
 * in flight (rows are scattered over a matrix of hundreds of MB), about twice as fast as one row at
 * a time. Each sum is rounded to float in row order, so the result is bit-identical.
 */
const addRowsFrom = (t: Float32Array, cols: number, n: number, dataOf: (k: number) => Float32Array, baseOf: (k: number) => number) => {
  let k = 0;
  for (; k + 4 <= n; k += 4) {
    const da = dataOf(k);
    const db = dataOf(k + 1);
    const dc = dataOf(k + 2);
    const dd = dataOf(k + 3);
    const a = baseOf(k);
    const b = baseOf(k + 1);
    const c = baseOf(k + 2);
    const d = baseOf(k + 3);
    for (let j = 0; j < cols; j++) t[j] = f32(f32(f32(f32(t[j] + da[a + j]) + db[b + j]) + dc[c + j]) + dd[d + j]);
  }
  for (; k < n; k++) {
    const dk = dataOf(k);
    const base = baseOf(k);
    for (let j = 0; j < cols; j++) t[j] += dk[base + j];
  }
};

/** A dense row-major float matrix held in one or more chunks of whole rows. */
export const denseMatrix = (rows: number, cols: number, chunks: Float32Array[], rowsPerChunk: number): TMatrix => {
  if (chunks.length === 1) {
    const data = chunks[0];
    return {
      rows,
      cols,
      addRowsTo: (t, ids, n) => {
        let k = 0;
        for (; k + 4 <= n; k += 4) {
          const a = ids[k] * cols;
          const b = ids[k + 1] * cols;
          const c = ids[k + 2] * cols;
          const d = ids[k + 3] * cols;
          for (let j = 0; j < cols; j++) t[j] = f32(f32(f32(f32(t[j] + data[a + j]) + data[b + j]) + data[c + j]) + data[d + j]);
        }
        for (; k < n; k++) {
          const base = ids[k] * cols;
          for (let j = 0; j < cols; j++) t[j] += data[base + j];
        }
      },
      addRowTo: (t, r) => {
        const base = r * cols;
        for (let j = 0; j < cols; j++) t[j] += data[base + j];
      },
      dotRow: (v, r) => {
        const base = r * cols;
        let d = 0;
        for (let j = 0; j < cols; j++) d = f32(d + f32(data[base + j] * v[j]));
        return d;
      },
    };
  }
  return {
    rows,
    cols,
    addRowsTo: (t, ids, n) =>
      addRowsFrom(
        t,
        cols,
        n,
        (k) => chunks[Math.floor(ids[k] / rowsPerChunk)],
        (k) => (ids[k] % rowsPerChunk) * cols,
      ),
    addRowTo: (t, r) => {
      const data = chunks[Math.floor(r / rowsPerChunk)];
      const base = (r % rowsPerChunk) * cols;
      for (let j = 0; j < cols; j++) t[j] += data[base + j];
    },
    dotRow: (v, r) => {
      const data = chunks[Math.floor(r / rowsPerChunk)];
      const base = (r % rowsPerChunk) * cols;
      let d = 0;
      for (let j = 0; j < cols; j++) d = f32(d + f32(data[base + j] * v[j]));
      return d;
    },
  };
};

/** Reads a DenseMatrix (int64 rows, int64 cols, rows×cols float32) in chunks of whole rows. */
export const readDenseMatrix = (r: TBinaryReader, chunkFloats = CHUNK_FLOATS): TMatrix => {
  const rows = r.int64();
  const cols = r.int64();
  if (rows < 0 || cols <= 0) throw new Error(`Invalid dense matrix shape ${rows}×${cols}`);
  const rowsPerChunk = Math.max(1, Math.floor(chunkFloats / cols));
  const chunks: Float32Array[] = [];
  for (let done = 0; done < rows; done += rowsPerChunk) {
    const chunk = new Float32Array(Math.min(rowsPerChunk, rows - done) * cols);
    r.bytesInto(new Uint8Array(chunk.buffer));
    chunks.push(chunk);
  }
  if (chunks.length === 0) chunks.push(new Float32Array(0));
  return denseMatrix(rows, cols, chunks, rowsPerChunk);
};

type TProductQuantizer = { dim: number; nsubq: number; dsub: number; lastdsub: number; centroids: Float32Array };

const KSUB = 256;

const readProductQuantizer = (r: TBinaryReader): TProductQuantizer => {
  const dim = r.int32();
  const nsubq = r.int32();
  const dsub = r.int32();
  const lastdsub = r.int32();
  const centroids = new Float32Array(dim * KSUB);
  r.bytesInto(new Uint8Array(centroids.buffer));
  return { dim, nsubq, dsub, lastdsub, centroids };
};

/** ProductQuantizer::get_centroids: offset of centroid `i` of sub-quantizer `m`. */
const centroidOffset = (pq: TProductQuantizer, m: number, i: number): number =>
  m === pq.nsubq - 1 ? m * KSUB * pq.dsub + i * pq.lastdsub : (m * KSUB + i) * pq.dsub;

/** Reads a QuantMatrix (product-quantized rows of a `.ftz` model, optionally with quantized norms). */
export const readQuantMatrix = (r: TBinaryReader): TMatrix => {
  const qnorm = r.bool();
  const rows = r.int64();
  const cols = r.int64();
  const codesize = r.int32();
  const codes = new Uint8Array(codesize);
  r.bytesInto(codes);
  const pq = readProductQuantizer(r);
  let normCodes: Uint8Array | null = null;
  let npq: TProductQuantizer | null = null;
  if (qnorm) {
    normCodes = new Uint8Array(rows);
    r.bytesInto(normCodes);
    npq = readProductQuantizer(r);
  }
  const { nsubq, dsub, lastdsub, centroids } = pq;
  const normOf = (row: number): number => (normCodes && npq ? npq.centroids[centroidOffset(npq, 0, normCodes[row])] : 1);
  const addRowTo = (t: Float32Array, row: number) => {
    const alpha = normOf(row);
    const code = nsubq * row;
    for (let m = 0; m < nsubq; m++) {
      const c = centroidOffset(pq, m, codes[code + m]);
      const d = m === nsubq - 1 ? lastdsub : dsub;
      const base = m * dsub;
      for (let n = 0; n < d; n++) t[base + n] += f32(alpha * centroids[c + n]);
    }
  };
  return {
    rows,
    cols,
    addRowsTo: (t, ids, n) => {
      for (let k = 0; k < n; k++) addRowTo(t, ids[k]);
    },
    addRowTo,
    dotRow: (v, row) => {
      const alpha = normOf(row);
      const code = nsubq * row;
      let res = 0;
      for (let m = 0; m < nsubq; m++) {
        const c = centroidOffset(pq, m, codes[code + m]);
        const d = m === nsubq - 1 ? lastdsub : dsub;
        const base = m * dsub;
        for (let n = 0; n < d; n++) res = f32(res + f32(v[base + n] * centroids[c + n]));
      }
      return f32(res * alpha);
    },
  };
};
