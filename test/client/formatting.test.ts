// Pure formatting: tables, the search list, and worker log lines in a foreground search.
import test from 'ava';
import { formatTable } from '../../client/table';
import { formatSearchList } from '../../client/search-list';
import { formatLogEntry } from '../../workers/log-format';
import { ApplicationFailure } from '@temporalio/common';

test('table columns line up, numbers right-aligned', (t) => {
  const text = formatTable(['NAME', 'N'], [['a', '1'], ['longer-name', '100']], new Set([1]));
  t.is(text, ['NAME           N', 'a              1', 'longer-name  100'].join('\n'));
});

test("the search list shows the search's own status and aligned columns", (t) => {
  const text = formatSearchList([
    { searchId: 'short', status: 'stopped', workflowStatus: 'COMPLETED', startedAt: '2025-01-01T10:00:00.000Z', trialsDone: 3, trialsTotal: 40, bestAccuracy: 0.9712, strategy: 'evolution', space: 'chain', dataset: 'mnist' },
    { searchId: 'a-much-longer-id', status: 'running', workflowStatus: 'RUNNING', startedAt: '2025-01-02T10:00:00.000Z', trialsTotal: 27 },
  ]);
  const lines = text.split('\n');
  t.regex(lines[0], /^SEARCH\s+STATUS\s+TRIALS\s+BEST\s+WHAT\s+STARTED$/);
  t.regex(lines[1], /^short\s+stopped\s+3\/40\s+97\.12%\s+evolution\/chain\/mnist\s+2025-01-01 10:00:00Z$/);
  t.notRegex(text, /COMPLETED|RUNNING/);
  // Every row's status column starts where the header's does.
  const at = lines[0].indexOf('STATUS');
  t.is(lines[1].indexOf('stopped'), at);
  t.is(lines[2].indexOf('running'), at);
  t.is(lines[1].indexOf('2025'), lines[0].indexOf('STARTED'));
});

test('a failed training is one short line in a foreground search: no task token, JSON or stack', (t) => {
  const cause = new Error('trainer process crashed: out of memory\n    at Object.<anonymous> (/x/child.js:1:1)');
  const error = ApplicationFailure.create({ message: 'trainer process crashed: out of memory', type: 'TrainerCrashedError', cause });
  const entry = {
    level: 'WARN' as const,
    message: 'Activity failed',
    timestampNanos: 1_700_000_000_000_000_000n,
    meta: { error, durationMs: 12, isLocal: false, attempt: 2, namespace: 'default', taskToken: 'CiQ2ZDk1MmY3Mi1hYmNk', activityId: '7', activityType: 'trainCandidate', taskQueue: 'nas-training', workflowId: 'search-1', workflowRunId: 'r', workflowType: 'nasSearch' },
  };
  const brief = formatLogEntry(entry, 'brief');
  t.is(brief, '[warn] trainCandidate 7 of search search-1, attempt 2: activity failed: trainer process crashed: out of memory');
  t.notRegex(brief, /taskToken|CiQ2|\{|\n/);
  // Worker processes keep every detail for their log files.
  t.regex(formatLogEntry(entry, 'full'), /taskToken/);
});
