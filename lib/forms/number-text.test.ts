import { z } from "zod";
import { describe, expect, it } from "vitest";
import { boundsFromJsonSchema, boundsFromZod, checkBounds, parseNumberText, readNumberField } from "@/lib/forms/number-text";
import { ZAcceptanceSchema } from "@/lib/refine/refine-config";
import { RECIPE_LIMITS, ZRecipeSchema } from "@/lib/recipes/schema";

const value = (text: string, locale = "en-US") => {
  const p = parseNumberText(text, { locale, nullable: true });
  return p.ok ? p.value : `error: ${p.error}`;
};

describe("parseNumberText", () => {
  it("reads what is typed, every prefix of it included", () => {
    expect(["0", "0.", "0.1", "0.15"].map((t) => value(t))).toEqual([0, 0, 0.1, 0.15]);
    expect(value(".5")).toBe(0.5);
    expect(value("-2.5")).toBe(-2.5);
    expect(value("\u22123")).toBe(-3);
    expect(value("1e6")).toBe(1e6);
    expect(value("2.5E-3")).toBe(0.0025);
    expect(value("  42 ")).toBe(42);
    expect(value("")).toBeNull();
  });

  it("accepts thousands separators only between groups of three digits", () => {
    for (const t of ["3,000,000", "3 000 000", "3\u202f000\u202f000", "3\u00a0000\u00a0000", "3'000'000", "3_000_000", "3000000"]) expect(value(t)).toBe(3_000_000);
    expect(value("1,234.5")).toBe(1234.5);
    for (const t of ["3,", "3,0", "3,00", "3,0000", "0,15", "1,,000", ",5"]) expect(value(t)).toMatch(/^error/);
    expect(value("0,15")).toContain('use "." for decimals');
  });

  it("follows the locale's decimal mark", () => {
    expect(value("0,15", "de-DE")).toBe(0.15);
    expect(value("3.000.000", "de-DE")).toBe(3_000_000);
    expect(value("3.000.000,5", "de-DE")).toBe(3_000_000.5);
    expect(value("1 234,5", "fr-FR")).toBe(1234.5);
    // "." stays a decimal mark where it is no grouping mark.
    expect(value("0.15", "fr-FR")).toBe(0.15);
  });

  it("refuses what is no number, and empty text unless the field may be empty", () => {
    for (const t of ["abc", "1.2.3", "1e", "-", ".", "12abc", "0x10", "1e999"]) expect(value(t)).toMatch(/^error/);
    expect(parseNumberText("", { nullable: false })).toEqual({ ok: false, error: "Enter a number" });
  });
});

describe("bounds from the server's schemas", () => {
  it("reads min, max, exclusive bounds, integers and nullability from zod", () => {
    const r = ZRecipeSchema.shape;
    expect(boundsFromZod(r.budget.unwrap().shape.value)).toEqual({ min: 0, exclusiveMin: true, max: RECIPE_LIMITS.maxBudget, nullable: true });
    expect(boundsFromZod(r.sampling.unwrap().shape.temperature)).toEqual({ min: RECIPE_LIMITS.minTemperature, max: RECIPE_LIMITS.maxTemperature });
    // Integers are safe integers anyway: that bound is left implicit.
    expect(boundsFromZod(r.seed)).toEqual({ int: true, min: 0 });
    const a = ZAcceptanceSchema.shape;
    expect(boundsFromZod(a.threshold2)).toEqual({ min: 0, max: 1 });
    expect(boundsFromZod(a.shortDocWords)).toEqual({ int: true, min: 0, nullable: true });
    expect(boundsFromZod(z.number().int())).toEqual({ int: true });
  });

  it("reads the JSON schema the annotator listing sends", () => {
    expect(boundsFromJsonSchema({ type: "integer", minimum: 1, maximum: 8192 })).toEqual({ int: true, min: 1, max: 8192 });
    expect(boundsFromJsonSchema({ type: "number", exclusiveMinimum: 0 })).toEqual({ min: 0, exclusiveMin: true });
    expect(boundsFromJsonSchema({ anyOf: [{ type: "number", maximum: 1 }, { type: "null" }] })).toEqual({ max: 1, nullable: true });
  });

  it("says why a value breaks them", () => {
    expect(checkBounds(0, { min: 0, exclusiveMin: true })).toBe("Must be greater than 0");
    expect(checkBounds(1.5, { int: true })).toBe("Must be a whole number");
    expect(checkBounds(2e15, { max: 1e15 })).toBe("Must be at most 1,000,000,000,000,000");
    expect(checkBounds(null, {})).toBe("Enter a number");
    expect(checkBounds(null, { nullable: true })).toBeNull();
    expect(readNumberField("3,000,000", { min: 0, exclusiveMin: true, max: 1e15 }, "en-US")).toEqual({ ok: true, value: 3_000_000 });
    expect(readNumberField("1.5", { min: 0, max: 1 }, "en-US")).toEqual({ ok: false, error: "Must be at most 1" });
  });
});

describe("isNumberJsonSchema", () => {
  it("tells number fields from others", async () => {
    const { isNumberJsonSchema } = await import("@/lib/forms/number-text");
    expect(isNumberJsonSchema({ type: "integer" })).toBe(true);
    expect(isNumberJsonSchema({ anyOf: [{ type: "number" }, { type: "null" }] })).toBe(true);
    expect(isNumberJsonSchema({ anyOf: [{ type: "string" }, { type: "null" }] })).toBe(false);
    expect(isNumberJsonSchema(undefined)).toBe(false);
  });
});

describe("scaleBounds", () => {
  it("shows a fraction's bounds as a percentage's", async () => {
    const { scaleBounds } = await import("@/lib/forms/number-text");
    const { ZHeldOutFractionSchema } = await import("@/lib/fasttext/hyper-params");
    expect(scaleBounds(boundsFromZod(ZHeldOutFractionSchema), 100)).toEqual({ min: 0, exclusiveMin: true, max: 100, exclusiveMax: true, int: false });
  });
});
