import { z } from "zod";
import { removeFlaggedLines, wordCount } from "@/lib/refine/rules/line-program";
import type { TRefineRule } from "@/lib/refine/rules/types";

/**
 * Web boilerplate, one line at a time: a line is removed when it is short (at most `max_words`
 * words) and matches the rule's phrases. Phrases are matched on the lower-cased, trimmed line.
 */
const lineRule = (opts: {
  id: string;
  title: string;
  description: string;
  maxWords: number;
  matches: (lower: string) => boolean;
}): TRefineRule<{ max_words: number }> => ({
  id: opts.id,
  title: opts.title,
  description: `${opts.description} Only lines of at most max_words words.`,
  level: "chunk",
  configSchema: z.object({ max_words: z.number().int().min(1).max(250).default(opts.maxWords) }),
  generate: ({ lines, lowerLine, lineWords }, c) => {
    const flags = new Uint8Array(lines.length);
    for (let i = 0; i < lines.length; i++) {
      // Cheap tests first: most prose lines are too long to be boilerplate.
      if (lines[i].length === 0 || lineWords(i) > c.max_words) continue;
      const lower = lowerLine(i);
      if (lower !== "" && opts.matches(lower)) flags[i] = 1;
    }
    return removeFlaggedLines(flags).join("\n");
  },
});

/** One regular expression for a list of phrases (a single native scan per line). */
const phraseMatcher = (phrases: readonly string[]): ((lower: string) => boolean) => {
  const re = new RegExp(phrases.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"));
  return (lower) => re.test(lower);
};

/** Whole-line navigation labels (after trimming arrows, bullets and separators around them). */
const NAV_LABELS = new Set([
  "home",
  "menu",
  "main menu",
  "navigation",
  "skip to content",
  "skip to main content",
  "skip navigation",
  "jump to navigation",
  "toggle navigation",
  "back to top",
  "top of page",
  "next",
  "previous",
  "prev",
  "next page",
  "previous page",
  "next post",
  "previous post",
  "older posts",
  "newer posts",
  "read more",
  "continue reading",
  "log in",
  "login",
  "sign in",
  "sign up",
  "register",
  "search",
  "you are here",
]);
const NAV_TRIM = /^[\s«»‹›<>|•·/\\\-–—:→←↑^]+|[\s«»‹›<>|•·/\\\-–—:→←↑^]+$/g;
const NAV_SEPARATORS = /\s[|•·»›/]\s|\s*\|\s*/;

const NAV_SEPARATOR_CHARS = /[|•·»›/]/;
const LONGEST_LABEL = Math.max(...[...NAV_LABELS].map((l) => l.length)) + 8;

const isNavigation = (lower: string): boolean => {
  const separated = NAV_SEPARATOR_CHARS.test(lower);
  if (!separated && lower.length > LONGEST_LABEL) return false;
  const label = lower.replace(NAV_TRIM, "");
  if (NAV_LABELS.has(label)) return true;
  if (!separated) return false;
  // "Home | About | Contact", "Home » Blog » Post": at least three short items, no sentence.
  const items = lower.split(NAV_SEPARATORS).map((s) => s.trim()).filter(Boolean);
  return items.length >= 3 && items.every((s) => wordCount(s) <= 4) && !/[.!?]$/.test(lower);
};

export const navigationRule = lineRule({
  id: "navigation",
  title: "Navigation lines",
  description: 'Removes menu and navigation lines: "Home | About | Contact", breadcrumbs, "Skip to content", "Read more", "Next »".',
  maxWords: 12,
  matches: isNavigation,
});

const COOKIE_PHRASES = [
  "we use cookies",
  "this site uses cookies",
  "this website uses cookies",
  "uses cookies to",
  "use of cookies",
  "accept cookies",
  "accept all cookies",
  "cookie policy",
  "cookies policy",
  "cookie settings",
  "cookie preferences",
  "consent to the use of cookies",
  "consent to our use of cookies",
  "by continuing to browse",
  "by continuing to use this site",
  "by continuing to use this website",
  "manage consent",
  "manage cookies",
  "gdpr",
];

export const cookieConsentRule = lineRule({
  id: "cookie_consent",
  title: "Cookie and consent notices",
  description: 'Removes cookie banners and consent notices ("This website uses cookies…", "Accept all cookies", "Cookie settings").',
  maxWords: 60,
  matches: phraseMatcher(COOKIE_PHRASES),
});

const SHARE_PHRASES = [
  "share this",
  "share on facebook",
  "share on twitter",
  "share on linkedin",
  "share via",
  "tweet this",
  "pin it",
  "email this",
  "print this page",
  "subscribe to our newsletter",
  "subscribe now",
  "sign up for our newsletter",
  "join our mailing list",
  "follow us on",
  "like us on facebook",
  "unsubscribe",
  "to be removed from",
  "opt out",
  "opt-out",
  "remove yourself from",
  "you are receiving this",
  "you received this",
];

export const shareSubscribeRule = lineRule({
  id: "share_subscribe",
  title: "Share and subscribe lines",
  description: 'Removes share buttons and subscribe / unsubscribe prompts ("Share on Facebook", "Subscribe to our newsletter", "To unsubscribe…", "Click here to opt out").',
  maxWords: 30,
  matches: phraseMatcher(SHARE_PHRASES),
});

/** "(C)" alone is an enumeration label in ordinary prose; it counts only before a year. */
const COPYRIGHT = /^©|^copyright\b|all rights reserved|(©|\(c\)|copyright)\s*(19|20)\d\d/;

export const copyrightRule = lineRule({
  id: "copyright",
  title: "Copyright footers",
  description: 'Removes copyright footers ("© 2024 Example Inc.", "Copyright (c) 2002 …", "All rights reserved").',
  maxWords: 25,
  matches: (lower) => COPYRIGHT.test(lower),
});
