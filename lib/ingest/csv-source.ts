import fs from "node:fs";
import type { DuckDBConnection } from "@duckdb/node-api";
import { quoteLiteral } from "@/lib/duckdb/instance";
import type { TInputFile } from "@/lib/ingest/read-input-file";

/** Splits one CSV header line into field names (RFC 4180 quoting). */
export const parseHeaderLine = (line: string, delim: string): string[] => {
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === delim) {
      out.push(cur);
      cur = "";
    } else cur += c;
  }
  out.push(cur);
  return out.map((s) => s.trim());
};

const firstLine = (file: string): string => {
  const fd = fs.openSync(file, "r");
  try {
    const buf = Buffer.alloc(1 << 16);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    const text = buf.subarray(0, n).toString("utf8").replace(/^\uFEFF/, "");
    return text.split(/\r?\n/)[0];
  } finally {
    fs.closeSync(fd);
  }
};

/**
 * The `read_csv(…)` expression for a CSV/TSV file. DuckDB's sniffer detects column types; when a
 * malformed row defeats it, the columns are taken from the header line as VARCHAR instead.
 */
export const csvSource = async (conn: DuckDBConnection, file: TInputFile, extra: string): Promise<string> => {
  const delim = file.format === "tsv" ? "\t" : ",";
  const common = `header = true, delim = E'${delim === "\t" ? "\\t" : ","}', quote = '"', escape = '"', max_line_size = 67108864`;
  const src = quoteLiteral(file.path);
  try {
    await conn.runAndReadAll(`SELECT * FROM sniff_csv(${src}, ${common})`);
    return `read_csv(${src}, ${common}, sample_size = 20480, ${extra})`;
  } catch {
    if (file.compression !== "none") throw new Error(`${file.name}: DuckDB could not detect the CSV dialect`);
    const names = parseHeaderLine(firstLine(file.path), delim);
    const cols = `{${names.map((n) => `${quoteLiteral(n)}: 'VARCHAR'`).join(", ")}}`;
    return `read_csv(${src}, ${common}, auto_detect = false, columns = ${cols}, ${extra})`;
  }
};
