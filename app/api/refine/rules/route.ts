import { route } from "@/lib/api/route";
import { acceptanceJsonSchema } from "@/lib/refine/refine-config";
import { describeRefineRules } from "@/lib/refine/rules";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Every built-in refinement rule with its level, default config and config JSON schema; the acceptance rule's JSON schema. */
export const GET = route(async () => ({ rules: describeRefineRules(), acceptanceJsonSchema: acceptanceJsonSchema() }));
