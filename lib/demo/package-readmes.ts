import fs from "node:fs";
import path from "node:path";
import type { TDemoDoc } from "@/lib/demo/brown";

const NODE_MODULES = path.join(process.cwd(), "node_modules");
const MIN_CHARS = 300;

const readmeOf = (dir: string): string | null => {
  let entries: string[];
  try {
    entries = fs.readdirSync(dir);
  } catch {
    return null;
  }
  const name = entries.find((e) => /^readme(\.(md|markdown|txt))?$/i.test(e));
  return name ? path.join(dir, name) : null;
};

/** READMEs of the top-level installed packages (technical prose, tables, code), sorted by name. */
export const packageReadmeDocs = (limit = 1500): TDemoDoc[] => {
  const dirs: string[] = [];
  for (const e of fs.readdirSync(NODE_MODULES).sort()) {
    if (e.startsWith(".")) continue;
    if (e.startsWith("@")) {
      for (const s of fs.readdirSync(path.join(NODE_MODULES, e)).sort()) dirs.push(`${e}/${s}`);
    } else dirs.push(e);
  }
  const docs: TDemoDoc[] = [];
  for (const pkg of dirs) {
    if (docs.length >= limit) break;
    const file = readmeOf(path.join(NODE_MODULES, pkg));
    if (!file) continue;
    const text = fs.readFileSync(file, "utf8");
    if (text.trim().length < MIN_CHARS) continue;
    let version = "";
    try {
      version = (JSON.parse(fs.readFileSync(path.join(NODE_MODULES, pkg, "package.json"), "utf8")) as { version?: string }).version ?? "";
    } catch {
      /* no package.json */
    }
    docs.push({ id: `readme-${pkg}`, text, source: "readme", package: pkg, package_version: version });
  }
  return docs;
};
