import { z } from "zod";
import { parseOptionalJsonBody, route } from "@/lib/api/route";
import { rerun } from "@/lib/runs/rerun";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Starts the same run again, optionally with an edited config: `{ config }`. */
export const POST = route<{ id: string }>({ role: "curator", audit: "run.launch" }, async (req, { id }) => {
  const { config } = await parseOptionalJsonBody(req, z.object({ config: z.unknown().optional() }));
  return rerun(id, config);
});
