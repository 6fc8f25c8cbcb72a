import { RecipeBuilder } from "@/components/recipes/recipe-builder";
import { getBuilderData } from "@/lib/recipes/builder-data";

export const dynamic = "force-dynamic";

export default async function NewRecipePage({ searchParams }: { searchParams: Promise<{ corpus?: string; version?: string }> }) {
  const { corpus, version } = await searchParams;
  if (!corpus) return <p className="text-sm">Choose a corpus on the Recipes page.</p>;
  const data = await getBuilderData(corpus, version);
  return (
    <div className="space-y-3">
      <h1 className="text-xl font-semibold">New recipe · {data.corpusName}</h1>
      <RecipeBuilder recipeId={null} versions={[]} initial={{ corpusId: corpus, versionId: data.versionId, name: `${data.corpusName} mix` }} data={data} rebase={[]} />
    </div>
  );
}
