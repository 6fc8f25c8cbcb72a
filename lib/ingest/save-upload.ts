import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { getConfig } from "@/lib/config";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { detectFormat, SUPPORTED_EXTENSIONS } from "@/lib/ingest/formats";
import { uploadsDir } from "@/lib/ingest/source-spec";
import { safeBasename } from "@/lib/security/paths";
import { UPLOAD_PART_SUFFIX } from "@/lib/ingest/upload-parts";

/** Keeps letters, digits, dot, dash and underscore; never a path. */
export const safeFileName = (name: string): string => safeBasename(name, "upload");

/**
 * Streams an upload body to `uploads/<id>/<name>` under a temp name, enforcing the size cap,
 * and renames it when complete. A partial upload never becomes visible.
 */
export const saveUpload = async (fileName: string, body: ReadableStream<Uint8Array> | null, declaredLength?: number): Promise<{ uploadId: string; fileName: string; bytes: number }> => {
  const name = safeFileName(fileName);
  if (!detectFormat(name)) throw new AppError("UNPROCESSABLE", `Unsupported file type: ${name}. Supported: ${SUPPORTED_EXTENSIONS}`);
  if (!body) throw new AppError("BAD_REQUEST", "The request has no body");
  const { uploadMaxBytes } = getConfig();
  if (declaredLength !== undefined && declaredLength > uploadMaxBytes) {
    throw new AppError("PAYLOAD_TOO_LARGE", `The file is ${declaredLength} bytes; the upload limit is ${uploadMaxBytes} bytes (WINNOW_UPLOAD_MAX_MB)`);
  }
  const uploadId = newId("upl");
  const dir = path.join(uploadsDir(), uploadId);
  fs.mkdirSync(dir, { recursive: true });
  // Paths under the data dir exist only at run time: not for the bundler's file tracing (it would trace the whole project).
  const tmp = path.join(/*turbopackIgnore: true*/ dir, `.${name}${UPLOAD_PART_SUFFIX}`);
  let bytes = 0;
  const source = Readable.fromWeb(body as import("node:stream/web").ReadableStream<Uint8Array>);
  source.on("data", (c: Buffer) => {
    bytes += c.length;
    if (bytes > uploadMaxBytes) source.destroy(new AppError("PAYLOAD_TOO_LARGE", `The upload exceeds the limit of ${uploadMaxBytes} bytes (WINNOW_UPLOAD_MAX_MB)`));
  });
  try {
    await pipeline(source, fs.createWriteStream(tmp));
  } catch (e) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  if (bytes === 0) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw new AppError("UNPROCESSABLE", "The uploaded file is empty");
  }
  fs.renameSync(tmp, path.join(/*turbopackIgnore: true*/ dir, name));
  return { uploadId, fileName: name, bytes };
};
