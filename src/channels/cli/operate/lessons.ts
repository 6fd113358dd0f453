import { lessonFolders } from '../../../app/create-lumen.js';
import { readLessonFolders } from '../../../core/lessons/lesson-catalog.js';
import { lessonQualityReport } from '../../../core/lessons/lesson-quality.js';
import { commandConfig, withLumen } from '../cli-context.js';

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
      ? `${plural(lessons.length, 'lesson')} with ${plural(questions, 'quiz question')} ${lessons.length === 1 ? 'is' : 'are'} valid.\n`
      : `${errors.length} problem${errors.length === 1 ? '' : 's'} in ${folders.join(', ')}.\n`;
  (errors.length === 0 ? process.stdout : process.stderr).write(summary);
  return errors.length === 0;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function csvCell(value: string | number | undefined): string {
  const text = value === undefined ? '' : String(value);
  return /[",\n\r]/.test(text) || /^[=+\-@]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** `lumen lessons report [--json|--csv]`: reach, scores, confidence and usefulness of each lesson. */
export async function lessonsReportCommand(options: { dataDir?: string; json?: boolean; csv?: boolean }) {
  await withLumen(options, async (lumen) => {
    const report = await lessonQualityReport(lumen.store, lumen.lessons);
    if (options.json) return void process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    if (options.csv) {
      const rows = report.map((r) =>
        [
          r.lessonId,
          r.title,
          r.started,
          r.completed,
          r.quizScore?.toFixed(3),
          r.confidenceChange?.toFixed(2),
          r.useful?.yes,
          r.useful?.no,
        ]
          .map(csvCell)
          .join(','),
      );
      const header = 'lesson,title,started,completed,quizScore,confidenceChange,usefulYes,usefulNo';
      return void process.stdout.write(`${[header, ...rows].join('\n')}\n`);
    }
    const pct = (x?: number) => (x === undefined ? '  -' : `${Math.round(x * 100)}%`.padStart(4));
    for (const r of report) {
      const useful = r.useful ? `useful ${r.useful.yes}/${r.useful.yes + r.useful.no}` : '';
      const confidence =
        r.confidenceChange === undefined
          ? ''
          : `confidence ${r.confidenceChange >= 0 ? '+' : ''}${r.confidenceChange.toFixed(1)}`;
      process.stdout.write(
        `${r.lessonId.padEnd(30)} started ${String(r.started).padStart(4)}  completed ${String(r.completed).padStart(4)}  score ${pct(r.quizScore)}  ${confidence}  ${useful}\n`,
      );
    }
    process.stdout.write(
      'Scores, confidence and usefulness show once at least 5 people completed a lesson.\n',
    );
  });
}
