import { z } from "zod";
import { parseJsonBody, route } from "@/lib/api/route";
import { startImport } from "@/lib/imports/start-import";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Queues an import_attributes run: `{ corpusId, versionId?, source, idColumn?, prefix?, columns?, types?, name? }`. */
export const POST = route({ role: "curator", audit: "run.launch" }, async (req) => startImport(await parseJsonBody(req, z.unknown())));
