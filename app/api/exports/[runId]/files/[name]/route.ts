import fs from "node:fs";
import { Readable } from "node:stream";
import { route } from "@/lib/api/route";
import { exportFilePath } from "@/lib/recipes/exports";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Downloads one output file (a shard or manifest.json) of an export. */
export const GET = route<{ runId: string; name: string }>(async (_req, { runId, name }) => {
  const file = exportFilePath(runId, name);
  const body = Readable.toWeb(fs.createReadStream(file)) as ReadableStream;
  return new Response(body, {
    headers: {
      "content-type": name.endsWith(".json") ? "application/json" : "application/octet-stream",
      "content-length": String(fs.statSync(file).size),
      "content-disposition": `attachment; filename="${name}"`,
    },
  });
});
