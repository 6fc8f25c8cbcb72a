import { Fact } from "@/components/runs/summary-fact";
import { formatDuration, formatNumber } from "@/components/ui/format";

/** `elapsedMs` → "elapsed ms", `attributeSetId` → "attribute set id". */
const labelOf = (key: string): string => key.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();

/** Summary keys no section knows: scalars as values, objects and arrays as JSON. */
export const GenericSummary = ({ summary, keys }: { summary: Record<string, unknown>; keys: string[] }) => {
  const scalars = keys.filter((k) => summary[k] === null || typeof summary[k] !== "object");
  const objects = keys.filter((k) => summary[k] !== null && typeof summary[k] === "object");
  return (
    <div className="space-y-2">
      {scalars.length > 0 && (
        <div className="grid grid-cols-2 gap-2 md:grid-cols-4 xl:grid-cols-6">
          {scalars.map((k) => (
            <Fact key={k} label={labelOf(k)} value={k.endsWith("Ms") && typeof summary[k] === "number" ? formatDuration(summary[k] as number) : formatNumber(summary[k])} />
          ))}
        </div>
      )}
      {objects.map((k) => (
        <div key={k}>
          <div className="text-[11px] uppercase text-slate-500">{labelOf(k)}</div>
          <pre className="max-h-64 overflow-auto rounded bg-slate-50 p-2 text-xs">{JSON.stringify(summary[k], null, 2)}</pre>
        </div>
      ))}
    </div>
  );
};
