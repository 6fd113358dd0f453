import { lessonFolders } from '../../app.js';
import { readLessonFolders } from '../../core/lessons/lesson-catalog.js';
import { commandConfig } from './cli-context.js';

/** `lumen lessons list [--json]`: id, title, track and minutes of every lesson. */
export async function listLessonsCommand(options: { json?: boolean; dataDir?: string }): Promise<boolean> {
  const { lessons, errors } = readLessonFolders(lessonFolders(commandConfig(options)));
  if (options.json) {
    const rows = lessons.map(({ id, title, track, audience, minutes, prerequisites, screens, quiz }) => ({
      id,
      title,
      track,
      audience,
      minutes,
      prerequisites,
      screens: screens.length,
      questions: quiz.length,
    }));
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  } else {
    const width = Math.max(2, ...lessons.map((l) => l.id.length));
    process.stdout.write(`${'id'.padEnd(width)}  ${'track'.padEnd(15)}  min  title\n`);
    for (const l of lessons) {
      process.stdout.write(
        `${l.id.padEnd(width)}  ${l.track.padEnd(15)}  ${String(l.minutes).padStart(3)}  ${l.title}\n`,
      );
    }
  }
  for (const error of errors) process.stderr.write(`${error.message}\n`);
  return errors.length === 0;
}

/** `lumen lessons validate [folder]`: every problem with file, line and field; exit 1 when any. */
export async function validateLessonsCommand(
  folder: string | undefined,
  options: { dataDir?: string },
): Promise<boolean> {
  const folders = folder ? [folder] : lessonFolders(commandConfig(options));
  const { lessons, errors } = readLessonFolders(folders);
  for (const error of errors) process.stderr.write(`${error.message}\n`);
  const questions = lessons.reduce((n, l) => n + l.quiz.length, 0);
  const summary =
    errors.length === 0
      ? `${lessons.length} lessons with ${questions} quiz questions are valid.\n`
      : `${errors.length} problem${errors.length === 1 ? '' : 's'} in ${folders.join(', ')}.\n`;
  (errors.length === 0 ? process.stdout : process.stderr).write(summary);
  return errors.length === 0;
}
