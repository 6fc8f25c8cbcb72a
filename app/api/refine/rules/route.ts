import { route } from "@/lib/api/route";
import { describeRefineRules } from "@/lib/refine/rules";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Every built-in refinement rule with its level, default config and config JSON schema. */
export const GET = route(async () => ({ rules: describeRefineRules() }));
