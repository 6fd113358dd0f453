import type { EpochMs } from './columns.js';

/** Rows of the lesson and campaign tables created by migration 003-lessons. */
export interface LessonTables {
  learners: {
    user_id: string;
    channel: string;
    conversation_key: string;
    name: string | null;
    email: string | null;
    groups: string;
    time_zone: string | null;
    opted_out: number;
    paused_until: EpochMs | null;
    last_seen_at: EpochMs;
  };
  learner_conversations: { user_id: string; conversation_key: string; seen_at: EpochMs };
  lesson_progress: {
    user_id: string;
    lesson_id: string;
    step: string;
    position: number;
    confidence_before: number | null;
    confidence_after: number | null;
    correct: number;
    answered: number;
    useful: number | null;
    started_at: EpochMs;
    completed_at: EpochMs | null;
    updated_at: EpochMs;
  };
  quiz_answers: {
    user_id: string;
    lesson_id: string;
    question: number;
    choice: number;
    correct: number;
    review: number;
    answered_at: EpochMs;
  };
  review_cards: { user_id: string; lesson_id: string; question: number; due: EpochMs; card: string };
  campaigns: {
    id: string;
    name: string;
    lesson_id: string | null;
    message: string | null;
    audience: string;
    starts_at: EpochMs;
    delivery_window: string;
    reminders: string;
    caps: string;
    status: string;
    created_by: string;
    created_at: EpochMs;
  };
  campaign_recipients: {
    campaign_id: string;
    user_id: string;
    channel: string;
    conversation_key: string;
    time_zone: string | null;
    state: string;
    step: number;
    next_at: EpochMs;
    attempts: number;
    lease_until: EpochMs | null;
    last_sent_at: EpochMs | null;
    sent_count: number;
    opened_at: EpochMs | null;
    error: string | null;
  };
  nudge_log: { user_id: string; campaign_id: string; sent_at: EpochMs };
}
