import { z } from "zod";
import { parseJsonBody, route } from "@/lib/api/route";
import { estimateAnnotate } from "@/lib/annotate/start-annotate";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Times the chosen annotators on a sample of the corpus and extrapolates the run time. */
export const POST = route("curator", async (req) => estimateAnnotate(await parseJsonBody(req, z.unknown())));
