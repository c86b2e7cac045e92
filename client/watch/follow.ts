// Follows a search until it ends, showing its progress in one of three ways: redrawn in place on
// a terminal, one line per change for logs and pipes, or one JSON object per change.
import type { Client } from '@temporalio/client';
import { renderBlock, renderJson, renderLine } from './render';
import { takeSnapshot, type WatchSnapshot } from './snapshot';

export type WatchMode = 'tty' | 'plain' | 'json';

export interface FollowOptions {
  mode: WatchMode;
  out: NodeJS.WritableStream & { columns?: number };
  intervalMs: number;
}

/** The mode that suits a stream: in place only on a terminal, plain lines otherwise. */
export function modeFor(stream: { isTTY?: boolean }, json: boolean): WatchMode {
  if (json) return 'json';
  return stream.isTTY && process.env.TERM !== 'dumb' ? 'tty' : 'plain';
}

const HIDE_CURSOR = '\x1b[?25l';
const SHOW_CURSOR = '\x1b[?25h';

/** Resolves with the last snapshot, once the search is no longer running. */
export async function followSearch(client: Client, searchId: string, opts: FollowOptions): Promise<WatchSnapshot> {
  const view = viewFor(opts);
  const restore = (): void => view.close();
  process.once('exit', restore);
  try {
    for (;;) {
      const snapshot = await takeSnapshot(client, searchId);
      view.show(snapshot);
      if (snapshot.status !== 'running') return snapshot;
      await new Promise((resolve) => setTimeout(resolve, opts.intervalMs));
    }
  } finally {
    view.close();
    process.off('exit', restore);
  }
}

interface View {
  show(snapshot: WatchSnapshot): void;
  close(): void;
}

/** The block being redrawn on a terminal, if any: other messages must go above it. */
let liveBlock: { out: NodeJS.WritableStream; above(line: string): void } | undefined;

/**
 * Writes a message line to `out`. While a live block is drawn there, the line goes above it and
 * the block is redrawn below, instead of the block's next redraw overwriting the message.
 */
export function writeLine(out: NodeJS.WritableStream, line: string): void {
  if (liveBlock?.out === out) liveBlock.above(line);
  else out.write(`${line}\n`);
}

function viewFor(opts: FollowOptions): View {
  const write = (text: string): void => void opts.out.write(text);
  if (opts.mode === 'tty') {
    let drawn: string[] = [];
    let closed = false;
    const draw = (lines: string[], above = ''): void => {
      write(`${drawn.length > 0 ? `\x1b[${drawn.length}F` : ''}\x1b[J${above}${lines.join('\n')}\n`);
      drawn = lines;
    };
    write(HIDE_CURSOR);
    liveBlock = { out: opts.out, above: (line) => draw(drawn, `${line}\n`) };
    return {
      show(snapshot) {
        // Long lines would wrap and throw the line count off: cut them at the terminal's width.
        const width = Math.max(20, (opts.out.columns || 100) - 1);
        draw(renderBlock(snapshot).map((l) => (l.length > width ? `${l.slice(0, width - 1)}…` : l)));
      },
      close() {
        if (!closed) write(SHOW_CURSOR);
        closed = true;
        liveBlock = undefined;
      },
    };
  }
  let last = '';
  const changed = (gist: string): boolean => {
    const isNew = gist !== last;
    last = gist;
    return isNew;
  };
  if (opts.mode === 'json') {
    return {
      show(snapshot) {
        const json = renderJson(snapshot);
        // A line per change: the clock alone does not count.
        if (changed(JSON.stringify({ ...json, at: undefined, elapsedMs: undefined }))) write(`${JSON.stringify(json)}\n`);
      },
      close() {},
    };
  }
  return {
    show(snapshot) {
      const line = renderLine(snapshot);
      if (changed(line.replace(/^\[[^\]]*\] /, ''))) write(`${line}\n`);
    },
    close() {},
  };
}
