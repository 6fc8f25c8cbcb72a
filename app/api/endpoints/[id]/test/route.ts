import { z } from "zod";
import { parseOptionalJsonBody, route } from "@/lib/api/route";
import { testEndpoint } from "@/lib/inference/test-endpoint";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Sends one real request (optional body `{ prompt?, maxTokens? }`) and returns the answer and latency, or the error. */
export const POST = route<{ id: string }>({ role: "admin", audit: "endpoint.test" }, async (req, { id }) => testEndpoint(id, await parseOptionalJsonBody(req, z.unknown())));
