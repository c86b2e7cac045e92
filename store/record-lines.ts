// Per-trial logs in a folder store are JSON Lines files that several processes append to over
// a search's life. A writer killed mid-append (kill -9 during a large record, a full disk)
// leaves a torn last line without its newline. Two rules keep that from costing more than the
// torn record itself:
// - a writer that finds the file not ending in a newline first closes the torn line with
//   TORN_MARK and a newline, so its own record starts on a fresh line instead of gluing onto
//   the torn one (which would damage both);
// - readers skip a torn last line and lines closed with TORN_MARK, and report them; any other
//   line that is not JSON is damage, refused with the file and line number.
import { ArtifactCorruptError } from './errors';

/**
 * Closes a torn line. JSON.stringify never writes a raw tab, so a line ending with this cannot
 * be a record, and it reads as an explanation to whoever opens the file.
 */
export const TORN_MARK = '\t<- torn record: its writer was interrupted; readers skip this line';

/** A line a reader skipped: where it is, and whether it was the log's last (newest) line. */
export interface SkippedRecord {
  /** The log's file (or object key), as it names it in messages. */
  where: string;
  /** 1-based line number. */
  line: number;
  last: boolean;
}

/** What to put before a record appended to a log whose current last byte is `lastByte`. */
export function appendPrefix(lastByte: number | undefined): string {
  return lastByte === undefined || lastByte === 0x0a ? '' : `${TORN_MARK}\n`;
}

/** The records of a log's text, torn lines skipped (and passed to `onSkipped`). */
export function parseRecordLines(text: string, where: string, onSkipped?: (skipped: SkippedRecord) => void): unknown[] {
  const lines = text.split('\n');
  // The piece after the final newline: '' for a log whose last append completed.
  const tail = lines.pop() ?? '';
  const records: unknown[] = [];
  lines.forEach((line, i) => {
    if (line.length === 0) return;
    if (line.endsWith(TORN_MARK)) {
      onSkipped?.({ where, line: i + 1, last: false });
      return;
    }
    try {
      records.push(JSON.parse(line) as unknown);
    } catch (err) {
      throw new ArtifactCorruptError(
        `${where}: line ${i + 1} of ${lines.length} is not a JSON record (${(err as Error).message}); it is not a torn append (those are the last line, or end with the torn mark), so the log is damaged: repair or remove that line`,
      );
    }
  });
  if (tail.length > 0) onSkipped?.({ where, line: lines.length + 1, last: true });
  return records;
}
