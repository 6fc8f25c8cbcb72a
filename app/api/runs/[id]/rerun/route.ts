import { z } from "zod";
import { route } from "@/lib/api/route";
import { AppError } from "@/lib/errors";
import { rerun } from "@/lib/runs/rerun";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Starts the same run again, optionally with an edited config: `{ config }`. */
export const POST = route<{ id: string }>(async (req, { id }) => {
  const text = await req.text();
  let body: unknown = {};
  if (text.trim()) {
    try {
      body = JSON.parse(text);
    } catch {
      throw new AppError("BAD_REQUEST", "Request body must be valid JSON");
    }
  }
  const { config } = z.object({ config: z.unknown().optional() }).parse(body);
  return rerun(id, config);
});
