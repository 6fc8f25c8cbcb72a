"use client";

import { useState } from "react";
import type { TColumnInfo } from "@/components/corpora/use-document-pages";

/** Show or hide columns of the documents table. */
export const ColumnChooser = ({ columns, visible, onChange }: { columns: TColumnInfo[]; visible: string[]; onChange: (cols: string[]) => void }) => {
  const [open, setOpen] = useState(false);
  const choices = columns.filter((c) => !["id", "text"].includes(c.name));
  return (
    <div className="relative">
      <button className="rounded border border-slate-300 bg-white px-2 py-1 text-xs hover:bg-slate-100" onClick={() => setOpen(!open)} data-testid="column-chooser">
        Columns ({visible.length})
      </button>
      {open && (
        <div className="absolute right-0 z-20 mt-1 max-h-96 w-72 overflow-auto rounded border border-slate-200 bg-white p-2 shadow-lg">
          {choices.map((c) => (
            <label key={c.name} className="flex items-center gap-2 py-0.5 text-xs">
              <input
                type="checkbox"
                checked={visible.includes(c.name)}
                onChange={(e) => onChange(e.target.checked ? [...visible, c.name] : visible.filter((v) => v !== c.name))}
              />
              <span className="font-mono">{c.name}</span>
              <span className="ml-auto text-slate-400">{c.type.toLowerCase()}</span>
            </label>
          ))}
        </div>
      )}
    </div>
  );
};
