import { z } from "zod";
import { parseJsonBody, route } from "@/lib/api/route";
import { startTrainNgram } from "@/lib/ngram/start-train";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Queues a train_ngram run: `{ corpusId, versionId?, name?, filters?, order?, tokenizer?, heldoutFraction?, prune?, maxNgrams?, maxDocs? }`. */
export const POST = route({ role: "curator", audit: "run.launch" }, async (req) => startTrainNgram(await parseJsonBody(req, z.unknown())));
