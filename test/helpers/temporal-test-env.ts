// Shared entry point for integration tests that need a real Temporal server.
//
//   const env = await createTestEnv();
//   try {
//     const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowsPath, activities });
//     await worker.runUntil(env.client.workflow.execute(myWorkflow, { taskQueue, workflowId, args }));
//   } finally {
//     await env.teardown();
//   }
//
// Each call starts a private, in-memory dev server on a random free port (no UI),
// so tests never touch the user's ~/.nas server and can run in parallel.
// We hand the SDK our pinned CLI instead of letting it download one, because the
// download host is unreachable in CI sandboxes and would be a second version.
import { LocalTestWorkflowEnvironmentOptions, TestWorkflowEnvironment } from '@temporalio/testing';
import { ensureTemporalCli } from '../../infra/temporal/cli-install';
import { SEARCH_ATTRIBUTE_KEYS } from '../../contracts/search-attributes';

export async function createTestEnv(opts: LocalTestWorkflowEnvironmentOptions = {}): Promise<TestWorkflowEnvironment> {
  const path = await ensureTemporalCli();
  return TestWorkflowEnvironment.createLocal({
    ...opts,
    // The search workflow sets these; a server without them would fail its workflow tasks.
    server: { searchAttributes: SEARCH_ATTRIBUTE_KEYS, ...opts.server, executable: { type: 'existing-path', path } },
  });
}
