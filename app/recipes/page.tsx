import Link from "next/link";
import { Card } from "@/components/ui/card";
import { formatTime } from "@/components/ui/format";
import { listCorpora } from "@/lib/corpora/versions";
import { listRecipes } from "@/lib/recipes/store";

export const dynamic = "force-dynamic";

export default function RecipesPage() {
  const recipes = listRecipes();
  const corpora = listCorpora().filter((c) => c.status === "ready");
  const names = new Map(corpora.map((c) => [c.id, c.name]));
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">Recipes</h1>
      <Card title="New recipe">
        <div className="flex flex-wrap gap-2 text-sm">
          {corpora.map((c) => (
            <Link key={c.id} href={`/recipes/new?corpus=${c.id}`} className="rounded border border-slate-300 px-2 py-1 hover:bg-slate-100" data-testid="new-recipe-link">
              + from {c.name}
            </Link>
          ))}
        </div>
      </Card>
      <Card title="Saved recipes">
        <table className="w-full text-sm" data-testid="recipes-table">
          <thead className="text-left text-xs uppercase text-slate-500">
            <tr>
              <th>Name</th>
              <th>Corpus</th>
              <th>Versions</th>
              <th>Updated</th>
            </tr>
          </thead>
          <tbody>
            {recipes.map((r) => (
              <tr key={r.id} className="border-t border-slate-100">
                <td className="py-1">
                  <Link href={`/recipes/${r.id}`} className="text-blue-700 hover:underline">
                    {r.name}
                  </Link>
                </td>
                <td>{names.get(r.corpusId) ?? r.corpusId}</td>
                <td>{r.latestVersion}</td>
                <td className="text-slate-500">{formatTime(r.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {recipes.length === 0 && <p className="text-sm text-slate-500">No saved recipes yet.</p>}
      </Card>
    </div>
  );
}
