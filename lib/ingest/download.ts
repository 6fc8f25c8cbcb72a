import fs from "node:fs";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { AppError, errorMessage } from "@/lib/errors";
import { safeBasename } from "@/lib/security/paths";
import { isBlockedUrlError, requestGuarded, type TGuardedResponse, type TLookupFn } from "@/lib/security/urls";

/** Maps `hf://datasets/<owner>/<name>[@rev]/<path>` to its download URL on the Hugging Face Hub. */
export const hfToHttps = (url: string): string => {
  const m = url.match(/^hf:\/\/datasets\/([^/@]+\/[^/@]+)(?:@([^/]+))?\/(.+)$/);
  if (!m) throw new AppError("BAD_REQUEST", `Unsupported hf:// path "${url}". Expected hf://datasets/<owner>/<name>[@revision]/<file>`);
  const [, repo, rev, file] = m;
  if (/[*?[\]]/.test(file)) {
    throw new AppError("BAD_REQUEST", "Globs in hf:// paths are not supported; link one file per ingest, or download the files and link their folder");
  }
  return `https://huggingface.co/datasets/${repo}/resolve/${encodeURIComponent(rev ?? "main")}/${file}`;
};

/**
 * Downloads a URL (http(s) or hf://) into `dir`, streaming to a temp name and renaming when complete.
 * The request goes through the SSRF gate (`lib/security/urls.ts`): private, loopback, link-local
 * and metadata targets are refused, after DNS resolution and on every redirect (followed by hand,
 * at most 5; the Hub token goes to the first origin only). Returns the local file path.
 */
export const downloadToDir = async (
  url: string,
  dir: string,
  maxBytes: number,
  onBytes: (n: number, total: number | null) => void,
  signal?: AbortSignal,
  opts: { lookup?: TLookupFn } = {},
): Promise<string> => {
  const httpUrl = url.startsWith("hf://") ? hfToHttps(url) : url;
  const headers: Record<string, string> = {};
  if (url.startsWith("hf://") && process.env.HF_TOKEN) headers.authorization = `Bearer ${process.env.HF_TOKEN}`;
  let res: TGuardedResponse;
  try {
    res = await requestGuarded(httpUrl, { headers, signal, lookup: opts.lookup });
  } catch (e) {
    if (isBlockedUrlError(e)) throw new AppError("FORBIDDEN", errorMessage(e));
    if (e instanceof AppError) throw e;
    const err = e as { code?: string; message?: string };
    throw new Error(`Could not reach ${new URL(httpUrl).origin}: ${err.code ?? err.message}`);
  }
  if (res.status < 200 || res.status >= 300) {
    res.body.resume();
    throw new Error(`Download failed: ${res.url.origin}${res.url.pathname} answered HTTP ${res.status} ${res.statusText}`);
  }
  const total = Number(res.headers["content-length"]) || null;
  if (total !== null && total > maxBytes) {
    res.body.destroy();
    throw new Error(`Download is ${total} bytes, over the ${maxBytes}-byte limit`);
  }
  // The name comes from the URL asked for (a CDN redirect may drop the extension): a safe basename, never a path.
  const name = safeBasename(new URL(httpUrl).pathname.split("/").pop() ?? "", "download");
  fs.mkdirSync(dir, { recursive: true });
  const final = path.join(dir, name);
  const tmp = `${final}.part`;
  let seen = 0;
  const body = res.body;
  body.on("data", (c: Buffer) => {
    seen += c.length;
    if (seen > maxBytes) body.destroy(new Error(`Download exceeds the ${maxBytes}-byte limit`));
    onBytes(c.length, total);
  });
  try {
    await pipeline(body, fs.createWriteStream(tmp));
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  fs.renameSync(tmp, final);
  return final;
};
