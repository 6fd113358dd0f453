import { plainReply } from '../replies.js';
import type { Reply, ReplyAction } from '../reply.js';
import type { Lesson, QuizQuestion } from './lesson.js';

const LETTERS = 'ABCDE';

/** Asks how confident the learner feels, 1 to 5, before or after a lesson. */
export function confidenceReply(lesson: Lesson, stage: 'before' | 'after'): Reply {
  const intro =
    stage === 'before'
      ? `**${lesson.title}** · about ${lesson.minutes} min\n\nBefore we start: how confident do you feel about this topic?`
      : 'Last step: how confident do you feel about this topic now?';
  const actions: ReplyAction[] = [1, 2, 3, 4, 5].map((value) => ({
    label: String(value),
    payload: { name: 'confidence', lessonId: lesson.id, stage, value },
  }));
  return plainReply('lesson', `${intro}\n\n1 = not at all, 5 = very confident.`, { actions });
}

/** One screen of a lesson with a button to the next screen or to the quiz. */
export function screenReply(lesson: Lesson, index: number): Reply {
  const last = index === lesson.screens.length - 1;
  const heading = `**${lesson.title}** (${index + 1}/${lesson.screens.length})`;
  return plainReply('lesson', `${heading}\n\n${lesson.screens[index]}`, {
    actions: [
      {
        label: last ? 'Start the quiz' : 'Next',
        style: 'primary',
        payload: { name: 'lesson_next', lessonId: lesson.id, screen: index + 1 },
      },
    ],
  });
}

/** A quiz question with one button per choice. */
export function questionReply(lesson: Lesson, index: number, review = false): Reply {
  const question = lesson.quiz[index]!;
  const heading = review
    ? `**Quick review** from *${lesson.title}*`
    : `**Quiz** · question ${index + 1} of ${lesson.quiz.length}`;
  const lines = question.choices.map((c, i) => `**${LETTERS[i]}.** ${c.text}`);
  return plainReply('quiz', `${heading}\n\n${question.question}\n\n${lines.join('\n')}`, {
    actions: question.choices.map((_, choice) => ({
      label: LETTERS[choice]!,
      payload: {
        name: 'quiz_answer',
        lessonId: lesson.id,
        question: index,
        choice,
        ...(review ? { review: true } : {}),
      },
    })),
  });
}

/** Right or wrong, with the explanation of the chosen answer and, when wrong, of the right one. */
export function answerFeedbackText(question: QuizQuestion, choice: number): string {
  const chosen = question.choices[choice]!;
  if (chosen.correct) return `✅ **Correct.** ${chosen.explanation}`;
  const right = question.choices.findIndex((c) => c.correct);
  const rightChoice = question.choices[right]!;
  return [
    `❌ **Not quite.** ${chosen.explanation}`,
    '',
    `The answer is **${LETTERS[right]}. ${rightChoice.text}** ${rightChoice.explanation}`,
    '',
    "I'll bring this question back in a later session.",
  ].join('\n');
}

/** A button that continues wherever the learner is. */
export function continueAction(label: string, lessonId?: string): ReplyAction {
  return { label, style: 'primary', payload: { name: 'lesson_start', ...(lessonId ? { lessonId } : {}) } };
}
