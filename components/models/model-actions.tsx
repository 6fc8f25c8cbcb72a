"use client";

import { useState } from "react";
import type { TColumnInfo } from "@/components/corpora/use-document-pages";
import { TrainClassifierPanel } from "@/components/models/train-classifier-panel";
import { TrainStudentPanel } from "@/components/models/train-student-panel";
import { Button } from "@/components/ui/button";

/** "Train classifier…" and "Train student…" on a corpus page. */
export const ModelActions = ({ corpusId, versionId, columns }: { corpusId: string; versionId?: string; columns: TColumnInfo[] }) => {
  const [open, setOpen] = useState<"classifier" | "student" | null>(null);
  return (
    <>
      <Button onClick={() => setOpen("classifier")} data-testid="train-classifier-button">
        Train classifier…
      </Button>
      <Button onClick={() => setOpen("student")} data-testid="train-student-button">
        Train student…
      </Button>
      {open === "classifier" && <TrainClassifierPanel corpusId={corpusId} versionId={versionId} columns={columns} onClose={() => setOpen(null)} />}
      {open === "student" && <TrainStudentPanel corpusId={corpusId} versionId={versionId} onClose={() => setOpen(null)} />}
    </>
  );
};
