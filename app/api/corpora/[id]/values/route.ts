import { z } from "zod";
import { parseSearchParams, route } from "@/lib/api/route";
import { columnValues } from "@/lib/corpora/column-values";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** The most frequent values of a column: `?column=source&version=`. */
export const GET = route<{ id: string }>(async (req, { id }) => {
  const { column, version } = parseSearchParams(req, z.object({ column: z.string().min(1), version: z.string().optional() }));
  return columnValues(id, column, version);
});
