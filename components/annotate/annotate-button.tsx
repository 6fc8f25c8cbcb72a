"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { AnnotatePanel } from "@/components/annotate/annotate-panel";

export const AnnotateButton = ({ corpusId, versionId }: { corpusId: string; versionId?: string }) => {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="primary" onClick={() => setOpen(true)} data-testid="annotate-button">
        Annotate…
      </Button>
      {open && <AnnotatePanel corpusId={corpusId} versionId={versionId} onClose={() => setOpen(false)} />}
    </>
  );
};
