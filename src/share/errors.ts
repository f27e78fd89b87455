/**
 * The one error a snapshot (a link's `p=` or a `.parkscope` file) fails with, whatever is wrong
 * with it: every reader here throws only this, with a `code` the page can act on and a message a
 * user understands. It is a ParseError, so the load path reports it as the input's error.
 */
import { ParseError } from '../formats/types';

export type SnapshotErrorCode =
  /** not a Parkscope snapshot at all (no magic, or a link parameter that is not base64url) */
  | 'not-a-snapshot'
  /** written by a newer Parkscope whose encoding this one does not know */
  | 'newer-version'
  /** cut short: a link that lost its end when it was copied or pasted */
  | 'truncated'
  /** altered or damaged: the checksum, the compressed data or a table does not hold together */
  | 'corrupt'
  /** larger than this reader accepts */
  | 'too-large';

export class SnapshotError extends ParseError {
  constructor(
    readonly code: SnapshotErrorCode,
    detail: string,
  ) {
    super(`${LEAD[code]}: ${detail}`);
    this.name = 'SnapshotError';
  }
}

const LEAD: Record<SnapshotErrorCode, string> = {
  'not-a-snapshot': 'not a Parkscope snapshot',
  'newer-version': 'this snapshot was made by a newer Parkscope',
  truncated: 'this snapshot is incomplete (the link or file was cut short)',
  corrupt: 'this snapshot is damaged or was altered',
  'too-large': 'this snapshot is too large to open',
};
