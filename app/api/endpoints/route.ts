import { z } from "zod";
import { parseJsonBody, route } from "@/lib/api/route";
import { createEndpoint, listEndpoints } from "@/lib/inference/endpoints";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Every configured inference endpoint; tokens only masked. */
export const GET = route("curator", async () => ({ endpoints: listEndpoints() }));

/** Adds an endpoint: `{ name, kind, baseUrl?, model?, provider?, token?, concurrency?, requestsPerSecond?, timeoutMs?, maxInputTokens?, priceInPerM?, priceOutPerM? }`. */
export const POST = route({ role: "admin", audit: "endpoint.create" }, async (req) => ({ endpoint: createEndpoint(await parseJsonBody(req, z.unknown())) }));
