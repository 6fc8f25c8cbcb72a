import { z } from "zod";

/**
 * Numbers typed by people: parsing a field's text (thousands separators, the locale's decimal mark)
 * and checking it against the bounds of the zod schema the server validates with. Pure and
 * browser-safe: the numeric input (components/ui/numeric-input.tsx) and its tests use it.
 */

/** The studio's locale (its texts are English); fields parse and show numbers in it. */
export const APP_LOCALE = "en-US";

/** A value as a field first shows it: exact (shortest round-trip form), without grouping. */
export const formatForEdit = (value: number | null): string => (value === null ? "" : String(value));

/** What a numeric field accepts, as read from a zod / JSON schema. */
export type TNumberBounds = {
  min?: number;
  max?: number;
  /** The bound itself is not allowed (zod `.positive()`, `.gt()`). */
  exclusiveMin?: boolean;
  exclusiveMax?: boolean;
  int?: boolean;
  /** Empty text means null (a nullable or optional field). */
  nullable?: boolean;
};

export type TParsedNumber = { ok: true; value: number | null } | { ok: false; error: string };

/** Spaces people and locales put between thousands: space, no-break space, narrow no-break space, thin space. */
const SPACES = /[\s\u00a0\u202f\u2009]/;

/** The locale's decimal mark and grouping separator (en: "." and ","; de: "," and "."; fr: "," and a narrow no-break space). */
export const localeSeparators = (locale?: string): { decimal: string; group: string } => {
  const parts = new Intl.NumberFormat(locale).formatToParts(12345.6);
  return { decimal: parts.find((p) => p.type === "decimal")?.value ?? ".", group: parts.find((p) => p.type === "group")?.value ?? "," };
};

/**
 * Parses a number as typed. Accepts an optional sign, the locale's decimal mark (and "." always,
 * when it is not the locale's grouping mark), an exponent, and thousands separators — the locale's,
 * spaces, "'" and "_" — only between groups of three digits, so "3,000,000" and "3 000 000" are three
 * million while "0,15" in English is an error, never fifteen.
 */
export const parseNumberText = (text: string, opts: { locale?: string; nullable?: boolean } = {}): TParsedNumber => {
  const s = text.trim();
  if (s === "") return opts.nullable ? { ok: true, value: null } : { ok: false, error: "Enter a number" };
  const { decimal, group } = localeSeparators(opts.locale);
  const groupChars = new Set([group, "'", "_", " ", "\u00a0", "\u202f", "\u2009"]);
  const isGroup = (ch: string) => groupChars.has(ch) || SPACES.test(ch);
  const decimals = new Set([decimal, ...(group === "." ? [] : ["."])]);

  const m = /^([+\-\u2212]?)(.*?)(?:[eE]([+-]?\d+))?$/.exec(s);
  if (!m) return { ok: false, error: `"${text}" is not a number` };
  const sign = m[1] === "-" || m[1] === "\u2212" ? "-" : "";
  const body = m[2];
  const exponent = m[3];
  // Split the mantissa at its one decimal mark.
  let intPart = body;
  let fracPart = "";
  const markAt = [...body].findIndex((ch) => decimals.has(ch) && !(ch === group));
  if (markAt >= 0) {
    intPart = body.slice(0, markAt);
    fracPart = body.slice(markAt + 1);
    if (!/^\d*$/.test(fracPart)) return { ok: false, error: `"${text}" is not a number` };
  }
  // Thousands separators: digits in groups of three after the first group.
  let digits = intPart;
  if (/[^\d]/.test(intPart)) {
    const groups = intPart.split("").reduce<string[]>((acc, ch) => {
      if (/\d/.test(ch)) acc[acc.length - 1] += ch;
      else if (isGroup(ch)) acc.push("");
      else acc.push("\u0000");
      return acc;
    }, [""]);
    const valid = groups.every((g, i) => (i === 0 ? /^\d{1,3}$/.test(g) : /^\d{3}$/.test(g)));
    if (!valid) return { ok: false, error: `"${text}" is not a number${groups.length === 2 && /^\d{1,2}$|^\d{4,}$/.test(groups[1]) ? ` (use "${decimal}" for decimals)` : ""}` };
    digits = groups.join("");
  }
  if (digits === "" && fracPart === "") return { ok: false, error: `"${text}" is not a number` };
  const value = Number(`${sign}${digits || "0"}.${fracPart || "0"}${exponent ? `e${exponent}` : ""}`);
  if (!Number.isFinite(value)) return { ok: false, error: `"${text}" is out of range` };
  return { ok: true, value: Object.is(value, -0) ? 0 : value };
};

const fmt = (n: number) => n.toLocaleString("en-US", { maximumSignificantDigits: 15 });

/** Why a value breaks the bounds, or null when it fits. */
export const checkBounds = (value: number | null, b: TNumberBounds): string | null => {
  if (value === null) return b.nullable ? null : "Enter a number";
  if (!Number.isFinite(value)) return "Must be a finite number";
  if (b.int && !Number.isInteger(value)) return "Must be a whole number";
  if (b.min !== undefined && (b.exclusiveMin ? value <= b.min : value < b.min)) return `Must be ${b.exclusiveMin ? "greater than" : "at least"} ${fmt(b.min)}`;
  if (b.max !== undefined && (b.exclusiveMax ? value >= b.max : value > b.max)) return `Must be ${b.exclusiveMax ? "less than" : "at most"} ${fmt(b.max)}`;
  return null;
};

/** Parses and checks a field's text in one step. */
export const readNumberField = (text: string, b: TNumberBounds, locale: string = APP_LOCALE): TParsedNumber => {
  const p = parseNumberText(text, { locale, nullable: b.nullable });
  if (!p.ok) return p;
  const error = checkBounds(p.value, b);
  return error ? { ok: false, error } : p;
};

type TJsonSchema = {
  type?: string | string[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number | boolean;
  exclusiveMaximum?: number | boolean;
  anyOf?: TJsonSchema[];
  oneOf?: TJsonSchema[];
};

/** Bounds of a value shown scaled (a fraction shown as a percentage: factor 100). */
export const scaleBounds = (b: TNumberBounds, factor: number): TNumberBounds => ({
  ...b,
  ...(b.min !== undefined ? { min: b.min * factor } : {}),
  ...(b.max !== undefined ? { max: b.max * factor } : {}),
  ...(factor !== 1 ? { int: false } : {}),
});

/** Whether a JSON schema describes a number (possibly nullable). */
export const isNumberJsonSchema = (js: TJsonSchema | undefined): boolean => {
  if (!js) return false;
  const alts = js.anyOf ?? js.oneOf;
  if (alts) return alts.some(isNumberJsonSchema);
  const types = Array.isArray(js.type) ? js.type : [js.type];
  return types.includes("number") || types.includes("integer");
};

/** Bounds from a JSON schema (as `z.toJSONSchema` writes it, which the annotator and rule listings send). */
export const boundsFromJsonSchema = (js: TJsonSchema | undefined): TNumberBounds => {
  if (!js) return {};
  const alts = js.anyOf ?? js.oneOf;
  if (alts) {
    const num = alts.find((a) => a.type === "number" || a.type === "integer");
    const nullable = alts.some((a) => a.type === "null");
    return { ...boundsFromJsonSchema(num), ...(nullable ? { nullable } : {}) };
  }
  const types = Array.isArray(js.type) ? js.type : js.type ? [js.type] : [];
  const b: TNumberBounds = {};
  if (types.includes("integer")) b.int = true;
  if (types.includes("null")) b.nullable = true;
  if (typeof js.exclusiveMinimum === "number") Object.assign(b, { min: js.exclusiveMinimum, exclusiveMin: true });
  else if (js.minimum !== undefined) b.min = js.minimum;
  if (typeof js.exclusiveMaximum === "number") Object.assign(b, { max: js.exclusiveMaximum, exclusiveMax: true });
  else if (js.maximum !== undefined) b.max = js.maximum;
  // zod writes JavaScript's safe-integer range for .int(); that is no bound a person needs to read.
  if (b.int && b.min === Number.MIN_SAFE_INTEGER) delete b.min;
  if (b.int && b.max === Number.MAX_SAFE_INTEGER) delete b.max;
  return b;
};

/** Bounds of a zod number field (wrapped in default / nullable / optional or not). */
export const boundsFromZod = (schema: z.ZodType): TNumberBounds => boundsFromJsonSchema(z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as TJsonSchema);
