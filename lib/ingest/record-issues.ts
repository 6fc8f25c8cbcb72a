/** Kinds of input rows that are counted and reported but not ingested. */
export const BAD_ROW_KINDS = [
  "invalid_json",
  "not_an_object",
  "missing_text",
  "non_string_text",
  "empty_text",
  "invalid_utf8",
  "csv_error",
  "truncated_input",
  "unreadable_file",
  "line_too_long",
  "empty_file",
  "file_too_large",
  "decompression_limit",
] as const;
export type TBadRowKind = (typeof BAD_ROW_KINDS)[number];

export const BAD_ROW_LABELS: Record<TBadRowKind, string> = {
  invalid_json: "Invalid JSON",
  not_an_object: "Not a JSON object",
  missing_text: "Missing text field",
  non_string_text: "Text is not a string",
  empty_text: "Empty text",
  invalid_utf8: "Invalid UTF-8",
  csv_error: "Malformed CSV row",
  truncated_input: "Truncated or corrupt compressed input",
  unreadable_file: "Unreadable file",
  line_too_long: "Line or record over the size limit",
  empty_file: "Empty file",
  file_too_large: "File too large for its format",
  decompression_limit: "Decompressed size over the limit",
};

export type TIssueSample = { file: string; line: number | null; message: string; excerpt: string };

const MAX_SAMPLES_PER_KIND = 20;
const EXCERPT_CHARS = 160;

/** Counts bad rows and duplicate ids by kind and keeps the first few of each as samples. */
export class IssueTally {
  readonly badRows: Partial<Record<TBadRowKind, number>> = {};
  duplicateIds = 0;
  readonly samples: Partial<Record<TBadRowKind | "duplicate_id", TIssueSample[]>> = {};

  add(kind: TBadRowKind | "duplicate_id", file: string, line: number | null, message: string, raw?: string | Buffer): TIssueSample | null {
    if (kind === "duplicate_id") this.duplicateIds++;
    else this.badRows[kind] = (this.badRows[kind] ?? 0) + 1;
    const list = (this.samples[kind] ??= []);
    if (list.length >= MAX_SAMPLES_PER_KIND) return null;
    const sample = { file, line, message, excerpt: excerptOf(raw) };
    list.push(sample);
    return sample;
  }

  get badRowTotal(): number {
    return Object.values(this.badRows).reduce((a, b) => a + (b ?? 0), 0);
  }
}

const excerptOf = (raw: string | Buffer | undefined): string => {
  if (raw === undefined) return "";
  const s = typeof raw === "string" ? raw : raw.subarray(0, EXCERPT_CHARS * 4).toString("utf8");
  return s.length > EXCERPT_CHARS ? `${s.slice(0, EXCERPT_CHARS)}…` : s;
};
