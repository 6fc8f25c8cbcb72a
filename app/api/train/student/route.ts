import { z } from "zod";
import { parseJsonBody, route } from "@/lib/api/route";
import { startTrainStudent } from "@/lib/student/start-train-student";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Queues a student run: `{ corpusId, attributeSetId, scoreTargets, categoryTarget, … }`. */
export const POST = route({ role: "curator", audit: "run.launch" }, async (req) => startTrainStudent(await parseJsonBody(req, z.unknown())));
