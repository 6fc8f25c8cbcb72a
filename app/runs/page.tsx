import { RunsTable } from "@/components/runs/runs-table";
import { Card } from "@/components/ui/card";
import { listRuns } from "@/lib/runs/get-run";
import { runTypeNames } from "@/lib/runs/registry";

export const dynamic = "force-dynamic";

export default function RunsPage() {
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">Runs</h1>
      <Card>
        <RunsTable initial={listRuns()} types={runTypeNames()} />
      </Card>
    </div>
  );
}
