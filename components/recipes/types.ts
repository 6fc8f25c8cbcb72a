import type { TRecipeInput } from "@/lib/recipes/schema";

export type TDraft = TRecipeInput & { corpusId: string };
export type THist = { column: string; min: number; max: number; bins: { lo: number; hi: number; count: number }[] };
export type TCol = { name: string; type: string; origin: string };
export type TPreview = {
  unit: "tokens" | "docs";
  tokenColumn: string | null;
  tokensEstimated: boolean;
  groupColumn: string | null;
  totals: { filteredDocs: number; selectedDocs: number; copies: number; selectedTokens: number; uniqueTokens: number; effectiveTokens: number };
  groups: { group: string; targetTokens: number | null; availableTokens: number; selectedTokens: number; uniqueTokens: number; docs: number; epochs: number; effectiveTokens: number; shortfall: number }[];
  warnings: string[];
  histograms: { column: string; bins: { lo: number; hi: number; before: number; after: number }[] }[];
  selectedSamples: { id: string; group: string; score: number; reps: number; preview: string }[];
  belowSamples: { id: string; group: string; score: number; reps: number; preview: string }[];
};
export const NUMERIC = /^(BIGINT|INTEGER|DOUBLE|FLOAT|REAL|DECIMAL|HUGEINT|SMALLINT|TINYINT|UBIGINT)/i;
