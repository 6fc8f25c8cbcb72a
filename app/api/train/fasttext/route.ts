import { z } from "zod";
import { parseJsonBody, route } from "@/lib/api/route";
import { startTrainFastText } from "@/lib/classifiers/start-train-fasttext";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Queues a fastText classifier training run: `{ corpusId, positive: { label, filters }, negative: { label, filters }, … }`. */
export const POST = route({ role: "curator", audit: "run.launch" }, async (req) => startTrainFastText(await parseJsonBody(req, z.unknown())));
