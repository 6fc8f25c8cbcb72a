import { ModelsTable } from "@/components/models/models-table";
import { Card } from "@/components/ui/card";
import { describeModel, listModels } from "@/lib/models/models";

export const dynamic = "force-dynamic";

export default function ModelsPage() {
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">Models</h1>
      <Card>
        <ModelsTable models={listModels().map(describeModel)} />
      </Card>
    </div>
  );
}
