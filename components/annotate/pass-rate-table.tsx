export type TPassRates = { overall: Record<string, number>; byGroup: Record<string, Record<string, { docs: number; rates: Record<string, number> }>> };

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** Share of documents passing each rule: overall, then per source and per low-cardinality metadata value. */
export const PassRateTable = ({ rates }: { rates: TPassRates }) => {
  const rules = Object.keys(rates.overall);
  if (rules.length === 0) return null;
  return (
    <div className="space-y-3" data-testid="pass-rates">
      <h3 className="font-semibold">Pass rates</h3>
      {[["all documents", { all: { docs: 0, rates: rates.overall } }] as const, ...Object.entries(rates.byGroup)].map(([group, values]) => (
        <table key={group} className="w-full text-xs">
          <thead className="text-left text-slate-500">
            <tr>
              <th className="py-1">{group}</th>
              {Object.keys(values).length > 1 && <th className="text-right">docs</th>}
              {rules.map((r) => (
                <th key={r} className="text-right font-mono">
                  {r.replace(/\.pass$/, "")}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {Object.entries(values).map(([value, v]) => (
              <tr key={value} className="border-t border-slate-100">
                <td className="py-1">{value}</td>
                {Object.keys(values).length > 1 && <td className="text-right tabular-nums">{v.docs}</td>}
                {rules.map((r) => (
                  <td key={r} className="text-right tabular-nums">
                    {v.rates[r] === undefined ? "" : pct(v.rates[r])}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      ))}
    </div>
  );
};
