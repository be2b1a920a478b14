/**
 * What the page and its worker (worker.ts) say to each other: plain data and typed arrays,
 * which cross between threads by structured clone, the arrays transferred.
 *
 * @module
 */
import type { SimConfig } from '@scavsim/core';
import type { CHECKED_SERIES, SeriesError, VariantSummary } from '@scavsim/replay';
import type { ProcessSummary, RunChunk, RunLayout } from './run-data.js';

/** Which run a request is for. */
export type RunRole = 'main' | 'pin';

/** Page → worker: simulate a config. */
export interface RunRequest {
  readonly kind: 'run';
  readonly seq: number;
  readonly role: RunRole;
  readonly config: SimConfig;
  /** For a replayed file's run: the what-if's label, to have replay's figures of the run under it. */
  readonly variant?: string;
}

/** Page → worker: read, fit and replay these files (one run). */
export interface FitRequest {
  readonly kind: 'fit';
  readonly seq: number;
  /** The dropped files (`File` objects survive the trip to the worker, which reads them as streams). */
  readonly files: readonly { readonly name: string; stream(): ReadableStream<Uint8Array> }[];
}

/** A rejected config or file, as plain data (a class does not survive the trip between threads). */
export interface RunError {
  readonly code?: string;
  readonly field?: string;
  readonly accepted?: string;
  readonly message: string;
}

/** Worker → page, for a run: its layout, chunks of rows as they are simulated, the last chunk with the summary. */
export type RunReply =
  | { readonly seq: number; readonly role: RunRole; readonly kind: 'start'; readonly layout: RunLayout }
  | { readonly seq: number; readonly role: RunRole; readonly kind: 'chunk'; readonly chunk: RunChunk; readonly fraction: number }
  | {
    readonly seq: number; readonly role: RunRole; readonly kind: 'done'; readonly chunk: RunChunk;
    readonly summary: readonly ProcessSummary[]; readonly variant?: VariantSummary;
  }
  | { readonly seq: number; readonly role: RunRole; readonly kind: 'error'; readonly error: RunError };

/** An observed series the chart draws beside a replayed run. */
export type ObservedField = (typeof CHECKED_SERIES)[number];

/** The telemetry's own series on the replay's clock (ms). */
export interface ObservedColumns {
  readonly t: Float64Array;
  /** `VmRSS`, `HeapInuse`, `HeapReleased`: those the telemetry has (NaN where a series does not reach). */
  readonly cols: Readonly<Partial<Record<ObservedField, Float64Array>>>;
}

/** What the page keeps of a fitted file. */
export interface Fitted {
  readonly config: SimConfig;
  /** The files and the fit in a sentence. */
  readonly title: string;
  readonly observed: ObservedColumns;
  /** replay's check of the fitted run against the telemetry, series by series. */
  readonly check: readonly SeriesError[];
  /** replay's figures of the fitted run. */
  readonly fitted: VariantSummary;
  /** The same figures of the telemetry itself (`observedSummary`); null without an RSS series. */
  readonly observedFigures: VariantSummary | null;
}

/** Worker → page, for a fit. */
export type FitReply =
  | ({ readonly seq: number; readonly kind: 'fitted' } & Fitted)
  | { readonly seq: number; readonly kind: 'fit-error'; readonly error: RunError };

/** Every message the worker sends. */
export type WorkerReply = RunReply | FitReply;
