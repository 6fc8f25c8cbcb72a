/**
 * READMEs of installed npm packages: technical prose, tables, badges and code, often boilerplate
 * (hundreds of near-identical `@stdlib/*` pages) — realistic mixed-quality web-like text.
 */
import fs from "node:fs";
import path from "node:path";
import { nodeModulesDir } from "@/lib/demo/package-dir";
import type { TDemoDoc } from "@/lib/demo/types";

export const README_MIN_CHARS = 300;
export const README_LIMIT = 1500;

type TPackageJson = { name?: unknown; version?: unknown; os?: unknown; cpu?: unknown; libc?: unknown };

const PORTABLE_OS = ["linux", "darwin", "win32"];

/**
 * Platform-specific builds (`@esbuild/linux-x64`, `fsevents`, …) differ between machines installing
 * the same lockfile, so they are left out to keep the corpus identical everywhere.
 */
const isPlatformSpecific = (pkg: TPackageJson): boolean =>
  pkg.cpu !== undefined || pkg.libc !== undefined || (Array.isArray(pkg.os) && !PORTABLE_OS.every((o) => (pkg.os as unknown[]).includes(o)));

const READMES = [/^readme\.md$/i, /^readme\.markdown$/i, /^readme$/i, /^readme\.txt$/i];

/** The package's README file: README.md (any case) first, then .markdown, bare README, .txt. */
const readmeIn = (dir: string): string | null => {
  let entries: string[];
  try {
    entries = fs.readdirSync(dir).sort();
  } catch {
    return null;
  }
  for (const re of READMES) {
    const name = entries.find((e) => re.test(e));
    if (name && fs.statSync(path.join(dir, name)).isFile()) return path.join(dir, name);
  }
  return null;
};

const readPackageJson = (dir: string): TPackageJson | null => {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as TPackageJson;
  } catch {
    return null;
  }
};

const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Package folders directly under node_modules (`x`, `@scope/x`), not nested node_modules. */
const packageFolders = (root: string): string[] => {
  const dirs: string[] = [];
  for (const e of fs.readdirSync(root)) {
    if (e.startsWith(".")) continue;
    if (e.startsWith("@")) {
      for (const s of fs.readdirSync(path.join(root, e))) if (!s.startsWith(".")) dirs.push(path.join(root, e, s));
    } else dirs.push(path.join(root, e));
  }
  return dirs.sort(byCodePoint);
};

/**
 * One document per installed package with a README of at least `minChars` characters
 * (`readme-<package>`), sorted by package name (code-point order, independent of locale and of
 * the file system's listing order), at most `limit` of them.
 */
export const packageReadmeDocs = (opts: { nodeModules?: string; limit?: number; minChars?: number } = {}): TDemoDoc[] => {
  const root = opts.nodeModules ?? nodeModulesDir();
  const limit = opts.limit ?? README_LIMIT;
  const minChars = opts.minChars ?? README_MIN_CHARS;
  const found = new Map<string, { dir: string; version: string }>();
  for (const dir of packageFolders(root)) {
    const pkg = readPackageJson(dir);
    if (!pkg || isPlatformSpecific(pkg)) continue;
    const name = typeof pkg.name === "string" && pkg.name ? pkg.name : path.relative(root, dir).split(path.sep).join("/");
    if (found.has(name)) continue;
    found.set(name, { dir, version: typeof pkg.version === "string" ? pkg.version : "" });
  }
  const docs: TDemoDoc[] = [];
  for (const name of [...found.keys()].sort(byCodePoint)) {
    if (docs.length >= limit) break;
    const { dir, version } = found.get(name)!;
    const file = readmeIn(dir);
    if (!file) continue;
    const text = fs.readFileSync(file, "utf8");
    if (text.trim().length < minChars) continue;
    docs.push({ id: `readme-${name}`, text, source: "readme", package: name, package_version: version });
  }
  return docs;
};
