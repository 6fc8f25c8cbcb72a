import { createHash } from "node:crypto";
import { isUtf8 } from "node:buffer";
import type { TFieldMapping } from "@/lib/ingest/field-mapping";
import { FieldNamer, isReservedFieldName, type TRenamedField } from "@/lib/ingest/field-names";
import type { TLine } from "@/lib/ingest/open-input";
import { IssueTally } from "@/lib/ingest/record-issues";
import type { StagingWriter } from "@/lib/ingest/staging-writer";

type TValueKind = "bool" | "int" | "float" | "string" | "json";

export type TMetadataField = { field: string; column: string; duckType: "BOOLEAN" | "BIGINT" | "DOUBLE" | "VARCHAR" };

/** Synthetic keys spliced in front of each accepted record in the staging NDJSON. */
export const STAGE_ID_KEY = "__winnow_id";
export const STAGE_SOURCE_KEY = "__winnow_source";
export const STAGE_NCHARS_KEY = "__winnow_nchars";
export const STAGE_TEXT_KEY = "__winnow_text";

/** A name that can stand as a staging key beside the internal ones and the column names. */
const isPlainKey = (name: string): boolean => name !== "" && !name.startsWith("__");

/** The staging key of the text: the text field's own name (so clean lines pass through), unless odd. */
export const stagingTextKey = (textField: string): string => (isPlainKey(textField) ? textField : STAGE_TEXT_KEY);

const SURROGATE = /[\uD800-\uDFFF]/;
const HIGH_SURROGATES = /[\uD800-\uDBFF]/g;

/** Unicode code points of a well-formed string (what DuckDB's length() counts). */
const codePoints = (s: string): number => (SURROGATE.test(s) ? s.length - (s.match(HIGH_SURROGATES)?.length ?? 0) : s.length);

const OPEN_BRACE = 123;
const SUFFIXED_ID = /^(.*)#(\d+)$/s;

/**
 * Validates input lines one by one and writes the accepted ones to staging. Bad lines are
 * counted and sampled; duplicate ids are kept under a disambiguated id and reported.
 *
 * A clean line (every key already a valid column name) is written as it came, with the internal
 * keys (`__winnow_*`) spliced in front — no re-serialisation. Any other record is re-serialised with
 * every metadata field under its column name (see {@link FieldNamer}), so no odd input key (an
 * empty one, one named like an internal key, a case twin) reaches DuckDB's reader. A key repeated
 * within one object is caught when DuckDB rejects the staging file (see `write-shards.ts`).
 */
export class RecordAcceptor {
  readonly tally = new IssueTally();
  readonly sourceCounts: Record<string, number> = {};
  accepted = 0;
  blankLines = 0;
  private readonly ids = new Set<string>();
  /** Next `#n` suffix to try for each id root: duplicates are renamed in constant amortised time. */
  private readonly nextSuffix = new Map<string, number>();
  /** Metadata columns in order of first sight: column → original field and value kinds seen. */
  private readonly fields = new Map<string, { field: string; kinds: Set<TValueKind> }>();
  private readonly namer: FieldNamer;
  private readonly textKey: string;
  /** Whether clean lines may be staged as they came (the text and id fields have plain names). */
  private readonly passThrough: boolean;

  constructor(
    private readonly mapping: TFieldMapping,
    private readonly writer: StagingWriter,
    private readonly onIssue?: (kind: string, sample: { file: string; line: number | null; message: string; excerpt: string }) => void,
  ) {
    const { textField, idField } = mapping;
    this.namer = new FieldNamer([textField, ...(idField ? [idField] : [])]);
    this.textKey = stagingTextKey(textField);
    this.passThrough = this.textKey === textField && (idField === null || isPlainKey(idField));
  }

  /** Handles one NDJSON line of `file`. `defaultSource` applies when the record has no string `source`. */
  acceptLine(file: string, line: TLine, defaultSource: string): void {
    const buf = line.buf;
    let i = 0;
    while (i < buf.length && (buf[i] === 32 || buf[i] === 9 || buf[i] === 13)) i++;
    if (i === buf.length) {
      this.blankLines++;
      return;
    }
    if (!isUtf8(buf)) return this.reportIssue("invalid_utf8", file, line.lineNo, "Line is not valid UTF-8", buf);
    const str = buf.toString("utf8");
    let value: unknown;
    try {
      value = JSON.parse(str);
    } catch (e) {
      return this.reportIssue("invalid_json", file, line.lineNo, (e as Error).message, str);
    }
    if (value === null || typeof value !== "object" || Array.isArray(value) || buf[i] !== OPEN_BRACE) {
      return this.reportIssue("not_an_object", file, line.lineNo, `Expected a JSON object, got ${Array.isArray(value) ? "an array" : typeof value}`, str);
    }
    this.acceptObject(file, line.lineNo, value as Record<string, unknown>, defaultSource, str, buf.subarray(i + 1));
  }

  /** Handles a record that did not come from an NDJSON line (JSON array element, .txt file). */
  acceptRecord(file: string, lineNo: number | null, record: Record<string, unknown>, defaultSource: string, raw?: string): void {
    this.acceptObject(file, lineNo, record, defaultSource, raw ?? JSON.stringify(record));
  }

  /** Metadata columns seen so far with a DuckDB type wide enough for every value. */
  metadataFields(): TMetadataField[] {
    return [...this.fields.entries()].map(([column, f]) => ({ field: f.field, column, duckType: duckTypeOf(f.kinds) }));
  }

  /** Fields stored under another name than their own, in order of first sight. */
  renamedFields(): TRenamedField[] {
    return [...this.namer.renamed];
  }

  private acceptObject(file: string, lineNo: number | null, obj: Record<string, unknown>, defaultSource: string, raw: string, afterBrace?: Buffer): void {
    const { textField, idField } = this.mapping;
    const text = obj[textField];
    if (text === undefined || text === null) return this.reportIssue("missing_text", file, lineNo, `No "${textField}" field`, raw);
    if (typeof text !== "string") return this.reportIssue("non_string_text", file, lineNo, `"${textField}" is ${typeof text}, not a string`, raw);
    if (text.trim() === "") return this.reportIssue("empty_text", file, lineNo, `"${textField}" is empty`, raw);
    if (!text.isWellFormed()) return this.reportIssue("invalid_utf8", file, lineNo, `"${textField}" contains unpaired UTF-16 surrogates`, raw);

    const id = this.assignId(file, lineNo, idField ? obj[idField] : undefined, text, raw);
    const src = obj.source;
    const source = typeof src === "string" && src.trim() !== "" ? src : defaultSource;
    this.sourceCounts[source] = (this.sourceCounts[source] ?? 0) + 1;
    let clean = afterBrace !== undefined && this.passThrough;
    const keys = Object.keys(obj);
    const columns: (string | null)[] = [];
    for (const key of keys) {
      const v = obj[key];
      if (key === textField || key === idField || (key === "source" && typeof src === "string") || v === null || v === undefined) {
        columns.push(null);
        // A null under an odd key would still reach DuckDB's reader in a line passed through.
        if (clean && key !== textField && key !== idField && key !== "source" && isReservedFieldName(key)) clean = false;
        continue;
      }
      const column = this.namer.columnOf(key);
      let f = this.fields.get(column);
      if (!f) {
        f = { field: key, kinds: new Set() };
        this.fields.set(column, f);
      }
      f.kinds.add(kindOf(v));
      columns.push(column);
      if (column !== key) clean = false;
    }
    const head = `"${STAGE_ID_KEY}":${JSON.stringify(id)},"${STAGE_SOURCE_KEY}":${JSON.stringify(source)},"${STAGE_NCHARS_KEY}":${codePoints(text)}`;
    if (clean) {
      this.writer.write([Buffer.from(`{${head},`, "utf8"), afterBrace!]);
    } else {
      const row: Record<string, unknown> = { [this.textKey]: text };
      keys.forEach((key, k) => {
        const column = columns[k];
        if (column !== null) row[column] = obj[key];
      });
      const body = JSON.stringify(row);
      this.writer.write([Buffer.from(`{${head},${body.slice(1)}`, "utf8")]);
    }
    this.accepted++;
  }

  private assignId(file: string, lineNo: number | null, given: unknown, text: string, raw: string): string {
    const hasGiven = (typeof given === "string" && given !== "") || (typeof given === "number" && Number.isFinite(given));
    const base = hasGiven ? String(given) : createHash("sha1").update(text).digest("hex").slice(0, 20);
    if (!this.ids.has(base)) {
      this.ids.add(base);
      return base;
    }
    // A colliding `x#3` is renamed from the root `x` (`x#4` …), never to `x#3#2`.
    const root = SUFFIXED_ID.exec(base)?.[1] ?? base;
    let n = this.nextSuffix.get(root) ?? 2;
    while (this.ids.has(`${root}#${n}`)) n++;
    this.nextSuffix.set(root, n + 1);
    const id = `${root}#${n}`;
    this.ids.add(id);
    const message = hasGiven ? `Duplicate id "${base}"; kept as "${id}"` : `Duplicate text (content id ${base}); kept as "${id}"`;
    const sample = this.tally.add("duplicate_id", file, lineNo, message, raw);
    if (sample) this.onIssue?.("duplicate_id", sample);
    return id;
  }

  /** Counts a bad row (or file) and passes its sample on when it is one of the first of its kind. */
  reportIssue(kind: Parameters<IssueTally["add"]>[0], file: string, line: number | null, message: string, raw?: string | Buffer): void {
    const sample = this.tally.add(kind, file, line, message, raw);
    if (sample) this.onIssue?.(kind, sample);
  }
}

const kindOf = (v: unknown): TValueKind => {
  switch (typeof v) {
    case "boolean":
      return "bool";
    case "number":
      return Number.isSafeInteger(v) ? "int" : "float";
    case "string":
      return "string";
    default:
      return "json";
  }
};

const duckTypeOf = (kinds: Set<TValueKind>): TMetadataField["duckType"] => {
  if (kinds.size === 1 && kinds.has("bool")) return "BOOLEAN";
  if (kinds.size === 1 && kinds.has("int")) return "BIGINT";
  if ([...kinds].every((k) => k === "int" || k === "float")) return "DOUBLE";
  return "VARCHAR";
};
