// Stage facts shared by the Dockerfile rules: which stage is the image, which stages
// it builds on (`FROM <alias>`), and what it inherits from them (USER, LABEL).
// Builder stages that the final stage does not build on are not part of the image.

import type { CopyNode, DockerfileNode, LabelNode, StageNode, UserNode } from '../models/nodes.js';

/** The stage `docker build` produces by default: the last one. */
export function finalStage(df: DockerfileNode): StageNode | null {
  return df.stages[df.stages.length - 1] ?? null;
}

/**
 * The stage at `index` followed by the stages it inherits from through `FROM <alias>`,
 * nearest first. Cycle-safe: a stage is never visited twice.
 */
export function stageChain(df: DockerfileNode, index: number): StageNode[] {
  const chain: StageNode[] = [];
  const seen = new Set<number>();
  let current: number | null = index;
  while (current !== null && !seen.has(current)) {
    const stage: StageNode | undefined = df.stages[current];
    if (!stage) break;
    seen.add(current);
    chain.push(stage);
    current = stage.baseStage;
  }
  return chain;
}

/** The stage at the root of the chain: the one whose base is an image (or `scratch`). */
export function rootStage(df: DockerfileNode, index: number): StageNode | null {
  const chain = stageChain(df, index);
  return chain[chain.length - 1] ?? null;
}

/** The USER in effect at the end of the stage: its last USER, else the nearest inherited one. */
export function effectiveUser(df: DockerfileNode, index: number): UserNode | null {
  for (const stage of stageChain(df, index)) {
    const last = stage.users[stage.users.length - 1];
    if (last) return last;
  }
  return null;
}

/** Labels in effect at the end of the stage, inherited ones included; a later LABEL wins. */
export function inheritedLabels(df: DockerfileNode, index: number): Map<string, LabelNode> {
  const labels = new Map<string, LabelNode>();
  for (const stage of stageChain(df, index).reverse()) {
    for (const label of stage.labels) labels.set(label.key, label);
  }
  return labels;
}

/** `COPY --from=<stage>` / `ADD --from=<stage>` of this stage that name an earlier stage. */
export function copiesFromEarlierStage(stage: StageNode): CopyNode[] {
  return stage.copies.filter((copy) => copy.fromStage !== null && copy.fromStage < stage.index);
}
