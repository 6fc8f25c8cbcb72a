"use client";

import { useState } from "react";
import { ImportScoresPanel } from "@/components/corpora/import-scores-panel";
import { Button } from "@/components/ui/button";

export const ImportScoresButton = ({ corpusId, versionId }: { corpusId: string; versionId?: string }) => {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)} data-testid="import-scores-button">
        Import scores…
      </Button>
      {open && <ImportScoresPanel corpusId={corpusId} versionId={versionId} onClose={() => setOpen(false)} />}
    </>
  );
};
