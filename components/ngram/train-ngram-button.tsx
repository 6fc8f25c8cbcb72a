"use client";

import { useState } from "react";
import type { TFilter } from "@/components/corpora/filter-bar";
import { TrainNgramPanel } from "@/components/ngram/train-ngram-panel";
import { Button } from "@/components/ui/button";

/** Opens the n-gram training panel with the table's current filters and search as the reference set. */
export const TrainNgramButton = (props: { corpusId: string; versionId?: string; filters: TFilter[]; search: string; total: number | null }) => {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)} data-testid="train-ngram-button" title="Train an n-gram language model on the documents shown">
        Train n-gram model…
      </Button>
      {open && <TrainNgramPanel {...props} onClose={() => setOpen(false)} />}
    </>
  );
};
