import { RunsTable } from "@/components/runs/runs-table";
import { Card } from "@/components/ui/card";
import { countRuns, listRuns } from "@/lib/runs/list-runs";
import { runTypeNames } from "@/lib/runs/registry";

export const dynamic = "force-dynamic";

export default function RunsPage() {
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">Runs</h1>
      <Card>
        <RunsTable initial={listRuns({ limit: 50 })} initialTotal={countRuns()} types={runTypeNames()} />
      </Card>
    </div>
  );
}
