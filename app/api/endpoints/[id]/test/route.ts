import { route } from "@/lib/api/route";
import { AppError } from "@/lib/errors";
import { testEndpoint } from "@/lib/inference/test-endpoint";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Sends one real request (optional body `{ prompt?, maxTokens? }`) and returns the answer and latency, or the error. */
export const POST = route<{ id: string }>(async (req, { id }) => {
  const text = await req.text();
  let body: unknown = {};
  if (text.trim()) {
    try {
      body = JSON.parse(text);
    } catch {
      throw new AppError("BAD_REQUEST", "Request body must be valid JSON");
    }
  }
  return testEndpoint(id, body);
});
