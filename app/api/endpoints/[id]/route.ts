import { z } from "zod";
import { parseJsonBody, route } from "@/lib/api/route";
import { deleteEndpoint, getEndpointOrThrow, updateEndpoint } from "@/lib/inference/endpoints";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

type TParams = { id: string };

export const GET = route<TParams>("curator", async (_req, { id }) => ({ endpoint: getEndpointOrThrow(id) }));

/** Partial update; `token`: a string replaces it, `null` or `""` clears it, absent keeps it. */
export const PATCH = route<TParams>({ role: "admin", audit: "endpoint.update" }, async (req, { id }) => ({ endpoint: updateEndpoint(id, await parseJsonBody(req, z.unknown())) }));

export const DELETE = route<TParams>({ role: "admin", audit: "endpoint.delete" }, async (_req, { id }) => deleteEndpoint(id));
