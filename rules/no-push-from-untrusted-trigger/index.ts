// Pull requests run code their author controls. A push reachable from a pull request
// event lets anyone who can open one publish an image under your name.

import { defineRule } from '../../src/engine/rule.js';
import { JobGraph, UNTRUSTED_EVENTS, guardsAgainst, ignoresSkippedNeeds, onWrittenPushes } from '../../src/analysis/pipeline.js';

export default defineRule({
  meta: {
    id: 'no-push-from-untrusted-trigger',
    kinds: ['github-workflow'],
    description: 'Disallow image pushes that pull request events (`pull_request`, `pull_request_target`, `workflow_run`) can reach without a guard.',
    rationale:
      'A workflow triggered by `pull_request`, `pull_request_target` or `workflow_run` (which follows pull request runs) ' +
      'builds code a contributor controls. If it also pushes, a pull request can overwrite published images or publish ' +
      'new ones. Guard the push with a condition that is false for those events: a job or step `if:` (or the `push:` ' +
      'input) such as `github.event_name != \'pull_request\'`, `github.event_name == \'push\'` or ' +
      '`startsWith(github.ref, \'refs/tags/\')`.',
    security: true,
    recommended: 'warning',
    strict: 'error',
    schema: { type: 'object', properties: {}, additionalProperties: false },
    defaults: {},
    messages: {
      unguarded:
        'This push runs on {{events}} events, where a pull request controls the code; guard it with an `if:` that excludes them, e.g. "github.event_name != \'{{example}}\'".',
    },
  },
  create(context) {
    return onWrittenPushes((pipeline, pushes) => {
        const events = UNTRUSTED_EVENTS.filter((event) => pipeline?.triggers.includes(event));
        if (events.length === 0) return;
        const graph = new JobGraph(pipeline);
        for (const { job, push, step } of pushes) {
          const current = job.steps[step];
          const conditions = [job.condition?.value, current?.condition?.value, current?.with.push?.value];
          // A job whose needed job is skipped is skipped too, unless its `if:` asks to run anyway.
          if (!ignoresSkippedNeeds(job.condition?.value)) conditions.push(...graph.before(job.id).map((other) => other.condition?.value));
          const open = events.filter((event) => !conditions.some((condition) => guardsAgainst(condition, event)));
          if (open.length === 0) continue;
          context.report({ messageId: 'unguarded', data: { events: open.map((e) => `"${e}"`).join(', '), example: open[0] ?? 'pull_request' }, range: push.range });
        }
    });
  },
});
