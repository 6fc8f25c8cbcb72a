import { route } from "@/lib/api/route";
import { describeAnnotators } from "@/lib/annotate/start-annotate";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Every annotator with its columns, default config and config JSON schema. */
export const GET = route(async () => ({ annotators: describeAnnotators() }));
