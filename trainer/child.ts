// Entry point of a trainer child process, forked by TrainerPool with the backend choice as
// argv[2]. It selects the backend once, then trains the requests it is sent one after
// another, reporting progress, results and errors over IPC. Datasets stay cached in the
// process between trials; all tensors are disposed after each.
import { selectBackend } from './backend';
import type { ChildMessage, ParentMessage } from './protocol';
import { train } from './train';
import type { BackendInfo } from '../contracts/training';
import { BACKEND_CHOICES, isOneOf } from '../contracts/names';
import { toWireError } from './wire-error';

function send(message: ChildMessage): void {
  // Without a channel the parent is gone; 'disconnect' below ends the process.
  if (process.connected) process.send?.(message);
}

function main(): void {
  if (process.send === undefined) {
    console.error('trainer/child.js must be started by TrainerPool (child_process.fork), not directly');
    process.exit(2);
  }
  const choice = process.argv[2];
  const log = (message: string) => send({ type: 'log', message });
  const backend: Promise<BackendInfo> = isOneOf(BACKEND_CHOICES, choice)
    ? selectBackend(choice, { log })
    : Promise.reject(new Error(`trainer child: unknown backend choice '${String(choice)}'`));
  backend.then(
    (info) => send({ type: 'ready', backend: info }),
    (err: unknown) => send({ type: 'init-failed', error: toWireError(err) }),
  );

  // One trial at a time: each job starts when the previous one settled.
  let jobs: Promise<void> = Promise.resolve();
  process.on('message', (message: ParentMessage) => {
    if (message.type === 'shutdown') {
      void jobs.then(() => process.exit(0));
      return;
    }
    const { jobId, request, artifactRoot } = message;
    jobs = jobs.then(async () => {
      try {
        const info = await backend;
        const result = await train(request, {
          artifactRoot,
          backend: info,
          onProgress: (progress) => send({ type: 'progress', jobId, progress }),
        });
        send({ type: 'result', jobId, result });
      } catch (err) {
        send({ type: 'error', jobId, error: toWireError(err) });
      }
    });
  });
  // The pool's process died or closed the channel: nobody can receive our results.
  process.on('disconnect', () => process.exit(0));
}

main();
