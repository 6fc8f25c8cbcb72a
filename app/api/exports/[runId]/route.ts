import { route } from "@/lib/api/route";
import { getExportManifest } from "@/lib/recipes/exports";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** The manifest of a finished export. */
export const GET = route<{ runId: string }>(async (_req, { runId }) => getExportManifest(runId));
