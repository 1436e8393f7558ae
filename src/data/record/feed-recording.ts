/**
 * The part of `tradebot record` every venue shares: a WsFeed whose connection events and frames
 * go to the recording file as they happen, and sending that leaves a Sent record behind.
 *
 * The listeners here are registered before any venue's own, so a frame is in the file before
 * whatever the recorder sends in answer to it: the file reads in the order things happened.
 */

import { WsFeed, type WsFeedOptions } from '../venues/ws-feed.js';
import { RecordingWriter, recordingClockUs } from './recording-file.js';
import type { RecordingProtocol } from './recording-file.js';

/** One venue's connection being recorded. */
export interface VenueRecorder {
  readonly feed: WsFeed;
  /** REST snapshot requests that failed (Binance only; the others have none). */
  snapshotFailures(): number;
  /** Stop connecting and requesting; resolves once nothing more will be written. */
  stop(): Promise<void>;
}

/** What a venue's recording is, known before the file is opened (its header), and how to start it. */
export interface RecorderPlan {
  protocol: RecordingProtocol;
  wsUrl: string;
  /** Alpaca's stock feed. */
  feed?: string;
  start(writer: RecordingWriter, log: (line: string) => void): VenueRecorder;
}

/** A WsFeed (not started) whose opens, closes and frames are written to `writer`. */
export function recordedFeed(writer: RecordingWriter, options: WsFeedOptions, log: (line: string) => void): WsFeed {
  const feed = new WsFeed(options);
  feed.on('frame', (data) => writer.appendFrame(data, recordingClockUs()));
  feed.on('open', () => writer.appendConnection('open', options.url, recordingClockUs()));
  feed.on('close', (reason, retryInMs) => {
    writer.appendConnection('close', reason, recordingClockUs());
    log(`record: connection closed (${reason})${retryInMs === null ? '' : `, reconnecting in ${retryInMs} ms`}`);
  });
  feed.on('failed', (reason) => log(`record: stream failed for good: ${reason}`));
  return feed;
}

/**
 * Send `text` on the feed and record it as sent; `recordedAs` replaces it in the file when the
 * frame carries credentials. Nothing is recorded for a frame that could not be sent.
 */
export function sendRecorded(feed: WsFeed, writer: RecordingWriter, text: string, recordedAs = text): boolean {
  if (!feed.send(text)) return false;
  writer.appendSent(recordedAs, recordingClockUs());
  return true;
}
