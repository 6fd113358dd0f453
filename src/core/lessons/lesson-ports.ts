import type { ChannelKind } from '../turn.js';

/** What Lumen knows about someone who talked to it, so nudges can reach them later. */
export interface LearnerProfile {
  userId: string;
  channel: ChannelKind;
  /** The learner's direct conversation with Lumen, where nudges go; empty until they have one. */
  conversationKey: string;
  name?: string;
  email?: string;
  groups: string[];
  /** IANA time zone, e.g. `Europe/Lisbon`; UTC when the channel did not say. */
  timeZone?: string;
  lastSeenAt: Date;
}

/** A learner's own choices about nudges. */
export interface LearnerControls {
  userId: string;
  optedOut: boolean;
  /** No nudges before this time. */
  pausedUntil?: Date;
}

/** Where a learner is in a lesson. */
export type LessonStep = 'confidence_before' | 'screen' | 'quiz' | 'confidence_after' | 'completed';

export interface LessonProgress {
  userId: string;
  lessonId: string;
  step: LessonStep;
  /** Screen or question index within the step. */
  position: number;
  confidenceBefore?: number;
  confidenceAfter?: number;
  correct: number;
  answered: number;
  useful?: boolean;
  startedAt: Date;
  completedAt?: Date;
  updatedAt: Date;
}

export interface QuizAnswerRecord {
  userId: string;
  lessonId: string;
  question: number;
  choice: number;
  correct: boolean;
  /** True when the question came back as a spaced-repetition review. */
  review: boolean;
  answeredAt: Date;
}

/** A missed question's spaced-repetition card; `card` is the scheduler's state as JSON. */
export interface ReviewCardRecord {
  userId: string;
  lessonId: string;
  question: number;
  due: Date;
  card: string;
}

/** Learners, their progress, quiz answers and review cards. */
export interface LessonRepository {
  saveLearner(profile: LearnerProfile): Promise<void>;
  getLearner(userId: string): Promise<LearnerProfile | undefined>;
  listLearners(): Promise<LearnerProfile[]>;
  /** Remembers that the learner was seen in a conversation (a channel, a team, a DM). */
  noteConversation(userId: string, conversationKey: string, at: Date): Promise<void>;
  /** Learners seen in conversations whose key starts with `prefix`. */
  membersOf(prefix: string): Promise<string[]>;
  getControls(userId: string): Promise<LearnerControls>;
  saveControls(controls: LearnerControls): Promise<void>;
  /** Every lesson the learner has started, oldest first. */
  listProgress(userId: string): Promise<LessonProgress[]>;
  getProgress(userId: string, lessonId: string): Promise<LessonProgress | undefined>;
  saveProgress(progress: LessonProgress): Promise<void>;
  /** Progress of many learners on one lesson, for reports. */
  progressOn(lessonId: string): Promise<LessonProgress[]>;
  recordAnswer(answer: QuizAnswerRecord): Promise<void>;
  answersOn(lessonId: string): Promise<QuizAnswerRecord[]>;
  getCard(userId: string, lessonId: string, question: number): Promise<ReviewCardRecord | undefined>;
  saveCard(card: ReviewCardRecord): Promise<void>;
  deleteCard(userId: string, lessonId: string, question: number): Promise<void>;
  /** The learner's cards due at `now`, most overdue first. */
  dueCards(userId: string, now: Date, limit: number): Promise<ReviewCardRecord[]>;
}
