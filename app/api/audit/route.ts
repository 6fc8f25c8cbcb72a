import { parseSearchParams, route } from "@/lib/api/route";
import { listAudit, ZAuditQuery } from "@/lib/auth/audit";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** The audit log, newest first (`?limit=&before=`). */
export const GET = route("admin", async (req) => ({ entries: listAudit(parseSearchParams(req, ZAuditQuery)) }));
