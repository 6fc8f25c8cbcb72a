import { route } from "@/lib/api/route";
import { listCorpora } from "@/lib/corpora/versions";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Every corpus with the stats of its current version. */
export const GET = route(async () => ({ corpora: listCorpora() }));
