/** Writes docs/annotators.md from the annotator registry: `npx tsx scripts/gen-annotator-docs.ts`. */
import fs from "node:fs";
import { describeAnnotators } from "@/lib/annotate/start-annotate";

const lines = [
  "# Annotators",
  "",
  "Generated from the registry (`lib/annotators/index.ts`) by `scripts/gen-annotator-docs.ts`. Every threshold can be edited in the",
  "studio's annotate panel or passed as config (`npm run winnow -- annotate <corpus> --annotators id --config '{\"id\":{…}}'`).",
  "",
];
for (const a of describeAnnotators()) {
  lines.push(`## \`${a.id}\` — ${a.title} (v${a.version})`, "", a.description, "");
  const defaults = Object.entries(a.defaults);
  if (defaults.length) lines.push("Config (defaults): " + defaults.map(([k, v]) => `\`${k}\` = ${JSON.stringify(v)}`).join(", "), "");
  lines.push("| column | type | meaning | better |", "|---|---|---|---|");
  for (const c of a.columns) lines.push(`| \`${c.name}\` | ${c.type} | ${c.description} | ${c.better ?? ""} |`);
  lines.push("");
}
fs.writeFileSync("docs/annotators.md", lines.join("\n"));
console.log("wrote docs/annotators.md");
