"use client";

import { Button } from "@/components/ui/button";

/** Cancel (while the run is active) and re-run (with the frozen config, or the edited one). */
export const RunActions = ({
  active,
  cancelRequested,
  editing,
  busy,
  onCancel,
  onToggleEdit,
  onRerun,
}: {
  active: boolean;
  cancelRequested: boolean;
  editing: boolean;
  busy: boolean;
  onCancel: () => void;
  onToggleEdit: () => void;
  onRerun: () => void;
}) => (
  <div className="flex gap-2">
    {active && (
      <Button variant="danger" onClick={onCancel} disabled={cancelRequested || busy} data-testid="cancel-run">
        {cancelRequested ? "Cancelling…" : "Cancel"}
      </Button>
    )}
    <Button onClick={onToggleEdit} data-testid="edit-config">
      {editing ? "Discard edits" : "Edit config"}
    </Button>
    <Button variant="primary" onClick={onRerun} disabled={busy} data-testid="rerun-run">
      {editing ? "Re-run with edited config" : "Re-run"}
    </Button>
  </div>
);
