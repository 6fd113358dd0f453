import { analyze } from '../../text/text-analysis.js';

/** Similar questions counted together, under the first one seen. */
export interface QuestionGroup {
  question: string;
  count: number;
  /** Other wordings in the group (up to a few). */
  variants: string[];
  /** Why the questions are here: abstained, escalated, not_helpful. */
  signals: Record<string, number>;
}

/** How alike two questions' content words must be to share a group (Jaccard on stems). */
export const SIMILARITY_THRESHOLD = 0.5;

/**
 * Groups questions whose content words (stemmed, stopwords dropped) overlap enough;
 * greedy, so each question joins the first group it is close to. Largest groups first.
 */
export function groupQuestions(
  items: Iterable<{ question: string; signal: string }>,
  maxGroups = 50,
): QuestionGroup[] {
  const groups: { stems: Set<string>; group: QuestionGroup }[] = [];
  for (const { question, signal } of items) {
    const stems = new Set(analyze(question).map((t) => t.stem));
    const found = groups.find((g) => jaccard(g.stems, stems) >= SIMILARITY_THRESHOLD);
    if (found) {
      found.group.count++;
      found.group.signals[signal] = (found.group.signals[signal] ?? 0) + 1;
      const normalized = question.trim();
      if (
        found.group.variants.length < 5 &&
        normalized !== found.group.question &&
        !found.group.variants.includes(normalized)
      ) {
        found.group.variants.push(normalized);
      }
      continue;
    }
    groups.push({
      stems,
      group: { question: question.trim(), count: 1, variants: [], signals: { [signal]: 1 } },
    });
  }
  return groups
    .map((g) => g.group)
    .sort((a, b) => b.count - a.count)
    .slice(0, maxGroups);
}

function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  for (const s of a) if (b.has(s)) shared++;
  return shared / (a.size + b.size - shared);
}
