/** One answer a quiz question offers, with why it is right or wrong. */
export interface QuizChoice {
  text: string;
  correct: boolean;
  explanation: string;
}

/** A multiple-choice question with exactly one correct choice. */
export interface QuizQuestion {
  question: string;
  choices: QuizChoice[];
}

/** A micro-lesson: a few short screens of Markdown and one to three quiz questions. */
export interface Lesson {
  id: string;
  title: string;
  /** Curriculum track, e.g. `foundations`, `safety`, `managers`. */
  track: string;
  /** Roles the lesson is for; `everyone` matches every learner, other roles match a learner's groups. */
  audience: string[];
  minutes: number;
  /** Lessons to complete first. */
  prerequisites: string[];
  /** The body, split into screens short enough for a chat bubble. */
  screens: string[];
  quiz: QuizQuestion[];
  /** The file the lesson came from. */
  file: string;
  /** Order within the curriculum: lower first. */
  order: number;
}

/** Longest lesson screen, in characters: about what a chat bubble shows without scrolling. */
export const MAX_SCREEN_CHARS = 1_200;

/** Whether a lesson is meant for someone with these groups. */
export function isLessonFor(lesson: Lesson, groups: readonly string[]): boolean {
  if (lesson.audience.includes('everyone')) return true;
  const mine = new Set(groups.map((g) => g.toLowerCase()));
  return lesson.audience.some((role) => mine.has(role.toLowerCase()));
}
