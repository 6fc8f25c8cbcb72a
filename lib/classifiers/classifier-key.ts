/** A column key for the fasttext annotator from a model name: `Ham vs spam` → `ham_vs_spam`. Pure: the browser uses it too. */
export const classifierKey = (name: string): string =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 40) || "classifier";
