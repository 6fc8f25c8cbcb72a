import fs from "node:fs";
import path from "node:path";
import { getConfig } from "@/lib/config";
import { AppError } from "@/lib/errors";

/**
 * The one gate for file paths a user gives (ingest paths, tokenizer.json, fastText and ARPA model
 * files, scores files). A path is usable only when its real path (symlinks resolved) lies under one
 * of the data roots: the data dir and the folders in `WINNOW_DATA_ROOTS`, nothing else (not the home
 * directory, not the temp dir). The metadata DB files in the data dir are never readable this way.
 *
 * Errors never tell whether something exists outside the roots: a path outside them (lexically, or
 * through a symlink, whether or not its target exists) always gets the same 403 without the file
 * system being asked about the outside; only a path inside the roots can be "not found". No error
 * ever carries file contents.
 */

export type TPathKind = "file" | "dir" | "any";

/** The data roots: the data dir, then `WINNOW_DATA_ROOTS`, as absolute real paths where they exist. */
export const dataRoots = (): string[] => {
  const { dataDir, dataRoots: extra } = getConfig();
  const roots = [dataDir, ...extra].map((r) => realOrResolved(r));
  return [...new Set(roots)];
};

const realOrResolved = (p: string): string => {
  try {
    return fs.realpathSync(p);
  } catch {
    return path.resolve(p);
  }
};

/** True when `p` (absolute, normalised) is `root` or inside it. */
export const isUnder = (p: string, root: string): boolean => p === root || p.startsWith(root.endsWith(path.sep) ? root : root + path.sep);

/** Files in the data dir no path may name: the metadata DB and its journal (they hold settings and secrets). */
const isProtectedFile = (real: string): boolean => {
  const dataDir = realOrResolved(getConfig().dataDir);
  return path.dirname(real) === dataDir && /^winnow\.db(-wal|-shm|-journal)?$/.test(path.basename(real));
};

/** The one refusal for anything outside the roots (same text whether or not it exists). */
const outsideRoots = (given: string): AppError =>
  new AppError("FORBIDDEN", `${given} is outside the allowed data roots (the data dir and WINNOW_DATA_ROOTS), or does not exist`);

/** Checks the shape of a user-given path: a non-empty string without NUL characters. */
const checkShape = (p: string): void => {
  if (typeof p !== "string" || p.trim() === "") throw new AppError("UNPROCESSABLE", "The path is empty");
  if (p.includes("\0")) throw new AppError("UNPROCESSABLE", "The path contains a NUL character");
  if (p.length > 4096) throw new AppError("UNPROCESSABLE", "The path is too long");
};

/** The real path of the deepest existing ancestor of `abs` (which does not exist), or null when that ancestor is a dangling symlink. */
const realAncestor = (abs: string): string | null => {
  let cur = abs;
  for (;;) {
    const parent = path.dirname(cur);
    let st: fs.Stats | undefined;
    try {
      st = fs.lstatSync(cur);
    } catch {
      st = undefined;
    }
    if (st) {
      if (st.isSymbolicLink()) return null; // it exists as a link but does not resolve: its target is unknown
      try {
        return fs.realpathSync(cur);
      } catch {
        return null;
      }
    }
    if (parent === cur) return null;
    cur = parent;
  }
};

/**
 * Resolves a user-given path to its real path under the data roots, or throws: 422 for a malformed
 * path, 403 for anything outside the roots (lexically or through a symlink), 404 for a path inside
 * the roots that does not exist, 422 for the wrong kind (a folder where a file is needed).
 */
export const resolveUserPath = (given: string, kind: TPathKind = "any"): string => {
  checkShape(given);
  const abs = path.resolve(given);
  const roots = dataRoots();
  // Lexically outside (as given, or the roots as configured): refused before the file system is asked anything.
  const lexicalRoots = [getConfig().dataDir, ...getConfig().dataRoots].map((r) => path.resolve(r));
  if (![...roots, ...lexicalRoots].some((r) => isUnder(abs, r))) throw outsideRoots(given);
  let real: string;
  try {
    real = fs.realpathSync(abs);
  } catch {
    const anc = realAncestor(abs);
    if (anc === null || !roots.some((r) => isUnder(anc, r))) throw outsideRoots(given);
    throw new AppError("NOT_FOUND", `No such file or folder under the data roots: ${given}`);
  }
  if (!roots.some((r) => isUnder(real, r)) || isProtectedFile(real)) throw outsideRoots(given);
  if (kind !== "any") {
    const st = fs.statSync(real);
    if (kind === "file" && !st.isFile()) throw new AppError("UNPROCESSABLE", `${given} is a folder; give a file`);
    if (kind === "dir" && !st.isDirectory()) throw new AppError("UNPROCESSABLE", `${given} is a file; give a folder`);
  }
  return real;
};

/** True when `given` resolves under the data roots (no error). */
export const isAllowedUserPath = (given: string): boolean => {
  try {
    resolveUserPath(given);
    return true;
  } catch {
    return false;
  }
};

/**
 * A file the server addresses by ids it looked up (never by a request string): `segments` are
 * joined under the data dir, each one checked to be a plain name, and the result must stay
 * under the data dir after symlinks are resolved. Returns null when the file does not exist.
 */
export const dataDirFile = (...segments: string[]): string | null => {
  for (const s of segments) {
    if (!isSafeName(s)) throw new AppError("NOT_FOUND", "Not found");
  }
  const dataDir = realOrResolved(getConfig().dataDir);
  const abs = path.join(/*turbopackIgnore: true*/ dataDir, ...segments);
  let real: string;
  try {
    real = fs.realpathSync(abs);
  } catch {
    return null;
  }
  return isUnder(real, dataDir) && !isProtectedFile(real) ? real : null;
};

/** A plain file or folder name: no separators (either slash), no NUL, not "." or "..", not empty. */
export const isSafeName = (name: string): boolean =>
  typeof name === "string" && name.length > 0 && name.length <= 255 && name !== "." && name !== ".." && !/[/\\\0]/.test(name);

/**
 * Reduces a name from a URL or an upload to a safe basename: the last segment after any `/` or `\`
 * (after percent-decoding once, if it decodes), only letters, digits, dot, dash and underscore, no
 * leading dots, at most 200 characters; `fallback` when nothing is left.
 */
export const safeBasename = (name: string, fallback = "file"): string => {
  let s = String(name ?? "");
  try {
    s = decodeURIComponent(s);
  } catch {
    // keep the raw text; the filter below makes it safe
  }
  const last = s.replaceAll("\\", "/").split("/").filter(Boolean).pop() ?? "";
  const cleaned = last.replace(/\0/g, "").replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^\.+/, "");
  return cleaned.slice(-200) || fallback;
};
