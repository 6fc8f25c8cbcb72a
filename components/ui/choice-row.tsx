import type { ReactNode } from "react";

type TChoiceRowProps = {
  id: string;
  title: string;
  description: string;
  /** Shown after the id on the title line (a badge). */
  tag?: ReactNode;
  /** A small line under the description. */
  note?: ReactNode;
  checked: boolean;
  onToggle: () => void;
  testId: string;
  /** When set, a checked row offers a "settings" link that calls this. */
  onToggleSettings?: () => void;
  settingsOpen: boolean;
  settingsTestId?: string;
  /** The setting fields, laid out in a grid under the row while set (not false or undefined). */
  settings?: ReactNode;
};

/** One choosable item (an annotator, a rule): a checkbox, its title and id, a description, and its settings. */
export const ChoiceRow = ({ id, title, description, tag, note, checked, onToggle, testId, onToggleSettings, settingsOpen, settingsTestId, settings }: TChoiceRowProps) => (
  <div className="rounded border border-slate-200">
    <div className="flex items-start gap-3 p-2">
      <input type="checkbox" className="mt-1" checked={checked} onChange={onToggle} data-testid={testId} />
      <div className="flex-1">
        <div className="text-sm font-medium">
          {title} <span className="font-mono text-xs text-slate-500">{id}</span>
          {tag}
        </div>
        <div className="text-xs text-slate-600">{description}</div>
        {note}
      </div>
      {checked && onToggleSettings && (
        <button className="text-xs text-blue-700 hover:underline" onClick={onToggleSettings} data-testid={settingsTestId}>
          {settingsOpen ? "hide settings" : "settings"}
        </button>
      )}
    </div>
    {settings && <div className="grid grid-cols-2 gap-2 border-t border-slate-100 p-2 md:grid-cols-3">{settings}</div>}
  </div>
);
