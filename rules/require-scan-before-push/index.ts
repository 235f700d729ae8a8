// A registry is where vulnerable images start to spread: scan before the push, and let
// the scan stop the job, or the scan is only a report nobody reads.

import { defineRule } from '../../src/engine/rule.js';
import { JobGraph, isBefore, jobScans, sourceLines, onWrittenPushes, type ScanFact } from '../../src/analysis/pipeline.js';

export default defineRule({
  meta: {
    id: 'require-scan-before-push',
    kinds: ['github-workflow', 'gitlab-ci'],
    description: 'Require a vulnerability scan that can fail the job before every image push.',
    rationale:
      'Once pushed, an image is pulled by deployments and other builds. Scan it first (trivy, grype, docker scout, ' +
      'snyk container, or their actions) in an earlier step of the pushing job or in a job it needs (GitLab: an earlier ' +
      'stage), and configure the scanner to fail on findings: trivy `--exit-code 1`, grype `--fail-on <severity>`, ' +
      'scout `--exit-code`. A scan that always exits 0 does not stop anything.',
    security: true,
    recommended: 'warning',
    strict: 'error',
    schema: { type: 'object', properties: {}, additionalProperties: false },
    defaults: {},
    messages: {
      noScan:
        'Job "{{job}}" pushes an image without a vulnerability scan before it; run trivy, grype, docker scout or snyk on the image in an earlier step or a job this one needs, configured to fail on findings.',
      scanDoesNotFail:
        'Job "{{job}}" pushes after a scan that cannot stop it: {{scanner}} — {{reason}}.',
    },
  },
  create(context) {
    return onWrittenPushes((pipeline, pushes) => {
        const lines = sourceLines(context.sourceText);
        const graph = new JobGraph(pipeline);
        const reported = new Set<string>();
        for (const { job, push, position } of pushes) {
          const scans: ScanFact[] = [
            ...jobScans(job, lines).filter((scan) => isBefore(scan.position, position)),
            ...graph.before(job.id).flatMap((other) => jobScans(other, lines)),
          ];
          if (scans.some((scan) => scan.fails)) continue;
          const key = `${push.range.line}:${push.range.column}:${job.id}`;
          if (reported.has(key)) continue;
          reported.add(key);
          const last = scans[scans.length - 1];
          if (last) context.report({ messageId: 'scanDoesNotFail', data: { job: job.id, scanner: last.scanner, reason: last.reason }, range: push.range });
          else context.report({ messageId: 'noScan', data: { job: job.id }, range: push.range });
        }
    });
  },
});
