"use client";

/** The run's frozen config as pretty JSON, or an editor for "re-run with edited config". */
export const RunConfig = ({ config, editing, text, onChange }: { config: unknown; editing: boolean; text: string; onChange: (text: string) => void }) => {
  if (!editing) return <pre className="max-h-72 overflow-auto rounded bg-slate-50 p-2 text-xs" data-testid="run-config">{JSON.stringify(config, null, 2)}</pre>;
  let invalid: string | null = null;
  try {
    JSON.parse(text);
  } catch (e) {
    invalid = (e as Error).message;
  }
  return (
    <div className="space-y-1">
      <textarea
        className={`h-72 w-full rounded border p-2 font-mono text-xs ${invalid ? "border-red-400" : "border-slate-300"}`}
        value={text}
        spellCheck={false}
        onChange={(e) => onChange(e.target.value)}
        data-testid="config-editor"
      />
      <p className={`text-xs ${invalid ? "text-red-700" : "text-slate-500"}`}>
        {invalid ? `Not valid JSON: ${invalid}` : "The new run validates this config against its type's schema before it is queued."}
      </p>
    </div>
  );
};
