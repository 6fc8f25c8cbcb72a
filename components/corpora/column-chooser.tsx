"use client";

import { useState } from "react";
import type { TColumnInfo } from "@/components/corpora/use-document-pages";
import { useOutsideClick } from "@/components/corpora/use-outside-click";

type TProps = { columns: TColumnInfo[]; visible: string[]; onChange: (cols: string[]) => void; onReset: () => void };

/** Show or hide columns of the documents table (id and the text preview are always shown). */
export const ColumnChooser = ({ columns, visible, onChange, onReset }: TProps) => {
  const [open, setOpen] = useState(false);
  const ref = useOutsideClick<HTMLDivElement>(open, () => setOpen(false));
  const choices = columns.filter((c) => !["id", "text"].includes(c.name));
  return (
    <div className="relative" ref={ref}>
      <button className="rounded border border-slate-300 bg-white px-2 py-1 text-xs hover:bg-slate-100" onClick={() => setOpen(!open)} data-testid="column-chooser">
        Columns ({visible.length}/{choices.length}) ▾
      </button>
      {open && (
        <div className="absolute right-0 z-20 mt-1 max-h-96 w-80 overflow-auto rounded border border-slate-200 bg-white p-2 shadow-lg" data-testid="column-chooser-menu">
          <div className="mb-1 flex gap-3 border-b border-slate-100 pb-1 text-xs">
            <button className="text-blue-700 hover:underline" onClick={() => onChange(choices.map((c) => c.name))}>
              all
            </button>
            <button className="text-blue-700 hover:underline" onClick={() => onChange([])}>
              none
            </button>
            <button className="text-blue-700 hover:underline" onClick={onReset}>
              default
            </button>
          </div>
          {choices.map((c) => (
            <label key={c.name} className="flex items-center gap-2 py-0.5 text-xs" title={c.description}>
              <input
                type="checkbox"
                data-testid={`column-toggle-${c.name}`}
                checked={visible.includes(c.name)}
                onChange={(e) => onChange(e.target.checked ? [...visible, c.name] : visible.filter((v) => v !== c.name))}
              />
              <span className="truncate font-mono">{c.name}</span>
              <span className="ml-auto shrink-0 text-slate-400">{c.type.toLowerCase()}</span>
            </label>
          ))}
        </div>
      )}
    </div>
  );
};
