export type TAnnotateFileOptions = { inFile: string; outFile: string; annotators: { id: string; config?: Record<string, unknown> }[]; textField?: string };
export const annotateFile = async (_opts: TAnnotateFileOptions): Promise<{ docs: number; skipped: number; ms: number }> => {
  throw new Error("annotate-file is not available yet");
};
