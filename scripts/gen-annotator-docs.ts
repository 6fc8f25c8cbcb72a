/** Writes docs/annotators.md from the annotator registry: `npx tsx scripts/gen-annotator-docs.ts`. */
import fs from "node:fs";
import { describeAnnotators } from "@/lib/annotate/start-annotate";
import { C4_PRESETS } from "@/lib/annotators/c4";
import { FINEWEB_PRESETS } from "@/lib/annotators/fineweb";
import { GOPHER_QUALITY_PRESETS } from "@/lib/annotators/gopher-quality";
import { GOPHER_REPETITION_PRESETS } from "@/lib/annotators/gopher-repetition";
import { MEASURED_AGREEMENT, PRESET_DOCS } from "@/lib/annotators/preset-docs";
import { DEFAULT_RULE_PRESET, PRESET_DESCRIPTIONS, type TRulePreset } from "@/lib/annotators/rule-presets";

const THRESHOLDS: Record<string, Partial<Record<TRulePreset, Record<string, number>>>> = {
  gopher_quality: GOPHER_QUALITY_PRESETS,
  gopher_repetition: GOPHER_REPETITION_PRESETS,
  c4: C4_PRESETS,
  fineweb: FINEWEB_PRESETS,
};

/** The presets section of a rule annotator: thresholds, one line per statistic, residual differences, agreement. */
const presetSection = (id: string): string[] => {
  const docs = PRESET_DOCS[id];
  if (!docs) return [];
  const presets = Object.keys(docs) as TRulePreset[];
  const out = ["### Presets", ""];
  out.push("| threshold | " + presets.map((p) => `\`${p}\``).join(" | ") + " |", "|---|" + presets.map(() => "---|").join(""));
  const keys = Object.keys(THRESHOLDS[id][presets[0]]!);
  for (const k of keys) out.push(`| \`${k}\` | ` + presets.map((p) => String(THRESHOLDS[id][p]![k])).join(" | ") + " |");
  out.push("");
  for (const p of presets) {
    out.push(`#### \`${p}\` — ${PRESET_DESCRIPTIONS[p]}${p === DEFAULT_RULE_PRESET ? " (default)" : ""}`, "");
    for (const d of docs[p]!.definitions) out.push(`- ${d}`);
    out.push("", "| known residual difference | example |", "|---|---|");
    for (const d of docs[p]!.differences) out.push(`| ${d.difference} | ${d.example} |`);
    out.push("");
  }
  out.push("| preset | reference | documents | keep/drop agreement | first-failing-rule agreement |", "|---|---|---|---|---|");
  for (const m of MEASURED_AGREEMENT.filter((x) => x.annotator === id)) out.push(`| \`${m.preset}\` | ${m.reference} | ${m.docs} | ${m.keep} % | ${m.rule} % |`);
  out.push("");
  return out;
};

const lines = [
  "# Annotators",
  "",
  "Generated from the registry (`lib/annotators/index.ts`) by `scripts/gen-annotator-docs.ts`. Every threshold can be edited in the",
  "studio's annotate panel or passed as config (`npm run winnow -- annotate <corpus> --annotators id --config '{\"id\":{…}}'`).",
  "",
  "## Presets of the rule annotators",
  "",
  "`gopher_quality`, `gopher_repetition`, `c4` and `fineweb` take a `preset`: the reference pipeline whose definitions (word",
  "tokenizer, formulas, line splits, comparisons) and thresholds apply. A threshold left unset (`null`, an empty field in the",
  "panel) takes the preset's value; a number overrides it. `--preset P` on the CLI (`annotate`, `annotate-file`) sets it for",
  "every rule annotator chosen.",
  "",
  ...(Object.keys(PRESET_DESCRIPTIONS) as TRulePreset[]).map((p) => `- \`${p}\`: ${PRESET_DESCRIPTIONS[p]}${p === DEFAULT_RULE_PRESET ? " — **the default**" : ""}.`),
  "",
  "The default is `datatrove`: datatrove is the maintained reference implementation of these filters, and its defaults are what",
  "a user comparing against current pipelines (FineWeb-2 and later) reproduces. `fineweb` reproduces FineWeb itself; `dclm`",
  "DCLM-baseline's heuristic page filters and its C4 reproduction (`fineweb` has no `dclm` preset: DCLM has no such step).",
  "Agreement is measured by `tests/reference/agreement.test.ts` against the reference runners in `../shared/oracle` (datatrove",
  "main and v0.3, DCLM) on a generated English corpus (Brown, SpamAssassin, package READMEs, mutated and junk documents).",
  "",
];
for (const a of describeAnnotators()) {
  lines.push(`## \`${a.id}\` — ${a.title} (v${a.version})`, "", a.description, "");
  const defaults = Object.entries(a.defaults);
  if (defaults.length) lines.push("Config (defaults): " + defaults.map(([k, v]) => `\`${k}\` = ${JSON.stringify(v)}`).join(", "), "");
  lines.push("| column | type | meaning | better |", "|---|---|---|---|");
  for (const c of a.columns) lines.push(`| \`${c.name}\` | ${c.type} | ${c.description} | ${c.better ?? ""} |`);
  lines.push("");
  lines.push(...presetSection(a.id));
}
fs.writeFileSync("docs/annotators.md", lines.join("\n"));
console.log("wrote docs/annotators.md");
