import { createHash } from "node:crypto";
import { isUtf8 } from "node:buffer";
import { metadataColumnName, type TFieldMapping } from "@/lib/ingest/field-mapping";
import type { TLine } from "@/lib/ingest/open-input";
import { IssueTally } from "@/lib/ingest/record-issues";
import type { StagingWriter } from "@/lib/ingest/staging-writer";

type TValueKind = "bool" | "int" | "float" | "string" | "json";

export type TMetadataField = { field: string; column: string; duckType: "BOOLEAN" | "BIGINT" | "DOUBLE" | "VARCHAR" };

/** Synthetic keys spliced in front of each accepted record in the staging NDJSON. */
export const STAGE_ID_KEY = "__winnow_id";
export const STAGE_SOURCE_KEY = "__winnow_source";
export const STAGE_NCHARS_KEY = "__winnow_nchars";

const SURROGATE = /[\uD800-\uDFFF]/;
const HIGH_SURROGATES = /[\uD800-\uDBFF]/g;

/** Unicode code points of a well-formed string (what DuckDB's length() counts). */
const codePoints = (s: string): number => (SURROGATE.test(s) ? s.length - (s.match(HIGH_SURROGATES)?.length ?? 0) : s.length);

const OPEN_BRACE = 123;

/**
 * Validates input lines one by one and writes the accepted ones to staging. Bad lines are
 * counted and sampled; duplicate ids are kept under a disambiguated id and reported.
 */
export class RecordAcceptor {
  readonly tally = new IssueTally();
  readonly sourceCounts: Record<string, number> = {};
  accepted = 0;
  blankLines = 0;
  private readonly ids = new Set<string>();
  private readonly kinds = new Map<string, Set<TValueKind>>();
  private readonly lowerNames = new Map<string, string>();
  readonly ignoredFields = new Set<string>();

  constructor(
    private readonly mapping: TFieldMapping,
    private readonly writer: StagingWriter,
    private readonly onIssue?: (kind: string, sample: { file: string; line: number | null; message: string; excerpt: string }) => void,
  ) {}

  /** Handles one NDJSON line of `file`. `defaultSource` applies when the record has no string `source`. */
  acceptLine(file: string, line: TLine, defaultSource: string): void {
    const buf = line.buf;
    let i = 0;
    while (i < buf.length && (buf[i] === 32 || buf[i] === 9 || buf[i] === 13)) i++;
    if (i === buf.length) {
      this.blankLines++;
      return;
    }
    if (!isUtf8(buf)) return this.issue("invalid_utf8", file, line.lineNo, "Line is not valid UTF-8", buf);
    const str = buf.toString("utf8");
    let value: unknown;
    try {
      value = JSON.parse(str);
    } catch (e) {
      return this.issue("invalid_json", file, line.lineNo, (e as Error).message, str);
    }
    if (value === null || typeof value !== "object" || Array.isArray(value) || buf[i] !== OPEN_BRACE) {
      return this.issue("not_an_object", file, line.lineNo, `Expected a JSON object, got ${Array.isArray(value) ? "an array" : typeof value}`, str);
    }
    this.acceptObject(file, line.lineNo, value as Record<string, unknown>, defaultSource, buf.subarray(i + 1), str);
  }

  /** Handles a record that did not come from an NDJSON line (JSON array element, .txt file). */
  acceptRecord(file: string, lineNo: number | null, record: Record<string, unknown>, defaultSource: string): void {
    const json = JSON.stringify(record);
    this.acceptObject(file, lineNo, record, defaultSource, Buffer.from(json.slice(1), "utf8"), json);
  }

  /** Metadata columns seen so far with a DuckDB type wide enough for every value. */
  metadataFields(): TMetadataField[] {
    return [...this.kinds.entries()].map(([field, kinds]) => ({ field, column: metadataColumnName(field), duckType: duckTypeOf(kinds) }));
  }

  private acceptObject(file: string, lineNo: number | null, obj: Record<string, unknown>, defaultSource: string, afterBrace: Buffer, raw: string): void {
    const { textField, idField } = this.mapping;
    const text = obj[textField];
    if (text === undefined || text === null) return this.issue("missing_text", file, lineNo, `No "${textField}" field`, raw);
    if (typeof text !== "string") return this.issue("non_string_text", file, lineNo, `"${textField}" is ${typeof text}, not a string`, raw);
    if (text.trim() === "") return this.issue("empty_text", file, lineNo, `"${textField}" is empty`, raw);
    if (!text.isWellFormed()) return this.issue("invalid_utf8", file, lineNo, `"${textField}" contains unpaired UTF-16 surrogates`, raw);

    const id = this.assignId(file, lineNo, idField ? obj[idField] : undefined, text, raw);
    const src = obj.source;
    const source = typeof src === "string" && src.trim() !== "" ? src : defaultSource;
    this.sourceCounts[source] = (this.sourceCounts[source] ?? 0) + 1;
    for (const key in obj) {
      if (key === textField || key === idField || (key === "source" && typeof src === "string")) continue;
      this.trackKind(key, obj[key]);
    }
    const prefix = Buffer.from(`{"${STAGE_ID_KEY}":${JSON.stringify(id)},"${STAGE_SOURCE_KEY}":${JSON.stringify(source)},"${STAGE_NCHARS_KEY}":${codePoints(text)},`, "utf8");
    this.writer.write([prefix, afterBrace]);
    this.accepted++;
  }

  private assignId(file: string, lineNo: number | null, given: unknown, text: string, raw: string): string {
    const hasGiven = (typeof given === "string" && given !== "") || (typeof given === "number" && Number.isFinite(given));
    const base = hasGiven ? String(given) : createHash("sha1").update(text).digest("hex").slice(0, 20);
    if (!this.ids.has(base)) {
      this.ids.add(base);
      return base;
    }
    let n = 2;
    while (this.ids.has(`${base}#${n}`)) n++;
    const id = `${base}#${n}`;
    this.ids.add(id);
    const message = hasGiven ? `Duplicate id "${base}"; kept as "${id}"` : `Duplicate text (content id ${base}); kept as "${id}"`;
    const sample = this.tally.add("duplicate_id", file, lineNo, message, raw);
    if (sample) this.onIssue?.("duplicate_id", sample);
    return id;
  }

  private trackKind(key: string, v: unknown): void {
    if (v === null || v === undefined) return;
    let set = this.kinds.get(key);
    if (!set) {
      const lower = key.toLowerCase();
      const clash = this.lowerNames.get(lower);
      if (clash !== undefined && clash !== key) {
        this.ignoredFields.add(key);
        return;
      }
      this.lowerNames.set(lower, key);
      set = new Set();
      this.kinds.set(key, set);
    }
    set.add(kindOf(v));
  }

  private issue(kind: Parameters<IssueTally["add"]>[0], file: string, line: number | null, message: string, raw: string | Buffer): void {
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
