import { isTimeZone } from '../campaigns/local-time.js';
import type { Clock, Store } from '../ports.js';
import { plainReply } from '../replies.js';
import type { LessonActionPayload, Reply } from '../reply.js';
import type { Turn } from '../turn.js';
import { conversationKey } from '../turn.js';
import { completionReply, learnerStanding, progressReply } from './learner-standing.js';
import { isLessonFor, type Lesson } from './lesson.js';
import { type LessonCatalog, nextLesson } from './lesson-catalog.js';
import type { LessonProgress } from './lesson-ports.js';
import {
  answerFeedbackText,
  confidenceReply,
  continueAction,
  questionReply,
  screenReply,
} from './lesson-replies.js';
import { scheduleReview } from './review-schedule.js';

/** How often an unchanged learner is written again, refreshing when they were last seen. */
const REMEMBER_EVERY_MS = 60 * 60_000;
const REMEMBERED_MAX = 10_000;

type LessonAction = Exclude<LessonActionPayload, { name: 'nudge_control' }>;

const START = /^(\/lumen\s+)?(lesson|lessons|next lesson|start( a)? lesson|teach me)[.!]?$/i;
const PROGRESS = /^(\/lumen\s+)?(lesson progress|my progress|progress)[.!?]?$/i;

/** A learner's lesson, answers and scores are theirs alone, even when asked for in a shared channel. */
function privately(turn: Turn, reply: Reply): Reply {
  return turn.conversation.kind === 'direct' ? reply : { ...reply, visibility: 'asker' };
}

/** Runs micro-lessons: resumes where the learner stopped, quizzes, reviews missed questions. */
export class LessonCoach {
  /** Who was recorded lately, and as what; a cache that only saves writes. */
  private readonly remembered = new Map<string, { signature: string; at: number }>();

  constructor(
    private readonly catalog: LessonCatalog,
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /** Whether a message is a lesson command. */
  isCommand(text: string): boolean {
    return START.test(text.trim()) || PROGRESS.test(text.trim());
  }

  /**
   * Remembers who wrote and where, so campaigns can reach them later. Only a direct
   * conversation becomes the place nudges go; shared ones are noted for audiences. A learner
   * seen again with nothing new is written at most once an hour, so chatting costs no write.
   * Anonymous web sessions are not remembered: they are not people an audience can count.
   */
  async remember(turn: Turn): Promise<void> {
    // Every anonymous browser session would count as another person in campaign audiences.
    if (turn.user.anonymous) return;
    const key = conversationKey(turn);
    const direct = turn.conversation.kind === 'direct';
    const now = this.clock.now();
    const signature = JSON.stringify([key, turn.user.name, turn.user.email, turn.user.groups, turn.timeZone]);
    const last = this.remembered.get(turn.user.id);
    if (last?.signature === signature && now.getTime() - last.at < REMEMBER_EVERY_MS) return;
    const known = direct ? undefined : await this.store.lessons.getLearner(turn.user.id);
    await this.store.lessons.saveLearner({
      userId: turn.user.id,
      channel: direct ? turn.channel : (known?.channel ?? turn.channel),
      conversationKey: direct ? key : (known?.conversationKey ?? ''),
      ...(turn.user.name ? { name: turn.user.name } : {}),
      ...(turn.user.email ? { email: turn.user.email } : {}),
      groups: turn.user.groups ?? [],
      ...(turn.timeZone && isTimeZone(turn.timeZone) ? { timeZone: turn.timeZone } : {}),
      lastSeenAt: now,
    });
    if (!direct) await this.store.lessons.noteConversation(turn.user.id, key, now);
    if (this.remembered.size >= REMEMBERED_MAX) this.remembered.clear();
    this.remembered.set(turn.user.id, { signature, at: now.getTime() });
  }

  async handleText(turn: Turn, text: string): Promise<Reply> {
    const reply = PROGRESS.test(text.trim()) ? await this.progressReply(turn) : await this.start(turn);
    return privately(turn, reply);
  }

  async handleAction(turn: Turn, action: LessonAction): Promise<Reply> {
    return privately(turn, await this.dispatch(turn, action));
  }

  private async dispatch(turn: Turn, action: LessonAction): Promise<Reply> {
    switch (action.name) {
      case 'lesson_start':
        if (action.campaignId)
          await this.store.campaigns.markOpened(action.campaignId, turn.user.id, this.clock.now());
        return this.start(turn, action.lessonId);
      case 'lesson_next':
        return this.next(turn, action.lessonId, action.screen);
      case 'quiz_answer':
        return action.review ? this.review(turn, action) : this.answer(turn, action);
      case 'confidence':
        return this.confidence(turn, action);
      case 'lesson_feedback':
        return this.feedback(turn, action.lessonId, action.useful);
    }
  }

  /** Due reviews first, then the lesson in progress, else the next unlocked lesson for this learner. */
  private async start(turn: Turn, lessonId?: string): Promise<Reply> {
    const now = this.clock.now();
    const userId = turn.user.id;
    const due = await this.store.lessons.dueCards(userId, now, 10);
    for (const card of lessonId ? [] : due) {
      const lesson = this.catalog.get(card.lessonId);
      if (lesson?.quiz[card.question]) return questionReply(lesson, card.question, true);
    }
    const all = await this.store.lessons.listProgress(userId);
    const completed = new Set(all.filter((p) => p.step === 'completed').map((p) => p.lessonId));
    const open = all.filter((p) => p.step !== 'completed').sort((a, b) => +b.updatedAt - +a.updatedAt)[0];
    let lesson: Lesson | undefined;
    if (lessonId) {
      lesson = this.lessonFor(turn, lessonId);
      if (!lesson)
        return plainReply('notice', "I couldn't find that lesson. Say **lesson** to get your next one.");
      const missing = lesson.prerequisites.filter((p) => !completed.has(p));
      if (missing.length > 0) {
        const names = missing.map((id) => `*${this.catalog.get(id)?.title ?? id}*`).join(', ');
        return plainReply('notice', `**${lesson.title}** builds on ${names}. Let's do that first.`, {
          actions: [continueAction('Start', missing[0])],
        });
      }
    } else {
      lesson = nextLesson(this.catalog, turn.user.groups ?? [], completed, open?.lessonId);
    }
    if (!lesson) return this.allDone(completed.size);
    const progress = all.find((p) => p.lessonId === lesson.id);
    // A completed lesson keeps its record; starting it again only says so.
    if (progress) return this.render(lesson, progress);
    const fresh: LessonProgress = {
      userId,
      lessonId: lesson.id,
      step: 'confidence_before',
      position: 0,
      correct: 0,
      answered: 0,
      startedAt: now,
      updatedAt: now,
    };
    await this.store.lessons.saveProgress(fresh);
    return this.render(lesson, fresh);
  }

  private render(lesson: Lesson, p: LessonProgress): Reply {
    switch (p.step) {
      case 'confidence_before':
        return confidenceReply(lesson, 'before');
      case 'screen':
        return screenReply(lesson, Math.min(p.position, lesson.screens.length - 1));
      case 'quiz':
        return questionReply(lesson, Math.min(p.position, lesson.quiz.length - 1));
      case 'confidence_after':
        return confidenceReply(lesson, 'after');
      case 'completed':
        return plainReply('lesson', `You've already completed **${lesson.title}**.`, {
          actions: [continueAction('Next lesson')],
        });
    }
  }

  /**
   * A lesson by id, only when it is meant for this learner: a lesson for another audience
   * (managers) is as unknown to everyone else as one that does not exist.
   */
  private lessonFor(turn: Turn, lessonId: string): Lesson | undefined {
    const lesson = this.catalog.get(lessonId);
    return lesson && isLessonFor(lesson, turn.user.groups ?? []) ? lesson : undefined;
  }

  /** Loads the lesson and progress an action refers to; `undefined` when the button is stale. */
  private async current(turn: Turn, lessonId: string) {
    const lesson = this.lessonFor(turn, lessonId);
    const progress = lesson ? await this.store.lessons.getProgress(turn.user.id, lessonId) : undefined;
    return lesson && progress ? { lesson, progress } : undefined;
  }

  private async next(turn: Turn, lessonId: string, screen: number): Promise<Reply> {
    const found = await this.current(turn, lessonId);
    if (!found) return this.start(turn);
    const { lesson, progress } = found;
    // Only the button of the screen on show moves on; an old button re-shows where the learner is.
    if (progress.step !== 'screen' || screen !== progress.position + 1) return this.render(lesson, progress);
    const updated: LessonProgress =
      screen >= lesson.screens.length
        ? { ...progress, step: 'quiz', position: 0, updatedAt: this.clock.now() }
        : { ...progress, position: screen, updatedAt: this.clock.now() };
    await this.store.lessons.saveProgress(updated);
    return this.render(lesson, updated);
  }

  private async confidence(
    turn: Turn,
    action: Extract<LessonAction, { name: 'confidence' }>,
  ): Promise<Reply> {
    const found = await this.current(turn, action.lessonId);
    if (!found) return this.start(turn);
    const { lesson, progress } = found;
    const value = Math.max(1, Math.min(5, Math.round(action.value)));
    const now = this.clock.now();
    if (action.stage === 'before' && progress.step === 'confidence_before') {
      const updated: LessonProgress = {
        ...progress,
        confidenceBefore: value,
        step: 'screen',
        position: 0,
        updatedAt: now,
      };
      await this.store.lessons.saveProgress(updated);
      return this.render(lesson, updated);
    }
    if (action.stage === 'after' && progress.step === 'confidence_after') {
      const updated: LessonProgress = {
        ...progress,
        confidenceAfter: value,
        step: 'completed',
        completedAt: now,
        updatedAt: now,
      };
      await this.store.lessons.saveProgress(updated);
      return this.completed(turn, lesson, updated);
    }
    return this.render(lesson, progress);
  }

  private async answer(turn: Turn, action: Extract<LessonAction, { name: 'quiz_answer' }>): Promise<Reply> {
    const found = await this.current(turn, action.lessonId);
    if (!found) return this.start(turn);
    const { lesson, progress } = found;
    const question = lesson.quiz[action.question];
    if (
      progress.step !== 'quiz' ||
      progress.position !== action.question ||
      !question?.choices[action.choice]
    ) {
      return this.render(lesson, progress);
    }
    const now = this.clock.now();
    const correct = question.choices[action.choice]!.correct;
    await this.recordAnswer(turn, action, correct, false, now);
    if (!correct) {
      const scheduled = scheduleReview(undefined, false, now);
      await this.store.lessons.saveCard({
        userId: turn.user.id,
        lessonId: lesson.id,
        question: action.question,
        ...scheduled,
      });
    }
    const last = action.question + 1 >= lesson.quiz.length;
    const updated: LessonProgress = {
      ...progress,
      correct: progress.correct + (correct ? 1 : 0),
      answered: progress.answered + 1,
      step: last ? 'confidence_after' : 'quiz',
      position: last ? 0 : action.question + 1,
      updatedAt: now,
    };
    await this.store.lessons.saveProgress(updated);
    return plainReply('quiz_feedback', answerFeedbackText(question, action.choice), {
      actions: [continueAction(last ? 'Finish' : 'Next question', lesson.id)],
    });
  }

  private recordAnswer(
    turn: Turn,
    action: Extract<LessonAction, { name: 'quiz_answer' }>,
    correct: boolean,
    review: boolean,
    answeredAt: Date,
  ): Promise<void> {
    const { lessonId, question, choice } = action;
    return this.store.lessons.recordAnswer({
      userId: turn.user.id,
      lessonId,
      question,
      choice,
      correct,
      review,
      answeredAt,
    });
  }

  private async review(turn: Turn, action: Extract<LessonAction, { name: 'quiz_answer' }>): Promise<Reply> {
    const lesson = this.lessonFor(turn, action.lessonId);
    const question = lesson?.quiz[action.question];
    const card = await this.store.lessons.getCard(turn.user.id, action.lessonId, action.question);
    const now = this.clock.now();
    if (!lesson || !question?.choices[action.choice] || !card || card.due > now) return this.start(turn);
    const correct = question.choices[action.choice]!.correct;
    await this.recordAnswer(turn, action, correct, true, now);
    const scheduled = scheduleReview(card.card, correct, now);
    await this.store.lessons.saveCard({ ...card, ...scheduled });
    const text = answerFeedbackText(question, action.choice).replace(
      "I'll bring this question back in a later session.",
      "I'll ask this one again soon.",
    );
    return plainReply('quiz_feedback', text, { actions: [continueAction('Continue')] });
  }

  private async completed(turn: Turn, lesson: Lesson, p: LessonProgress): Promise<Reply> {
    return completionReply(
      lesson,
      p,
      await learnerStanding(this.store, this.catalog, turn, this.clock.now()),
    );
  }

  private async feedback(turn: Turn, lessonId: string, useful: boolean): Promise<Reply> {
    const progress = await this.store.lessons.getProgress(turn.user.id, lessonId);
    if (!progress)
      return plainReply('notice', "You haven't taken that lesson yet. Say **lesson** to start one.");
    await this.store.lessons.saveProgress({ ...progress, useful, updatedAt: this.clock.now() });
    return plainReply('feedback_thanks', 'Thanks! Your rating helps the learning team improve the lessons.', {
      actions: [continueAction('Next lesson')],
    });
  }

  private async progressReply(turn: Turn): Promise<Reply> {
    return progressReply(await learnerStanding(this.store, this.catalog, turn, this.clock.now()));
  }

  private allDone(completed: number): Reply {
    const text =
      completed > 0
        ? `You've completed all ${completed} lessons available to you. Well done! New lessons will show up here.`
        : 'There are no lessons for you right now.';
    return plainReply('lesson', text);
  }
}
