import http from "node:http";
import https from "node:https";
import { errorMessage } from "@/lib/errors";
import { checkUrlTarget, guardedAgents } from "@/lib/security/urls";

/**
 * The HTTP transport under the `fetch` that `sendInferenceRequest` hands to `@huggingface/inference`
 * through its `fetch` option: node:http(s) with keep-alive agents. Node's built-in fetch (undici)
 * spent about 1.2 ms of CPU per request here (small JSON answers), which capped one worker near
 * 600 requests/s; this transport halves that (bench/RESULTS.md, "Inference"). It does what the
 * client needs: a method, headers, a string body, an abort signal; the answer is read whole.
 * Redirects are not followed (inference APIs answer directly). Private, loopback, link-local and
 * metadata addresses are refused unless allowed (WINNOW_ALLOW_PRIVATE_URLS, WINNOW_URL_ALLOWLIST).
 */
// Sockets resolve through the SSRF gate: every address a name resolves to is checked, and the
// socket connects to a checked one (lib/security/urls.ts).
const agents = guardedAgents({ keepAlive: true });

const headersOf = (h: HeadersInit | undefined): Record<string, string> => {
  if (!h) return {};
  if (h instanceof Headers) return Object.fromEntries(h.entries());
  if (Array.isArray(h)) return Object.fromEntries(h);
  return { ...(h as Record<string, string>) };
};

/** A whole HTTP answer as text. */
export type TRawResponse = { status: number; statusText: string; headers: Headers; body: string };

/** One request; resolves with the whole answer, rejects like fetch (a TypeError, or the signal's reason). */
export const httpRequestText = (input: RequestInfo | URL, init: RequestInit = {}): Promise<TRawResponse> =>
  new Promise<TRawResponse>((resolve, reject) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const lib = url.protocol === "https:" ? https : url.protocol === "http:" ? http : null;
    if (!lib) return reject(new TypeError(`fetch failed: unsupported protocol ${url.protocol}`));
    try {
      // A literal address (which no lookup sees) and names of this machine are refused here.
      checkUrlTarget(url);
    } catch (e) {
      return reject(Object.assign(new TypeError(`fetch failed: ${errorMessage(e)}`), { cause: e }));
    }
    const signal = init.signal ?? undefined;
    if (signal?.aborted) return reject(signal.reason);
    const body = init.body === undefined || init.body === null ? undefined : typeof init.body === "string" ? init.body : null;
    if (body === null) return reject(new TypeError("httpFetch sends string bodies only"));
    const headers = headersOf(init.headers);
    if (body !== undefined) headers["content-length"] = String(Buffer.byteLength(body));
    const req = lib.request(url, { method: init.method ?? "GET", headers, agent: agents[url.protocol as "http:" | "https:"] }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        signal?.removeEventListener("abort", onAbort);
        const h = new Headers();
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) h.set(k, Array.isArray(v) ? v.join(", ") : v);
        resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? "", headers: h, body: Buffer.concat(chunks).toString("utf8") });
      });
      res.on("error", fail);
      res.on("aborted", () => fail(new TypeError("fetch failed: the connection closed before the answer was complete")));
    });
    function fail(e: unknown) {
      signal?.removeEventListener("abort", onAbort);
      reject(signal?.aborted ? signal.reason : e instanceof Error && !(e instanceof TypeError) ? Object.assign(new TypeError("fetch failed"), { cause: e }) : e);
    }
    function onAbort() {
      req.destroy();
      reject(signal!.reason);
    }
    signal?.addEventListener("abort", onAbort, { once: true });
    req.on("error", fail);
    req.end(body);
  });

/** A Response around a raw answer (no body for 204/304). */
export const toResponse = (r: TRawResponse): Response => new Response(r.status === 204 || r.status === 304 ? null : r.body, { status: r.status, statusText: r.statusText, headers: r.headers });
