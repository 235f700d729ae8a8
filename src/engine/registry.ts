// Every rule pushgate knows, in id order. The meta-test keeps this list, the
// rules/ folders, their READMEs and the README rules table in step.

import type { AnyRule } from './rule.js';
import maxImageSize from '../../rules/max-image-size/index.js';
import noHardcodedCredentials from '../../rules/no-hardcoded-credentials/index.js';
import noLatestTag from '../../rules/no-latest-tag/index.js';
import noOverwriteReleaseTag from '../../rules/no-overwrite-release-tag/index.js';
import noPasswordFlagLogin from '../../rules/no-password-flag-login/index.js';
import noPushFromUntrustedTrigger from '../../rules/no-push-from-untrusted-trigger/index.js';
import parseError from '../../rules/parse-error/index.js';
import pinActions from '../../rules/pin-actions/index.js';
import pinBaseImageDigest from '../../rules/pin-base-image-digest/index.js';
import qualifiedPushTarget from '../../rules/qualified-push-target/index.js';
import requireDockerignore from '../../rules/require-dockerignore/index.js';
import requireImageSigning from '../../rules/require-image-signing/index.js';
import requireLabels from '../../rules/require-labels/index.js';
import requireMultiStage from '../../rules/require-multi-stage/index.js';
import requireNonRootUser from '../../rules/require-non-root-user/index.js';
import requirePlatforms from '../../rules/require-platforms/index.js';
import requireProvenance from '../../rules/require-provenance/index.js';
import requireScanBeforePush from '../../rules/require-scan-before-push/index.js';
import traceablePushTags from '../../rules/traceable-push-tags/index.js';
import trustedBaseRegistries from '../../rules/trusted-base-registries/index.js';
import unusedSuppression from '../../rules/unused-suppression/index.js';
import validImageReference from '../../rules/valid-image-reference/index.js';
import validLabelKeys from '../../rules/valid-label-keys/index.js';

export const rules: readonly AnyRule[] = [
  maxImageSize,
  noHardcodedCredentials,
  noLatestTag,
  noOverwriteReleaseTag,
  noPasswordFlagLogin,
  noPushFromUntrustedTrigger,
  parseError,
  pinActions,
  pinBaseImageDigest,
  qualifiedPushTarget,
  requireDockerignore,
  requireImageSigning,
  requireLabels,
  requireMultiStage,
  requireNonRootUser,
  requirePlatforms,
  requireProvenance,
  requireScanBeforePush,
  traceablePushTags,
  trustedBaseRegistries,
  unusedSuppression,
  validImageReference,
  validLabelKeys,
];

const byId = new Map(rules.map((rule) => [rule.meta.id, rule]));

export function getRule(id: string): AnyRule | undefined {
  return byId.get(id);
}
