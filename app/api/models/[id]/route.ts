import { route } from "@/lib/api/route";
import { describeModel, getModelOrThrow } from "@/lib/models/models";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** One model with its training config and held-out metrics. */
export const GET = route<{ id: string }>(async (_req, { id }) => describeModel(getModelOrThrow(id)));
