// A push that publishes only `latest` or a branch name overwrites what was there: nobody
// can tell later which commit an image came from, or roll back to the previous one.

import { defineRule } from '../../src/engine/rule.js';
import type { PipelineJob, PipelineNode, PushNode } from '../../src/models/nodes.js';
import { displayReference, gitlabJobTagOnly, githubJobTagOnly, pipelineTagOnly, pushedTag, pushesOnlyLocally, type PushedTag } from '../../src/analysis/pipeline.js';

interface Pushed {
  push: PushNode;
  env: Readonly<Record<string, string>>;
}

export default defineRule({
  meta: {
    id: 'traceable-push-tags',
    kinds: ['github-workflow', 'gitlab-ci', 'shell'],
    description: 'Require every pushed image repository to get at least one immutable tag (a version or the commit SHA).',
    rationale:
      '`latest`, `main` or `pr-12` move with every push: the image they named yesterday is gone, and nothing in the ' +
      'registry says which commit it was built from. Publishing a version (`v1.4.2`) or the commit SHA ' +
      '(`${{ github.sha }}`, `$CI_COMMIT_SHA`, metadata-action `type=sha`) next to them keeps every image findable ' +
      'and every rollback possible. Judged per repository per job (per file for scripts).',
    security: false,
    recommended: 'warning',
    strict: 'error',
    schema: { type: 'object', properties: {}, additionalProperties: false },
    defaults: {},
    messages: {
      mutableOnly:
        '"{{repository}}" is pushed only with mutable tags ({{tags}}); also push an immutable tag, a version or the commit SHA (e.g. "{{example}}"), so the image can be traced to its commit.',
    },
  },
  create(context) {
    let pipeline: PipelineNode | null = null;
    const emitted: PushNode[] = [];
    const reported = new Set<string>();

    const judge = (pushes: readonly Pushed[], tagOnly: boolean, example: string) => {
      const byRepository = new Map<string, { tags: PushedTag[]; first: PushNode | null }>();
      const written = new Set(emitted);
      for (const { push, env } of pushes) {
        if (pushesOnlyLocally(push, env)) continue;
        for (const target of push.targets) {
          const tag = pushedTag(target, env, { tagOnly });
          // A reference that is a variable as a whole may carry any tag: the job cannot be judged.
          if (tag.repository === null) return;
          const key = tag.repository.toLowerCase();
          let entry = byRepository.get(key);
          if (!entry) byRepository.set(key, (entry = { tags: [], first: null }));
          entry.tags.push(tag);
          if (!entry.first && written.has(push)) entry.first = push;
        }
      }
      for (const [, { tags, first }] of byRepository) {
        if (!first || tags.some((t) => t.traceability !== 'mutable')) continue;
        const repository = tags[0]?.repository ?? '';
        const key = `${first.range.line}:${first.range.column}:${repository}`;
        if (reported.has(key)) continue;
        reported.add(key);
        const listed = [...new Set(tags.map((t) => `"${displayReference(t.tag)}"`))].join(', ');
        context.report({ messageId: 'mutableOnly', data: { repository, tags: listed, example: `${repository}:${example}` }, range: first.range });
      }
    };

    const jobPushes = (job: PipelineJob): Pushed[] =>
      job.pushes.map(({ push, step }) => ({ push, env: job.steps[step]?.env ?? job.env }));

    return {
      pipeline(node) {
        pipeline = node;
      },
      push(node) {
        emitted.push(node);
      },
      exit() {
        if (emitted.length === 0) return;
        if (!pipeline) {
          judge(emitted.map((push) => ({ push, env: {} })), false, '$(git rev-parse --short HEAD)');
          return;
        }
        const gitlab = context.file.kind === 'gitlab-ci';
        const workflowTagOnly = pipelineTagOnly(pipeline);
        for (const job of pipeline.jobs) {
          if (job.pushes.length === 0) continue;
          const tagOnly = gitlab ? gitlabJobTagOnly(job) : workflowTagOnly || githubJobTagOnly(job);
          judge(jobPushes(job), tagOnly, gitlab ? '$CI_COMMIT_SHORT_SHA' : '${{ github.sha }}');
        }
      },
    };
  },
});
