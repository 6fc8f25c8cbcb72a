import { IfRole } from "@/components/auth/role-context";
import Link from "next/link";
import { Suspense } from "react";
import { AnnotateButton } from "@/components/annotate/annotate-button";
import { RefineButton } from "@/components/refine/refine-button";
import { VersionLineageNote } from "@/components/refine/version-lineage-note";
import { PassRateTable } from "@/components/annotate/pass-rate-table";
import { DocumentsBrowser } from "@/components/corpora/documents-browser";
import { ImportScoresButton } from "@/components/corpora/import-scores-button";
import { HistogramGrid } from "@/components/corpora/histogram-grid";
import { ModelActions } from "@/components/models/model-actions";
import { SourceChart } from "@/components/corpora/source-chart";
import { Card, Stat } from "@/components/ui/card";
import { formatBytes, formatInt } from "@/components/ui/format";
import { getCorpusOverview } from "@/lib/corpora/corpus-overview";
import { isAppError } from "@/lib/errors";
import { versionLineage } from "@/lib/refine/version-lineage";

export const dynamic = "force-dynamic";

type TProps = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | undefined>> };

export default async function CorpusPage({ params, searchParams }: TProps) {
  const { id } = await params;
  const { version } = await searchParams;
  let overview;
  try {
    overview = await getCorpusOverview(id, version);
  } catch (e) {
    if (!isAppError(e)) throw e;
    return (
      <div className="space-y-2">
        <Link href="/corpora" className="text-sm text-blue-700 hover:underline">
          ← Corpora
        </Link>
        <p className="text-red-700">{e.message}</p>
      </div>
    );
  }
  const { corpus, version: v } = overview;
  const lineage = versionLineage(v.id);
  const booleanAnnotations = overview.columns.filter((c) => c.origin === "attribute" && c.type === "BOOLEAN").map((c) => c.name);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-2">
        <div>
          <Link href="/corpora" className="text-sm text-blue-700 hover:underline">
            ← Corpora
          </Link>
          <h1 className="text-xl font-semibold" data-testid="corpus-name">
            {corpus.name}
          </h1>
          {corpus.description && <p className="text-sm text-slate-500">{corpus.description}</p>}
        </div>
        <div className="flex items-center gap-2 text-sm">
          <span className="text-slate-500">Version</span>
          {overview.versions.map((x) =>
            x.status === "ready" ? (
              <Link key={x.id} href={`/corpora/${id}?version=${x.id}`} className={`rounded px-2 py-0.5 ${x.id === v.id ? "bg-slate-900 text-white" : "bg-slate-100 hover:bg-slate-200"}`}>
                v{x.version}
              </Link>
            ) : (
              <span key={x.id} className="rounded bg-slate-50 px-2 py-0.5 text-slate-400" title={x.status}>
                v{x.version} ({x.status})
              </span>
            ),
          )}
          <IfRole role="curator">
            <AnnotateButton corpusId={id} versionId={version} />
            <ImportScoresButton corpusId={id} versionId={version} />
            <RefineButton corpusId={id} versionId={v.id} booleanColumns={booleanAnnotations} />
            <ModelActions corpusId={id} versionId={version} columns={overview.columns} />
          </IfRole>
          {v.createdByRunId && !lineage.refinedFrom && (
            <Link href={`/runs/${v.createdByRunId}`} className="text-blue-700 hover:underline">
              ingest run
            </Link>
          )}
        </div>
      </div>
      <VersionLineageNote corpusId={id} refinedFrom={lineage.refinedFrom} refinedInto={lineage.refinedInto} />
      <div className="grid gap-4 lg:grid-cols-3">
        <Card title="Overview">
          <div className="grid grid-cols-2 gap-4">
            <Stat label="Documents" value={formatInt(v.nDocs)} testId="stat-docs" />
            <Stat label="Characters" value={formatInt(v.nChars)} />
            <Stat label="Tokens" value={overview.tokens === null ? "not counted" : formatInt(overview.tokens)} />
            <Stat label="Parquet size" value={`${formatBytes(v.nBytes)} · ${overview.shards} shard${overview.shards === 1 ? "" : "s"}`} />
          </div>
        </Card>
        <Card title="Documents per source" className="lg:col-span-2">
          <SourceChart counts={overview.sourceCounts} />
        </Card>
      </div>
      {overview.passRates.map((p) => (
        <Card key={p.attributeSetId} title={`Pass rates · ${p.name}`}>
          <PassRateTable rates={p} />
        </Card>
      ))}
      <Card title="Distributions">
        <HistogramGrid histograms={overview.histograms} />
      </Card>
      <Card title="Documents">
        <Suspense>
          <DocumentsBrowser corpusId={id} versionId={version} allColumns={overview.columns} />
        </Suspense>
      </Card>
    </div>
  );
}
