import type { TRecipeInput } from "@/lib/recipes/schema";

/**
 * The columns a recipe reads (filters, score terms, mix, token column; `source` for DataMan
 * sampling without a mix). Pure: the builder uses it to list what a rebase would lose.
 */
export const recipeColumns = (r: TRecipeInput): string[] => {
  const cols = [
    ...(r.filters ?? []).map((f) => f.column),
    ...(r.score?.terms ?? []).map((t) => t.column),
    ...(r.mix ? [r.mix.column] : []),
    ...(r.budget?.tokenColumn ? [r.budget.tokenColumn] : []),
    ...(r.sampling?.method === "dataman" && !r.mix ? ["source"] : []),
  ];
  return [...new Set(cols)];
};

/** The recipe without what reads the given columns (filters, score terms, the mix, the token column). */
export const dropColumns = <T extends TRecipeInput>(r: T, columns: string[]): T => {
  const gone = new Set(columns);
  return {
    ...r,
    filters: (r.filters ?? []).filter((f) => !gone.has(f.column)),
    score: { terms: (r.score?.terms ?? []).filter((t) => !gone.has(t.column)) },
    mix: r.mix && gone.has(r.mix.column) ? null : r.mix,
    ...(r.budget ? { budget: { ...r.budget, tokenColumn: r.budget.tokenColumn && gone.has(r.budget.tokenColumn) ? undefined : r.budget.tokenColumn } } : {}),
  };
};
