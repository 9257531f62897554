/** Retro-hunts: replay scheduled detections over an archive in one pass per slice (issue 5). */
export { daysDone, makeSchedule, parseDuration, runTimes, scheduleDays, type Schedule } from './schedule.js';
export { findingsSql, replayStatement, timeColumn, type ReplayStatement } from './replay.js';
export { FINDING_COLUMNS, huntToStore, perDaySummary, sliceFindingsSql, slices, type HuntProgress, type SliceResult } from './run.js';
