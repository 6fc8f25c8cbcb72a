import { IfRole } from "@/components/auth/role-context";
import { CorporaList } from "@/components/corpora/corpora-list";
import { NewCorpusPanel } from "@/components/corpora/new-corpus-panel";
import { Card } from "@/components/ui/card";
import { listCorpora } from "@/lib/corpora/versions";

export const dynamic = "force-dynamic";

export default function CorporaPage() {
  return (
    <div className="space-y-6">
      <h1 className="text-xl font-semibold">Corpora</h1>
      <Card>
        <CorporaList initial={listCorpora()} />
      </Card>
      <IfRole role="curator">
        <NewCorpusPanel />
      </IfRole>
    </div>
  );
}
