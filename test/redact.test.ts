import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { describeSecret, maskSecret, redactedExcerpt, redactText } from '../src/analysis/redact.js';
import { findSecretsInText } from '../src/analysis/secrets/index.js';
import { mixed, tokens } from './helpers/tokens.js';

test('maskSecret shows at most the first 4 characters of a long secret', () => {
  const t = tokens.github('p');
  assert.is(maskSecret(t), 'gh' + 'p_…');
  assert.is(maskSecret('abcdefghijkl'), 'abcd…');
});

test('maskSecret shows nothing of a short secret', () => {
  assert.is(maskSecret('hunter2'), '…');
  assert.is(maskSecret('1234'), '…');
  assert.is(maskSecret('abcdefghijk'), '…');
  assert.is(maskSecret(''), '…');
});

test('maskSecret never splits a surrogate pair', () => {
  assert.is(maskSecret('🔑🔑🔑🔑🔑🔑🔑🔑'), '🔑🔑🔑🔑…');
});

test('describeSecret names the kind and masks the value', () => {
  const t = tokens.github('p');
  const [match] = findSecretsInText(`TOKEN=${t}`);
  assert.ok(match);
  assert.is(describeSecret(match), 'GitHub personal access token "gh' + 'p_…"');
  const [password] = findSecretsInText('password=1234');
  assert.ok(password);
  assert.is(describeSecret(password), 'password "…"');
});

/** A Dockerfile, a workflow and a compose file crammed with every kind of secret, and the secrets themselves. */
function fileFullOfSecrets(): { text: string; secrets: string[] } {
  const s = {
    dockerHub: tokens.dockerHubPat(),
    ghp: tokens.github('p'),
    ghs: tokens.github('s'),
    fineGrained: tokens.githubFineGrained(),
    glpat: tokens.gitlab('pat'),
    glRoutable: tokens.gitlabRoutable(),
    gldt: tokens.gitlab('dt'),
    npm: tokens.npm(),
    npmLegacy: tokens.uuid(),
    awsId: tokens.awsKeyId(),
    awsSecret: tokens.awsSecret(),
    gcp: tokens.gcpApiKey(),
    azureSecret: tokens.azureClientSecret(),
    azureStorage: tokens.azureStorageKey(),
    acr: tokens.azureAcrPassword(),
    slack: tokens.slack('b'),
    webhook: tokens.slackWebhook(),
    stripe: tokens.stripe('sk_live'),
    pypi: tokens.pypi(),
    hf: tokens.huggingFace(),
    vault: tokens.vault(),
    artifactory: tokens.artifactory(),
    jwt: tokens.jwt(),
    pem: tokens.pem('OPENSSH PRIVATE KEY'),
    dockerAuth: tokens.dockerAuth('ci', mixed(16)),
    urlPassword: mixed(16),
    dbPassword: mixed(16),
    curlPassword: mixed(16),
    rootPassword: mixed(16),
    envPassword: mixed(16),
    jsonPassword: mixed(16),
    yamlPassword: mixed(16),
    flagPassword: mixed(16),
  };
  const text = [
    'FROM node:20 AS build',
    `ENV DOCKER_TOKEN=${s.dockerHub} GH_TOKEN=${s.ghp}`,
    `RUN curl -H "Authorization: token ${s.ghs}" https://api.github.com && git clone https://x:${s.fineGrained}@github.com/a/b`,
    `RUN echo "//registry.npmjs.org/:_authToken=${s.npmLegacy}" > .npmrc && NPM_TOKEN=${s.npm} npm publish`,
    `ARG AWS_ACCESS_KEY_ID=${s.awsId}`,
    `ARG AWS_SECRET_ACCESS_KEY=${s.awsSecret}`,
    `LABEL maps.key="${s.gcp}" gitlab="${s.glpat} ${s.glRoutable} ${s.gldt}"`,
    `ENV AZURE_CLIENT_SECRET=${s.azureSecret} STORAGE="AccountName=a;AccountKey=${s.azureStorage};"`,
    `RUN echo ${s.acr} | docker login acme.azurecr.io -u acme --password-stdin`,
    `RUN curl -d token=${s.slack} https://slack.com/api/x && curl -X POST ${s.webhook}`,
    `ENV STRIPE=${s.stripe} TWINE_PASSWORD=${s.pypi} HF=${s.hf} VAULT_TOKEN=${s.vault}`,
    `RUN curl -H "X-JFrog-Art-Api:${s.artifactory}" -H "Authorization: Bearer ${s.jwt}" https://x`,
    `COPY <<EOF /root/.ssh/id_ed25519\n${s.pem}\nEOF`,
    `RUN echo '{"auths":{"ghcr.io":{"auth":"${s.dockerAuth}"}}}' > ~/.docker/config.json`,
    `ADD https://deploy:${s.urlPassword}@artifacts.acme.io/app.tgz /app/`,
    `ENV DATABASE_URL=postgres://app:${s.dbPassword}@db:5432/app`,
    `RUN curl -u admin:${s.curlPassword} https://nexus && echo 'root:${s.rootPassword}' | chpasswd`,
    `RUN DB_PASSWORD=${s.envPassword} ./migrate && echo '{"password": "${s.jsonPassword}"}' > c.json`,
    `RUN printf 'db:\\n  password: x\\n' && cat > c.yml <<EOF\npassword: ${s.yamlPassword}\nEOF`,
    `RUN ./setup --admin-password ${s.flagPassword}`,
  ].join('\n');
  return { text, secrets: Object.values(s) };
}

test('redactText leaves none of the secrets of a file full of them', () => {
  const { text, secrets } = fileFullOfSecrets();
  const out = redactText(text);
  for (const secret of secrets) {
    assert.not.ok(out.includes(secret), `secret left in output: ${secret.slice(0, 4)}…`);
    // Nothing beyond the first 4 characters survives either.
    if (secret.length > 8) assert.not.ok(out.includes(secret.slice(4, 12)), `secret middle left in output: ${secret.slice(0, 4)}…`);
  }
  assert.ok(out.includes('GH_TOKEN=gh' + 'p_…'));
});

test('redactText is idempotent', () => {
  const { text } = fileFullOfSecrets();
  const once = redactText(text);
  assert.is(redactText(once), once);
});

test('redactText leaves ordinary messages unchanged', () => {
  const messages = [
    'Pin the base image "node:20" to a digest.',
    'Do not pass the password with "-p"; pipe it to "docker login --password-stdin" instead.',
    'ENV DB_PASSWORD holds a hardcoded password "…"; use a build secret (RUN --mount=type=secret) instead.',
    'Image "ghcr.io/acme/app:latest" uses the "latest" tag.',
    'Add the label "org.opencontainers.image.source" (expected a URL).',
    'Use PASSWORD=${{ secrets.DB_PASSWORD }} or --password-stdin.',
    'The final stage copies ".npmrc" into the image.',
  ];
  for (const m of messages) assert.is(redactText(m), m);
});

test('redactText masks each secret in place and keeps the text around it', () => {
  const t = tokens.npm();
  assert.is(redactText(`token ${t} and password=1234;`), 'token np' + 'm_… and password=…;');
});

// Found by the fuzzer: a closing quote was read as the start of a quoted part glued to a
// bare value (`abc"def"` in the shell), so the value ran on to the next quote of the line,
// took in spaces and was dismissed as prose. A message quotes several values; a script
// quotes several strings.

test('redactText masks an assignment quoted in a long message with more quotes after it', () => {
  const secret = mixed(16);
  const messages = [
    `Image " - API_TOKEN=${secret}" is not a valid reference: repository " - API_TOKEN=${secret}" breaks the name grammar; write [registry/]repository[:tag][@digest] with lowercase path components separated by "/".`,
    `Image "registry.example.com/a:PASSWORD=${secret}" is not valid: "/" is not allowed`,
    `PASSWORD=${secret}" (cut short) … "x"`,
  ];
  for (const message of messages) {
    const out = redactText(message);
    assert.not.ok(out.includes(secret.slice(4)), out);
    assert.ok(out.includes('=' + secret.slice(0, 4) + '…'), out);
  }
});

test('findSecretsInText: a value in one quoted string of several on a line', () => {
  const secret = mixed(16);
  assert.equal(findSecretsInText(`RUN echo "API_TOKEN=${secret}" > /etc/app.env && echo "done"`).map((m) => m.value), [secret]);
  assert.equal(findSecretsInText(`echo 'PASSWORD=${secret}' ; echo 'b'`).map((m) => m.value), [secret]);
  // Glued quoted parts without spaces are still one word, as in the shell.
  assert.equal(findSecretsInText(`export PASSWORD=${secret}"x"`).map((m) => m.value), [`${secret}"x"`]);
});

test('redactedExcerpt masks a token glued to the word before it (a Dockerfile continuation joins lines)', () => {
  const pat = tokens.dockerHubPat();
  assert.is(redactedExcerpt(`Z${pat}`, 41), 'Z' + 'dckr…');
  const ghp = tokens.github('p');
  assert.is(redactedExcerpt(`echo${ghp} tail`, 60), 'echo' + 'ghp_… tail');
  // Words that merely contain letters are left alone.
  assert.is(redactedExcerpt('FROMalpine:3.19', 41), 'FROMalpine:3.19');
});

test.run();
