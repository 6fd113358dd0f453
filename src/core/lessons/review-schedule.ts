import { type Card, createEmptyCard, fsrs, type Grade, Rating } from 'ts-fsrs';

// A missed question first comes back the next day, in a later session rather than the same one;
// FSRS spaces it from there.
const scheduler = fsrs({ enable_fuzz: false, learning_steps: ['1d'], relearning_steps: ['1d'] });

/** A serialized FSRS card and when it is next due. */
export interface ScheduledCard {
  card: string;
  due: Date;
}

function revive(json: string): Card {
  const raw = JSON.parse(json) as Card & { due: string; last_review?: string };
  return {
    ...raw,
    due: new Date(raw.due),
    ...(raw.last_review ? { last_review: new Date(raw.last_review) } : {}),
  } as Card;
}

/**
 * Schedules a quiz question with FSRS: a first miss creates a card graded Again (it comes back
 * soon); each later review grades it Good when answered right and Again when missed.
 */
export function scheduleReview(previous: string | undefined, correct: boolean, now: Date): ScheduledCard {
  const card = previous ? revive(previous) : createEmptyCard(now);
  const grade: Grade = correct ? Rating.Good : Rating.Again;
  const next = scheduler.next(card, now, grade).card;
  return { card: JSON.stringify(next), due: next.due };
}
