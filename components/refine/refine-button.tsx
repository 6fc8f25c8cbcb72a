"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { RefinePanel } from "@/components/refine/refine-panel";

export const RefineButton = ({ corpusId, versionId, booleanColumns }: { corpusId: string; versionId?: string; booleanColumns: string[] }) => {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)} data-testid="refine-button">
        Refine…
      </Button>
      {open && <RefinePanel corpusId={corpusId} versionId={versionId} booleanColumns={booleanColumns} onClose={() => setOpen(false)} />}
    </>
  );
};
