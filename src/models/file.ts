// A parsed file: its normalised nodes in document order, its comments (for
// suppressions) and the parse errors found on the way.

import type { Kind, ModelNode, Range } from './nodes.js';

export interface ParseProblem {
  message: string;
  range: Range;
}

export interface Comment {
  /** Text after the `#`, untrimmed. */
  text: string;
  line: number;
  column: number;
}

export interface FileModel {
  path: string;
  kind: Kind;
  nodes: ModelNode[];
  comments: Comment[];
  parseErrors: ParseProblem[];
  /** Dockerfiles this file builds (CI steps, compose services): cross-artifact facts. */
  builds?: BuildReference[];
}

/** Facts a build (CI step, compose service) hands to the Dockerfile it builds. */
export interface BuildFacts {
  /** The building file, for messages. */
  origin: string;
  buildArgs: Record<string, string>;
  labels: Record<string, string>;
  /** Build context directory, relative to the working directory with `/` separators. */
  context: string | null;
}

/** A Dockerfile that this file builds, and what it hands to it. */
export interface BuildReference {
  /** Path of the Dockerfile, relative to the working directory with `/` separators. */
  dockerfile: string;
  facts: BuildFacts;
}
