import { attributeTables } from "@/lib/annotate/attribute-sets";
import { dataPath } from "@/lib/corpora/paths";
import { getReadyVersionOrThrow, listShards } from "@/lib/corpora/versions";
import { queryRows, quoteLiteral } from "@/lib/duckdb/instance";
import { AppError } from "@/lib/errors";
import { executeProgram, type TNormalization } from "@/lib/refine/execute-program";
import { parseProgramParts } from "@/lib/refine/parse-program";
import { PROGRAMS_TABLE } from "@/lib/refine/programs-table";
import { resolveRefine, ZRefineConfigSchema } from "@/lib/refine/refine-config";
import { splitProgram } from "@/lib/refine/refine-document";
import { refineSetsOfRun } from "@/lib/refine/refine-run";
import { versionLineage, type TRefinementLink } from "@/lib/refine/version-lineage";
import { getRunOrThrow } from "@/lib/runs/get-run";

/** Longest diff returned (lines); longer documents are cut, with `truncated` set. */
const MAX_DIFF_LINES = 5000;

export type TDiffLine = { line: number; original: string; refined: string | null; removedBy: string | null };

export type TDocumentRefinement = TRefinementLink & {
  /** Is the asked-for version the refinement's original (parent) or its result (child)? */
  shown: "parent" | "child";
  program: string;
  /** The program's lines grouped by the source that wrote them. */
  parts: { origin: string; program: string; firstLine: number }[];
  dropped: boolean;
  dropReason: string | null;
  droppedBy: string | null;
  applied: boolean;
  linesRemoved: number;
  charsRemoved: number;
  errors: { line: number; origin: string; message: string }[];
  normalizations: TNormalization[];
  lines: TDiffLine[];
  totalLines: number;
  truncated: boolean;
  /** The re-executed program gives exactly the stored refined text (always expected). */
  consistent: boolean;
};

const fileList = (files: string[]) => `[${files.map((f) => quoteLiteral(dataPath(f))).join(", ")}]`;

const textOf = async (versionId: string, docId: string): Promise<string | null> => {
  const shards = listShards(versionId).map((s) => s.path);
  if (shards.length === 0) return null;
  const rows = await queryRows<{ text: string }>(`SELECT text FROM read_parquet(${fileList(shards)}) WHERE id = $1 LIMIT 1`, [docId]);
  return rows.length ? String(rows[0].text ?? "") : null;
};

/** One document under one refinement: the stored program, re-executed on the original text, as a line-level diff. */
const refinementOf = async (link: TRefinementLink, docId: string, shown: "parent" | "child"): Promise<TDocumentRefinement | null> => {
  const { parent: set } = refineSetsOfRun(link.runId);
  if (!set || set.status !== "ready") return null;
  const files = attributeTables(set)[PROGRAMS_TABLE] ?? [];
  if (files.length === 0) return null;
  const [row] = await queryRows<{ program: string; origins: string | null }>(
    `SELECT "refine.program" AS program, "refine.origins" AS origins FROM read_parquet(${fileList(files)}) WHERE id = $1 LIMIT 1`,
    [docId],
  );
  const original = await textOf(link.parent.id, docId);
  if (!row || original === null) return null;
  const config = ZRefineConfigSchema.parse(JSON.parse(getRunOrThrow(link.runId).configJson));
  const parts = splitProgram(String(row.program ?? ""), row.origins);
  const { parsed } = parseProgramParts(parts);
  const r = executeProgram(original, parsed, { acceptance: resolveRefine(config).acceptance });
  const stored = await textOf(link.child.id, docId);

  const originalLines = original.split("\n");
  const refinedLines = r.text === null ? [] : r.text.split("\n");
  const removedBy = new Map(r.removedLines.map((l, i) => [l, r.removedBy[i]]));
  const lines: TDiffLine[] = [];
  let k = 0;
  for (let i = 0; i < originalLines.length && lines.length < MAX_DIFF_LINES; i++) {
    if (r.dropped) lines.push({ line: i, original: originalLines[i], refined: null, removedBy: r.droppedBy });
    else if (removedBy.has(i)) lines.push({ line: i, original: originalLines[i], refined: null, removedBy: removedBy.get(i)! });
    else lines.push({ line: i, original: originalLines[i], refined: refinedLines[k++] ?? "", removedBy: null });
  }
  let firstLine = 1;
  return {
    ...link,
    shown,
    program: String(row.program ?? ""),
    parts: parts.map((p) => {
      const out = { ...p, firstLine };
      firstLine += p.program === "" ? 0 : p.program.split("\n").length;
      return out;
    }),
    dropped: r.dropped,
    dropReason: r.dropReason,
    droppedBy: r.droppedBy,
    applied: r.applied,
    linesRemoved: r.linesRemoved,
    charsRemoved: r.charsRemoved,
    errors: r.errors,
    normalizations: r.normalizations,
    lines,
    totalLines: originalLines.length,
    truncated: originalLines.length > lines.length,
    consistent: r.dropped ? stored === null : stored === r.text,
  };
};

/**
 * The refinements a document of a version took part in: the one that produced this version (if
 * it is a refined version), then those that refined this version into others, newest first.
 */
export const getDocumentRefinements = async (corpusId: string, docId: string, versionId?: string): Promise<{ versionId: string; refinements: TDocumentRefinement[] }> => {
  const version = getReadyVersionOrThrow(corpusId, versionId);
  const { refinedFrom, refinedInto } = versionLineage(version.id);
  const out: TDocumentRefinement[] = [];
  if (refinedFrom) {
    const r = await refinementOf(refinedFrom, docId, "child");
    if (r) out.push(r);
  }
  for (const link of refinedInto.filter((l) => l.child.status === "ready")) {
    const r = await refinementOf(link, docId, "parent");
    if (r) out.push(r);
  }
  if (out.length === 0 && (await textOf(version.id, docId)) === null) throw new AppError("NOT_FOUND", `Document "${docId}" not found in this corpus version`);
  return { versionId: version.id, refinements: out };
};
