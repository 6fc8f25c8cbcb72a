import { RecipeBuilder } from "@/components/recipes/recipe-builder";
import { getBuilderData } from "@/lib/recipes/builder-data";
import { rebaseOptions } from "@/lib/recipes/pinning";
import { diffRecipes, getRecipeOrThrow } from "@/lib/recipes/store";

export const dynamic = "force-dynamic";

type TProps = { params: Promise<{ id: string }>; searchParams: Promise<{ v?: string; diff?: string }> };

export default async function RecipePage({ params, searchParams }: TProps) {
  const { id } = await params;
  const { v, diff } = await searchParams;
  const recipe = getRecipeOrThrow(id);
  const shown = recipe.versions.find((x) => String(x.version) === v) ?? recipe.versions[0];
  // The builder opens on the version the recipe is pinned to, and offers the newer ones.
  const data = await getBuilderData(shown.recipe.corpusId, shown.recipe.versionId);
  const { newer } = rebaseOptions(shown.recipe);
  const against = diff ? recipe.versions.find((x) => String(x.version) === diff) : undefined;
  return (
    <div className="space-y-3">
      <h1 className="text-xl font-semibold">
        {recipe.name}{" "}
        <span className="text-sm font-normal text-slate-500">
          v{shown.version} · {data.corpusName}, corpus version {data.version}
        </span>
      </h1>
      {against && (
        <div className="rounded border border-slate-200 bg-white p-3 text-xs" data-testid="recipe-diff">
          <div className="mb-1 font-semibold">
            Changes from v{against.version} to v{recipe.versions[0].version}
          </div>
          {diffRecipes(against.recipe, recipe.versions[0].recipe).map((c) => (
            <div key={c.path} className="font-mono">
              {c.path}: <span className="text-red-700">{JSON.stringify(c.from)}</span> → <span className="text-emerald-700">{JSON.stringify(c.to)}</span>
            </div>
          ))}
        </div>
      )}
      <RecipeBuilder key={shown.version} recipeId={id} versions={recipe.versions} initial={shown.recipe} data={data} rebase={newer} />
    </div>
  );
}
