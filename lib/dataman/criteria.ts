/**
 * DataMan's 14 quality ratings (13 criteria + overall score, each 1–5) and 15 domains, in the
 * order of the released models' output (`pengr/DataMan`, `sft/prepare_data.py`, `REQUEST_CONFIG['en']`).
 * `long` + `definition` are the GPT annotation prompt's wording; `short` is the DataMan prompt's.
 */
export const DATAMAN_RATINGS = [
  { key: "accuracy", short: "Accuracy", long: "Textual Accuracy", definition: "The higher the score, the fewer grammar, referential, and spelling errors the text contains, and the more accurate its expression." },
  { key: "coherence", short: "Coherence", long: "Semantic Coherence", definition: "The higher the score, the more fluent the content is expressed, and the stronger its logical coherence." },
  { key: "language_consistency", short: "Language Consistency", long: "Language Consistency", definition: "The higher the score, the more consistent the use of language in the text, with less mixing of languages." },
  { key: "semantic_density", short: "Semantic Density", long: "Ratio of Valid Semantic Content", definition: "The higher the score, the greater the proportion of valid information in the text, with less irrelevant or redundant information." },
  { key: "knowledge_novelty", short: "Knowledge Novelty", long: "Novelty of Knowledge", definition: "The higher the score, the more novel and cutting-edge the knowledge provided by the text, with more insightful views on the industry or topic." },
  { key: "topic_focus", short: "Topic Focus", long: "Topic Focus", definition: "The higher the score, the more the text content focuses on the topic, with less deviation from the main theme." },
  { key: "creativity", short: "Creativity", long: "Creative Expression Ratio", definition: "The higher the score, the more creative elements are shown in the text's expression." },
  { key: "professionalism", short: "Professionalism", long: "Professionalism", definition: "The higher the score, the more professional terminology appears in the text, with more accurate use of terms and more professional domain-specific expression." },
  { key: "style_consistency", short: "Style Consistency", long: "Style Consistency", definition: "The higher the score, the more consistent the style of the text, with proper and appropriate style transitions." },
  { key: "grammatical_diversity", short: "Grammatical Diversity", long: "Richness of Grammatical Structures", definition: "The higher the score, the more varied and correct the grammatical structures used in the text, showing a richer language expression ability." },
  { key: "structural_standardization", short: "Structural Standardization", long: "Standardization of Structure", definition: "The higher the score, the clearer the structure followed by the text and the more standardized its format." },
  { key: "originality", short: "Originality", long: "Non-repetitiveness of Content", definition: "The higher the score, the fewer repetitions and similar content in the text." },
  { key: "sensitivity", short: "Sensitivity", long: "Appropriateness of Sensitive Content", definition: "The higher the score, the more appropriately sensitive topics are handled in the text, with less inappropriate content." },
  { key: "overall_score", short: "Overall Score", long: "Overall Score", definition: "The higher the score, the better the comprehensive evaluation of the text, with superior performance in all aspects." },
] as const;

export type TRatingKey = (typeof DATAMAN_RATINGS)[number]["key"];
export const RATING_KEYS: TRatingKey[] = DATAMAN_RATINGS.map((r) => r.key);

export const DATAMAN_DOMAINS = [
  { letter: "A", name: "Medicine" },
  { letter: "B", name: "Finance" },
  { letter: "C", name: "Law" },
  { letter: "D", name: "Education" },
  { letter: "E", name: "Technology" },
  { letter: "F", name: "Entertainment" },
  { letter: "G", name: "Mathematics" },
  { letter: "H", name: "Coding" },
  { letter: "I", name: "Government" },
  { letter: "J", name: "Culture" },
  { letter: "K", name: "Transportation" },
  { letter: "L", name: "Retail E-commerce" },
  { letter: "M", name: "Telecommunication" },
  { letter: "N", name: "Agriculture" },
  { letter: "O", name: "Other" },
] as const;

export type TDomainName = (typeof DATAMAN_DOMAINS)[number]["name"];

export const domainByLetter = (letter: string): TDomainName | undefined => DATAMAN_DOMAINS.find((d) => d.letter === letter)?.name;

/** A parsed rating: 14 integers 1..5 in `RATING_KEYS` order, and one domain. */
export type TDatamanRating = { scores: number[]; domain: TDomainName };
