import { z } from "zod";
import { parseSearchParams, route } from "@/lib/api/route";
import { ZFilterSchema } from "@/lib/corpora/document-filters";
import { queryDocuments } from "@/lib/corpora/query-documents";
import { AppError } from "@/lib/errors";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const ZQuery = z.object({
  version: z.string().optional(),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  sort: z.string().optional(),
  dir: z.enum(["asc", "desc"]).default("asc"),
  q: z.string().max(1000).optional(),
  /** Filters as JSON: [{ op, column, … }]. */
  f: z.string().max(20_000).optional(),
  /** Extra columns, comma-separated. */
  cols: z.string().max(20_000).optional(),
});

const ZFilters = z.array(ZFilterSchema, { error: 'Parameter "f" must be a JSON array of filters' });

/** One page of documents: sorted, filtered and searched in DuckDB (stopped if the client goes away). */
export const GET = route<{ id: string }>(async (req, { id }) => {
  const p = parseSearchParams(req, ZQuery);
  let filters: unknown = [];
  if (p.f) {
    try {
      filters = JSON.parse(p.f);
    } catch {
      throw new AppError("BAD_REQUEST", 'Parameter "f" must be a JSON array of filters, e.g. [{"op":"range","column":"n_chars","min":100}]');
    }
  }
  return queryDocuments({
    corpusId: id,
    versionId: p.version,
    offset: p.offset,
    limit: p.limit,
    sort: p.sort ? { column: p.sort, dir: p.dir } : undefined,
    search: p.q,
    filters: ZFilters.parse(filters),
    columns: p.cols ? p.cols.split(",").filter(Boolean) : undefined,
  }, { signal: req.signal });
});
