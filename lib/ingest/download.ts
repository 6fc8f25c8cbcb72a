import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { AppError } from "@/lib/errors";
import { safeBasename } from "@/lib/security/paths";

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
 * Returns the local file path.
 */
export const downloadToDir = async (
  url: string,
  dir: string,
  maxBytes: number,
  onBytes: (n: number, total: number | null) => void,
  signal?: AbortSignal,
): Promise<string> => {
  const httpUrl = url.startsWith("hf://") ? hfToHttps(url) : url;
  const headers: Record<string, string> = {};
  if (url.startsWith("hf://") && process.env.HF_TOKEN) headers.authorization = `Bearer ${process.env.HF_TOKEN}`;
  let res: Response;
  try {
    res = await fetch(httpUrl, { headers, signal, redirect: "follow" });
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    throw new Error(`Could not reach ${httpUrl}: ${cause?.code ?? cause?.message ?? (e as Error).message}`);
  }
  if (!res.ok || !res.body) throw new Error(`Download failed: ${httpUrl} answered HTTP ${res.status} ${res.statusText}`);
  const total = Number(res.headers.get("content-length")) || null;
  if (total !== null && total > maxBytes) throw new Error(`Download is ${total} bytes, over the ${maxBytes}-byte limit`);
  // The name comes from the URL: reduced to a safe basename, never a path.
  const name = safeBasename(new URL(httpUrl).pathname.split("/").pop() ?? "", "download");
  fs.mkdirSync(dir, { recursive: true });
  const final = path.join(dir, name);
  const tmp = `${final}.part`;
  let seen = 0;
  const body = Readable.fromWeb(res.body as import("node:stream/web").ReadableStream<Uint8Array>);
  body.on("data", (c: Buffer) => {
    seen += c.length;
    if (seen > maxBytes) body.destroy(new Error(`Download exceeds the ${maxBytes}-byte limit`));
    onBytes(c.length, total);
  });
  await pipeline(body, fs.createWriteStream(tmp));
  fs.renameSync(tmp, final);
  return final;
};
