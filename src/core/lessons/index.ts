export * from './lesson.js';
export * from './lesson-catalog.js';
export { LessonCoach } from './lesson-coach.js';
export type * from './lesson-ports.js';
export { type LessonQuality, lessonQualityReport } from './lesson-quality.js';
export { LessonFileError, parseLesson } from './parse-lesson.js';
