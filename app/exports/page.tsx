import { ExportsTable } from "@/components/recipes/exports-table";
import { Card } from "@/components/ui/card";
import { listExports } from "@/lib/recipes/exports";

export const dynamic = "force-dynamic";

export default function ExportsPage() {
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">Exports</h1>
      <Card>
        <ExportsTable exports={listExports()} />
      </Card>
    </div>
  );
}
