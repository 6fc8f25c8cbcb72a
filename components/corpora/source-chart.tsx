"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

/** Documents per source as a horizontal bar chart. */
export const SourceChart = ({ counts }: { counts: Record<string, number> }) => {
  const data = Object.entries(counts)
    .map(([source, docs]) => ({ source, docs }))
    .sort((a, b) => b.docs - a.docs)
    .slice(0, 30);
  return (
    <div style={{ height: Math.max(120, data.length * 28 + 40) }} data-testid="source-chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} layout="vertical" margin={{ left: 20, right: 20 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" fontSize={11} />
          <YAxis type="category" dataKey="source" width={120} fontSize={11} />
          <Tooltip />
          <Bar dataKey="docs" fill="#334155" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
};
