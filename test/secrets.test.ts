import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  credentialFileKind,
  findSecretsInText,
  findTokens,
  isCleanValue,
  isSecretName,
  judgeAssignment,
  type SecretMatch,
} from '../src/analysis/secrets/index.js';
import { BASE62, BASE64, HEX, mixed, random, tokens } from './helpers/tokens.js';

// ---- true positives: one per detector and form, exact start offset, detector and kind --

interface Positive {
  name: string;
  /** The secret, generated fresh for each run. */
  secret: () => string;
  /** The text it appears in. */
  text: (secret: string) => string;
  detector: string;
  kind: string;
}

const pw = (): string => mixed(14);
const serviceAccount = (): string =>
  JSON.stringify({
    type: 'service_account',
    project_id: 'acme',
    private_key_id: random(40, HEX),
    private_key: tokens.pem('PRIVATE KEY'),
    client_email: 'ci@acme.iam.gserviceaccount.com',
  });
/** The private_key value as written inside the JSON text (with `\n` escapes). */
const privateKeyInJson = (json: string): string => /"private_key":"([^"]*)"/.exec(json)![1]!;

const positives: Positive[] = [
  {
    name: 'Docker Hub PAT piped to docker login',
    secret: tokens.dockerHubPat,
    text: (s) => `RUN echo ${s} | docker login -u acme --password-stdin`,
    detector: 'docker-hub-pat',
    kind: 'Docker Hub personal access token',
  },
  {
    name: 'GitHub classic PAT in a clone URL (token beats URL userinfo)',
    secret: () => tokens.github('p'),
    text: (s) => `RUN git clone https://x-access-token:${s}@github.com/acme/app.git`,
    detector: 'github-pat',
    kind: 'GitHub personal access token',
  },
  {
    name: 'GitHub OAuth token in an export',
    secret: () => tokens.github('o'),
    text: (s) => `export GH_TOKEN=${s}`,
    detector: 'github-oauth-token',
    kind: 'GitHub OAuth access token',
  },
  {
    name: 'GitHub server-to-server token in a header',
    secret: () => tokens.github('s'),
    text: (s) => `curl -H "Authorization: token ${s}" https://api.github.com/user`,
    detector: 'github-app-token',
    kind: 'GitHub server-to-server token',
  },
  {
    name: 'GitHub user-to-server token',
    secret: () => tokens.github('u'),
    text: (s) => `token=${s}`,
    detector: 'github-app-token',
    kind: 'GitHub user-to-server token',
  },
  {
    name: 'GitHub refresh token',
    secret: () => tokens.github('r'),
    text: (s) => `{"refresh_token": "${s}"}`,
    detector: 'github-refresh-token',
    kind: 'GitHub refresh token',
  },
  {
    name: 'GitHub fine-grained PAT',
    secret: tokens.githubFineGrained,
    text: (s) => `LABEL ci.token="${s}"`,
    detector: 'github-fine-grained-pat',
    kind: 'GitHub fine-grained personal access token',
  },
  {
    name: 'GitLab PAT, legacy 20 characters',
    secret: () => tokens.gitlab('pat'),
    text: (s) => `curl --header "PRIVATE-TOKEN: ${s}" https://gitlab.com/api/v4/projects`,
    detector: 'gitlab-pat',
    kind: 'GitLab personal access token',
  },
  {
    name: 'GitLab PAT, routable form',
    secret: tokens.gitlabRoutable,
    text: (s) => `glab auth login --token ${s}`,
    detector: 'gitlab-pat',
    kind: 'GitLab personal access token',
  },
  {
    name: 'GitLab deploy token',
    secret: () => tokens.gitlab('dt'),
    text: (s) => `docker login -u deploy --password-stdin <<< ${s}`,
    detector: 'gitlab-token',
    kind: 'GitLab deploy token',
  },
  {
    name: 'GitLab runner token',
    secret: () => tokens.gitlab('rt'),
    text: (s) => `gitlab-runner register --token ${s}`,
    detector: 'gitlab-token',
    kind: 'GitLab runner authentication token',
  },
  {
    name: 'GitLab CI job token',
    secret: () => tokens.gitlab('cbt'),
    text: (s) => `CI_JOB_TOKEN=${s} make publish`,
    detector: 'gitlab-token',
    kind: 'GitLab CI job token',
  },
  {
    name: 'npm access token',
    secret: tokens.npm,
    text: (s) => `RUN npm config set //registry.npmjs.org/:_authToken ${s}`,
    detector: 'npm-token',
    kind: 'npm access token',
  },
  {
    name: 'legacy npm _authToken in an .npmrc line',
    secret: tokens.uuid,
    text: (s) => `RUN echo "//registry.npmjs.org/:_authToken=${s}" > /root/.npmrc`,
    detector: 'npm-auth-token',
    kind: 'npm auth token',
  },
  {
    name: 'AWS access key id',
    secret: () => tokens.awsKeyId(),
    text: (s) => `ENV AWS_ACCESS_KEY_ID=${s}`,
    detector: 'aws-access-key-id',
    kind: 'AWS access key ID',
  },
  {
    name: 'AWS temporary access key id',
    secret: () => tokens.awsKeyId('ASIA'),
    text: (s) => `aws_access_key_id = ${s}`,
    detector: 'aws-access-key-id',
    kind: 'AWS temporary access key ID',
  },
  {
    name: 'AWS secret access key after `aws configure set`',
    secret: tokens.awsSecret,
    text: (s) => `RUN aws configure set aws_secret_access_key ${s}`,
    detector: 'aws-secret-key',
    kind: 'AWS secret access key',
  },
  {
    name: 'AWS secret access key in JSON',
    secret: tokens.awsSecret,
    text: (s) => `{"AccessKeyId": "x", "SecretAccessKey": "${s}"}`,
    detector: 'aws-secret-key',
    kind: 'AWS secret access key',
  },
  {
    name: 'AWS secret access key assigned',
    secret: tokens.awsSecret,
    text: (s) => `AWS_SECRET_ACCESS_KEY=${s} aws s3 ls`,
    detector: 'aws-secret-key',
    kind: 'AWS secret access key',
  },
  {
    name: 'Google API key',
    secret: tokens.gcpApiKey,
    text: (s) => `curl "https://maps.googleapis.com/maps/api/geocode/json?key=${s}"`,
    detector: 'gcp-api-key',
    kind: 'Google API key',
  },
  {
    name: 'GCP service-account JSON written by echo',
    secret: () => privateKeyInJson(serviceAccount()),
    text: (s) => `RUN echo '{"type":"service_account","project_id":"acme","private_key":"${s}"}' > /sa.json`,
    detector: 'gcp-service-account',
    kind: 'GCP service account key',
  },
  {
    name: 'Azure client secret (Q~ format)',
    secret: tokens.azureClientSecret,
    text: (s) => `az login --service-principal -u app -p ${s} --tenant t`,
    detector: 'azure-client-secret',
    kind: 'Azure client secret',
  },
  {
    name: 'Azure storage account key in a connection string',
    secret: tokens.azureStorageKey,
    text: (s) => `DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=${s};EndpointSuffix=core.windows.net`,
    detector: 'azure-storage-key',
    kind: 'Azure storage account key',
  },
  {
    name: 'Azure Container Registry password',
    secret: tokens.azureAcrPassword,
    text: (s) => `echo ${s} | docker login acme.azurecr.io -u acme --password-stdin`,
    detector: 'azure-acr-password',
    kind: 'Azure Container Registry password',
  },
  {
    name: 'Slack bot token',
    secret: () => tokens.slack('b'),
    text: (s) => `SLACK_BOT=${s}`,
    detector: 'slack-token',
    kind: 'Slack bot token',
  },
  {
    name: 'Slack user token',
    secret: () => tokens.slack('p'),
    text: (s) => `curl -d token=${s} https://slack.com/api/chat.postMessage`,
    detector: 'slack-token',
    kind: 'Slack user token',
  },
  {
    name: 'Slack webhook URL',
    secret: tokens.slackWebhook,
    text: (s) => `curl -X POST -d '{"text":"done"}' ${s}`,
    detector: 'slack-webhook',
    kind: 'Slack webhook URL',
  },
  {
    name: 'Stripe live secret key',
    secret: () => tokens.stripe('sk_live'),
    text: (s) => `STRIPE=${s}`,
    detector: 'stripe-key',
    kind: 'Stripe secret key',
  },
  {
    name: 'Stripe live restricted key',
    secret: () => tokens.stripe('rk_live'),
    text: (s) => `stripe --api-key ${s} customers list`,
    detector: 'stripe-key',
    kind: 'Stripe restricted key',
  },
  {
    name: 'Stripe test secret key (reported: test keys are still secrets)',
    secret: () => tokens.stripe('sk_test'),
    text: (s) => `STRIPE=${s}`,
    detector: 'stripe-key',
    kind: 'Stripe test secret key',
  },
  {
    name: 'PyPI token',
    secret: tokens.pypi,
    text: (s) => `TWINE_PASSWORD=${s} twine upload dist/*`,
    detector: 'pypi-token',
    kind: 'PyPI API token',
  },
  {
    name: 'Hugging Face token',
    secret: tokens.huggingFace,
    text: (s) => `huggingface-cli login --token ${s}`,
    detector: 'huggingface-token',
    kind: 'Hugging Face access token',
  },
  {
    name: 'Vault token',
    secret: tokens.vault,
    text: (s) => `VAULT_TOKEN=${s} vault kv get secret/app`,
    detector: 'vault-token',
    kind: 'HashiCorp Vault token',
  },
  {
    name: 'Artifactory API key',
    secret: tokens.artifactory,
    text: (s) => `curl -H "X-JFrog-Art-Api:${s}" https://acme.jfrog.io/artifactory/api/repositories`,
    detector: 'artifactory-api-key',
    kind: 'JFrog Artifactory API key',
  },
  {
    name: 'PEM RSA private key in a heredoc',
    secret: () => tokens.pem('RSA PRIVATE KEY'),
    text: (s) => `COPY <<EOF /root/.ssh/id_rsa\n${s}\nEOF`,
    detector: 'pem-private-key',
    kind: 'private key (RSA)',
  },
  {
    name: 'PEM EC private key',
    secret: () => tokens.pem('EC PRIVATE KEY'),
    text: (s) => `cat > key.pem <<'KEY'\n${s}\nKEY`,
    detector: 'pem-private-key',
    kind: 'private key (EC)',
  },
  {
    name: 'PEM DSA private key',
    secret: () => tokens.pem('DSA PRIVATE KEY'),
    text: (s) => s,
    detector: 'pem-private-key',
    kind: 'private key (DSA)',
  },
  {
    name: 'OpenSSH private key written with echo and \\n escapes',
    secret: () => tokens.pem('OPENSSH PRIVATE KEY', '\\n'),
    text: (s) => `RUN echo "${s}" > /root/.ssh/id_ed25519`,
    detector: 'pem-private-key',
    kind: 'private key (OpenSSH)',
  },
  {
    name: 'encrypted PKCS#8 private key',
    secret: () => tokens.pem('ENCRYPTED PRIVATE KEY'),
    text: (s) => `key: |\n${s}`,
    detector: 'pem-private-key',
    kind: 'private key (encrypted PKCS#8)',
  },
  {
    name: 'plain PKCS#8 private key',
    secret: () => tokens.pem('PRIVATE KEY'),
    text: (s) => `-- ${s} --`,
    detector: 'pem-private-key',
    kind: 'private key (PKCS#8)',
  },
  {
    name: 'PGP private key block',
    secret: () => tokens.pem('PGP PRIVATE KEY BLOCK'),
    text: (s) => s,
    detector: 'pem-private-key',
    kind: 'private key (PGP)',
  },
  {
    name: 'PEM private key without its END line',
    secret: () => tokens.pem('RSA PRIVATE KEY').replace(/\n-----END RSA PRIVATE KEY-----$/, ''),
    text: (s) => `RUN printf '%s' "${s}" > k`,
    detector: 'pem-private-key',
    kind: 'private key (RSA)',
  },
  {
    name: 'JWT bearer token',
    secret: tokens.jwt,
    text: (s) => `curl -H "Authorization: Bearer ${s}" https://api.acme.io`,
    detector: 'jwt',
    kind: 'JSON Web Token',
  },
  {
    name: 'docker config.json auth',
    secret: () => tokens.dockerAuth('acme', pw()),
    text: (s) => `{"auths":{"https://index.docker.io/v1/":{"auth":"${s}"}}}`,
    detector: 'docker-config-auth',
    kind: 'Docker registry credentials',
  },
  {
    name: 'docker config.json auth escaped inside a shell string',
    secret: () => tokens.dockerAuth('acme', pw()),
    text: (s) => `RUN mkdir -p ~/.docker && echo "{\\"auths\\":{\\"ghcr.io\\":{\\"auth\\":\\"${s}\\"}}}" > ~/.docker/config.json`,
    detector: 'docker-config-auth',
    kind: 'Docker registry credentials',
  },
  {
    name: 'URL userinfo password',
    secret: pw,
    text: (s) => `ADD https://deploy:${s}@artifacts.acme.io/app.tar.gz /app/`,
    detector: 'url-password',
    kind: 'password in URL',
  },
  {
    name: 'postgres connection string',
    secret: pw,
    text: (s) => `DATABASE_URL=postgres://app:${s}@db:5432/app?sslmode=disable`,
    detector: 'connection-string-password',
    kind: 'password in postgres connection string',
  },
  {
    name: 'mongodb+srv connection string',
    secret: pw,
    text: (s) => `mongosh "mongodb+srv://admin:${s}@cluster0.acme.mongodb.net/prod"`,
    detector: 'connection-string-password',
    kind: 'password in mongodb+srv connection string',
  },
  {
    name: 'curl -u user:pass',
    secret: pw,
    text: (s) => `RUN curl -fsSL -u admin:${s} https://nexus.acme.io/repo/app.jar -o app.jar`,
    detector: 'curl-user-password',
    kind: 'password in curl --user',
  },
  {
    name: 'curl --user=user:pass, quoted',
    secret: pw,
    text: (s) => `curl --user="admin:${s}" https://nexus.acme.io`,
    detector: 'curl-user-password',
    kind: 'password in curl --user',
  },
  {
    name: 'echo user:pass | chpasswd',
    secret: pw,
    text: (s) => `RUN useradd app && echo 'root:${s}' | chpasswd`,
    detector: 'chpasswd-password',
    kind: 'password set with chpasswd',
  },
  {
    name: 'sshpass -p',
    secret: pw,
    text: (s) => `sshpass -p '${s}' ssh deploy@host`,
    detector: 'sshpass-password',
    kind: 'password in sshpass -p',
  },
  {
    name: 'mysql -p glued to the password',
    secret: pw,
    text: (s) => `mysql -u root -p${s} -e "CREATE DATABASE app"`,
    detector: 'mysql-password',
    kind: 'password in mysql -p',
  },
  {
    name: '.netrc entry written by echo',
    secret: pw,
    text: (s) => `RUN echo "machine github.com login ci password ${s}" > ~/.netrc`,
    detector: 'netrc-password',
    kind: 'password in a .netrc entry',
  },
  {
    name: 'openssl -passout pass:',
    secret: pw,
    text: (s) => `openssl pkcs12 -export -in tls.crt -inkey tls.key -passout pass:${s} -out tls.p12`,
    detector: 'openssl-password',
    kind: 'password in openssl pass:',
  },
  {
    name: 'htpasswd in batch mode',
    secret: pw,
    text: (s) => `RUN htpasswd -bc /etc/nginx/.htpasswd admin ${s}`,
    detector: 'htpasswd-password',
    kind: 'password in htpasswd -b',
  },
  {
    name: 'Java-style single-dash flag',
    secret: pw,
    text: (s) => `keytool -importkeystore -srcstorepass ${s} -deststorepass changeit`,
    detector: 'secret-assignment',
    kind: 'password',
  },
  {
    name: 'the canonical password=1234',
    secret: () => '1234',
    text: (s) => `password=${s}`,
    detector: 'secret-assignment',
    kind: 'password',
  },
  {
    name: 'PASSWORD=… in a RUN line',
    secret: pw,
    text: (s) => `RUN PASSWORD=${s} ./configure --with-db`,
    detector: 'secret-assignment',
    kind: 'password',
  },
  {
    name: '--password=…',
    secret: pw,
    text: (s) => `RUN ./install.sh --admin-password=${s} --quiet`,
    detector: 'secret-assignment',
    kind: 'password',
  },
  {
    name: '--password … (space-separated long flag)',
    secret: pw,
    text: (s) => `RUN keytool -importcert --store-password ${s} -file ca.crt`,
    detector: 'secret-assignment',
    kind: 'password',
  },
  {
    name: 'export API_TOKEN="…"',
    secret: pw,
    text: (s) => `export API_TOKEN="${s}"`,
    detector: 'secret-assignment',
    kind: 'token',
  },
  {
    name: 'JSON "password": "…"',
    secret: pw,
    text: (s) => `{"user": "app", "password": "${s}"}`,
    detector: 'secret-assignment',
    kind: 'password',
  },
  {
    name: 'escaped JSON inside a shell string',
    secret: pw,
    text: (s) => `RUN echo "{\\"db\\": {\\"password\\": \\"${s}\\"}}" > /etc/app.json`,
    detector: 'secret-assignment',
    kind: 'password',
  },
  {
    name: "PHP/Ruby 'secret_key' => '…'",
    secret: pw,
    text: (s) => `$config = ['secret_key' => '${s}'];`,
    detector: 'secret-assignment',
    kind: 'secret key',
  },
  {
    name: 'YAML key at the start of a heredoc line',
    secret: pw,
    text: (s) => `cat > config.yml <<EOF\ndatabase:\n  password: ${s} # set by ops\nEOF`,
    detector: 'secret-assignment',
    kind: 'password',
  },
  {
    name: 'ini password = …',
    secret: pw,
    text: (s) => `[pypi]\nusername = __token__\npassword = ${s}\n`,
    detector: 'secret-assignment',
    kind: 'password',
  },
  {
    name: 'Java system property',
    secret: pw,
    text: (s) => `ENTRYPOINT java -Ddb.password=${s} -jar app.jar`,
    detector: 'secret-assignment',
    kind: 'password',
  },
  {
    name: 'printf with \\n before the name',
    secret: pw,
    text: (s) => `RUN printf "[auth]\\npassword=${s}\\n" > /etc/app.conf`,
    detector: 'secret-assignment',
    kind: 'password',
  },
  {
    name: 'ADO.NET connection string Pwd=',
    secret: pw,
    text: (s) => `Server=tcp:db,1433;Database=app;Uid=sa;Pwd=${s};Encrypt=True`,
    detector: 'secret-assignment',
    kind: 'password',
  },
  {
    name: 'camelCase clientSecret',
    secret: pw,
    text: (s) => `--set auth.clientSecret=${s}`,
    detector: 'secret-assignment',
    kind: 'client secret',
  },
];

for (const c of positives) {
  test(`finds ${c.name}`, () => {
    const secret = c.secret();
    const text = c.text(secret);
    const found = findSecretsInText(text);
    assert.equal(
      found.map((m) => ({ detector: m.detector, kind: m.kind, start: m.start, end: m.end, value: m.value })),
      [{ detector: c.detector, kind: c.kind, start: text.indexOf(secret), end: text.indexOf(secret) + secret.length, value: secret }],
    );
  });
}

test('findTokens reports each token of a line in order, with offsets into the line', () => {
  const a = tokens.github('p');
  const b = tokens.npm();
  const c = tokens.awsKeyId();
  const text = `A=${a} B=${b} C=${c}`;
  assert.equal(
    findTokens(text).map((m) => [m.detector, m.start]),
    [
      ['github-pat', text.indexOf(a)],
      ['npm-token', text.indexOf(b)],
      ['aws-access-key-id', text.indexOf(c)],
    ],
  );
});

test('a token at the end of a 1 MB line is still found', () => {
  const t = tokens.github('p');
  const text = 'a'.repeat(1 << 20) + ' ' + t;
  assert.equal(findTokens(text).map((m) => m.start), [(1 << 20) + 1]);
});

test('the shortest token texts are still scanned (findTokens skips only shorter ones)', () => {
  assert.equal(findTokens('_auth=x9Kq2mZ7').map((m) => m.value), ['x9Kq2mZ7'], '14 characters');
  assert.equal(findTokens('_auth=x9Kq2mZ'), [], 'too short for the npm format');
});

test('a repeated name and value is judged the same each time (clean pairs are remembered)', () => {
  for (let i = 0; i < 3; i++) {
    assert.is(judgeAssignment('NODE_VERSION', '20'), null);
    assert.is(judgeAssignment('DB_PASSWORD', 'hunter2')?.value, 'hunter2');
    assert.is(judgeAssignment('CONFIG', 'password=hunter2x')?.value, 'hunter2x');
  }
});

// ---- false positives: none of these is a secret -------------------------------------

const hex = (n: number): string => random(n, HEX);
const jwtIoSample = (): string =>
  [
    Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url'),
    Buffer.from(JSON.stringify({ sub: '1234567890', name: 'John Doe', iat: 1516239022 })).toString('base64url'),
    random(43, BASE62),
  ].join('.');
const awsDocKeyId = (): string => 'AKIA' + 'IOSFODNN7' + 'EXAMPLE';
const awsDocSecret = (): string => 'wJalrXUtnFEMI/K7MDENG/bPxRf' + 'iCY' + 'EXAMPLEKEY';
const azuriteKey = (): string =>
  ['Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq', 'K1SZFPTOtr', 'KBHBeksoGMGw=='].join('/');

const clean: Array<[string, () => string]> = [
  // References.
  ['$VAR', () => 'PASSWORD=$DB_PASSWORD ./run'],
  ['${VAR}', () => 'export API_TOKEN="${API_TOKEN}"'],
  ['${VAR:-default}', () => 'PASSWORD=${PASSWORD:-$(cat /run/secrets/db)}'],
  ['GitHub expression', () => 'password: ${{ secrets.REGISTRY_PASSWORD }}'],
  ['command substitution', () => 'TOKEN=$(cat /run/secrets/token) make release'],
  ['Windows %VAR%', () => 'set PASSWORD=%DB_PASSWORD%'],
  ['Jinja template', () => '"password": "{{ vault_db_password }}"'],
  ['escaped reference written to .npmrc', () => 'echo "//npm.pkg.github.com/:_authToken=\\${NPM_TOKEN}" > .npmrc'],
  ['openssl env: indirection', () => 'apksigner sign --ks-pass "env:KEYSTORE_PASSWORD" app.apk'],
  ['URL userinfo from variables', () => 'git clone https://${USER}:${PASS}@git.acme.io/app.git'],
  ['URL userinfo from a CI variable', () => 'git push https://oauth2:${CI_JOB_TOKEN}@gitlab.com/acme/app.git'],
  ['curl -u from variables', () => 'curl -u "$NEXUS_USER:$NEXUS_PASSWORD" https://nexus'],
  ['chpasswd from a variable', () => 'echo "app:${APP_PASSWORD}" | chpasswd'],
  ['BuildKit secret mount', () => 'RUN --mount=type=secret,id=npm_token,target=/root/.npmrc npm ci'],
  ['BuildKit --secret spec', () => 'docker build --secret id=GITHUB_TOKEN,env=GITHUB_TOKEN .'],
  // Placeholders.
  ['<password>', () => 'PASSWORD=<password>'],
  ['***', () => 'PASSWORD=********'],
  ['xxx…', () => 'API_KEY=xxxxxxxxxxxxxxxx'],
  ['changeme', () => 'PASSWORD=changeme'],
  ['changeit', () => '-Djavax.net.ssl.trustStorePassword=changeit'],
  ['example', () => 'POSTGRES_PASSWORD=example'],
  ['password', () => 'MINIO_ROOT_PASSWORD=password'],
  ['secret', () => 'SECRET=secret'],
  ['your-…', () => 'TOKEN=your-token-here'],
  ['YOUR_…', () => 'API_KEY=YOUR_API_KEY'],
  ['dummy', () => 'PASSWORD=dummy'],
  ['redacted', () => 'TOKEN=[REDACTED]'],
  ['fake', () => 'ARG AWS_SECRET_ACCESS_KEY=FAKE_TO_GENERATE_WARNING_OUTPUT'],
  ['one repeated character', () => 'SECRET_KEY=00000000-0000-0000-0000-000000000000'],
  ['URL placeholders', () => 'smtp://user:pass@mail.acme.io:25'],
  ['documentation host', () => 'https://admin:s3cr3tpw@registry.example.com/v2/'],
  ['masked output of maskSecret', () => 'PASSWORD="hunt…"'],
  ['placeholder-shaped GitHub token', () => 'gh' + 'p_' + 'x'.repeat(36)],
  ['keyboard-sequence GitHub token', () => 'gh' + 'p_' + 'abcdefghijklmnopqrstuvwxyz0123456789'],
  ['Slack token without its numeric parts', () => 'SLACK_TOKEN=xoxb-foo'],
  // Documentation examples.
  ['AWS documentation key id', awsDocKeyId],
  ['AWS documentation secret key', () => `AWS_SECRET_ACCESS_KEY=${awsDocSecret()}`],
  ['AWS documentation secret key after aws configure', () => `aws configure set aws_secret_access_key ${awsDocSecret()}`],
  ['Stripe documentation test key', () => ['sk', 'test', '4eC39HqLyjWDarjtT1zdp7dc'].join('_')],
  ['Azurite storage emulator key', () => `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${azuriteKey()};`],
  ['jwt.io sample token', jwtIoSample],
  ['postgres image documentation password', () => 'docker run -e POSTGRES_PASSWORD=mysecretpassword postgres'],
  // Not secrets at all.
  ['Stripe publishable key', () => 'pk' + '_live_' + random(24)],
  ['checksum under a SHA name', () => `ENV_NODE_SHA256=${hex(64)} TOKEN_SHA256=${hex(64)}`],
  ['hex digest', () => `FROM alpine@sha256:${hex(64)}`],
  ['digest value under a secret name', () => `TOKEN_DIGEST=sha256:${hex(64)}`],
  ['base64 integrity digest', () => `"integrity": "sha512-${random(86, BASE64)}=="`],
  ['UUID under a non-secret name', () => `REQUEST_ID=${tokens.uuid()} "id": "${tokens.uuid()}"`],
  ['--password-stdin', () => 'echo "$CR_PAT" | docker login ghcr.io -u acme --password-stdin'],
  ['--password-stdin before the registry', () => 'docker login --password-stdin ghcr.io'],
  ['PWD is the working directory', () => 'PWD=/app\ndocker run -v "$PWD":/src -w /src node'],
  ['mysql -p without a value, ssh -p, docker run -p', () => 'mysql -u root -p app && ssh -p 22 host && docker run -p 8080:80 nginx && psql -p 5432'],
  ['public key', () => `-----BEGIN PUBLIC KEY-----\n${random(64, BASE64)}\n${random(64, BASE64)}\n-----END PUBLIC KEY-----`],
  ['certificate', () => `-----BEGIN CERTIFICATE-----\n${random(64, BASE64)}\n${random(64, BASE64)}\n-----END CERTIFICATE-----`],
  ['PGP public key block', () => `-----BEGIN PGP PUBLIC KEY BLOCK-----\n${random(64, BASE64)}\n-----END PGP PUBLIC KEY BLOCK-----`],
  ['SSH public key', () => `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA${random(43, BASE64)} ci@acme`],
  ['private key with an elided body', () => '-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----'],
  ['SSH remote', () => 'git clone git@github.com:acme/app.git && git clone ssh://git@github.com/acme/app'],
  ['image reference with digest after docker://', () => `skopeo copy docker://docker:29.3@sha256:${hex(64)} oci:x`],
  ['host:port mistaken for userinfo', () => 'mitmdump --mode reverse:https://httpbin.org:443@8443'],
  ['sudoers NOPASSWD', () => 'echo "app ALL=(ALL) NOPASSWD: ALL" >> /etc/sudoers && echo "%wheel ALL=(ALL) NOPASSWD:ALL"'],
  ['auth method names', () => 'REGISTRY_AUTH=htpasswd KAFKA_SSL_CLIENT_AUTH=required auth = auth6002'],
  ['names about the secret', () => 'PASSWORD_FILE=/run/secrets/db TOKEN_URL=https://auth.docker.io/token PASSWORD_MIN_LENGTH=12 DB_USER=admin'],
  ['booleans', () => 'persist-credentials: false\nTOKENIZERS_PARALLELISM=false\nALLOW_EMPTY_PASSWORD=yes'],
  ['names of secrets', () => 'quayio_token: "QUAY_BUILDER_TOKEN"\n--image-pull-secret=ghcr-auth\nANTHROPIC_API_KEY=anthropic:api-key'],
  ['code, not a literal', () => 'const missingSecrets = Object.entries(secrets)\ntoken = getToken(scope)'],
  ['prose', () => 'Pass the token with --token instead of --password; never set PASSWORD= in a Dockerfile.'],
  ['interactive htpasswd, keytool placeholder, openssl reference', () => 'htpasswd -c .htpasswd admin && keytool -list -storepass changeit && openssl req -passin pass:$PW'],
  ['netrc entry from a variable', () => 'echo "machine github.com login ci password ${GH_TOKEN}" > ~/.netrc'],
  ['a base64 docker auth without a password', () => `{"auths":{"ghcr.io":{"auth":"${Buffer.from('acme:').toString('base64')}"}}}`],
  ['eyJ… base64 JSON that is not a JWT', () => Buffer.from(JSON.stringify({ auths: { 'ghcr.io': {} } })).toString('base64')],
];

for (const [name, make] of clean) {
  test(`clean: ${name}`, () => {
    const text = make();
    assert.equal(findSecretsInText(text), [], text);
  });
}

// ---- judgeAssignment: named values -------------------------------------------------

interface Named {
  name: string;
  value: () => string;
  /** The secret inside the value (default: the whole value). */
  secret?: (value: string) => string;
  detector: string;
  kind: string;
}

const named: Named[] = [
  { name: 'PASSWORD', value: () => '1234', detector: 'secret-assignment', kind: 'password' },
  { name: 'DB_PASSWORD', value: () => `"${pw()}"`, secret: (v) => v.slice(1, -1), detector: 'secret-assignment', kind: 'password' },
  { name: 'MYSQL_PWD', value: () => 'naked', detector: 'secret-assignment', kind: 'password' },
  { name: 'LDAP_ROOTPASS', value: () => 'fsociety', detector: 'secret-assignment', kind: 'password' },
  { name: 'SERVER_RCONPWD', value: () => 'webhippie', detector: 'secret-assignment', kind: 'password' },
  { name: 'apiKey', value: pw, detector: 'secret-assignment', kind: 'API key' },
  { name: 'x-api-key', value: pw, detector: 'secret-assignment', kind: 'API key' },
  { name: 'SESSION_SECRET', value: tokens.uuid, detector: 'secret-assignment', kind: 'secret' },
  { name: 'DJANGO_SECRET_KEY', value: pw, detector: 'secret-assignment', kind: 'secret key' },
  { name: 'GH_PAT', value: pw, detector: 'secret-assignment', kind: 'token' },
  { name: 'SSH_PRIVATE_KEY', value: pw, detector: 'secret-assignment', kind: 'private key' },
  { name: 'BASIC_AUTH', value: () => `admin:${pw()}`, detector: 'secret-assignment', kind: 'auth credentials' },
  { name: 'NPM_AUTH', value: () => tokens.dockerAuth('ci', pw()), detector: 'secret-assignment', kind: 'auth credentials' },
  { name: 'AWS_SECRET_ACCESS_KEY', value: tokens.awsSecret, detector: 'aws-secret-key', kind: 'AWS secret access key' },
  { name: 'AZURE_CLIENT_SECRET', value: pw, detector: 'azure-client-secret', kind: 'Azure client secret' },
  { name: 'ACR_PASSWORD', value: pw, detector: 'azure-acr-password', kind: 'Azure Container Registry password' },
  { name: '_authToken', value: tokens.uuid, detector: 'npm-auth-token', kind: 'npm auth token' },
  // Known formats whatever the name.
  { name: 'GITHUB_TOKEN_FILE', value: () => tokens.github('p'), detector: 'github-pat', kind: 'GitHub personal access token' },
  { name: 'DESCRIPTION', value: () => `built with ${tokens.npm()}`, secret: (v) => v.slice(11), detector: 'npm-token', kind: 'npm access token' },
  // Non-secret names whose value holds a password.
  { name: 'DATABASE_URL', value: () => `postgres://app:${pw()}@db/app`, secret: (v) => v.slice(15, v.indexOf('@')), detector: 'connection-string-password', kind: 'password in postgres connection string' },
  { name: 'JAVA_OPTS', value: () => `-Xmx1g -Ddb.password=${pw()}`, secret: (v) => v.slice(v.indexOf('=') + 1), detector: 'secret-assignment', kind: 'password' },
];

for (const c of named) {
  test(`judgeAssignment(${c.name}) is a finding`, () => {
    const value = c.value();
    const secret = c.secret ? c.secret(value) : value;
    const match = judgeAssignment(c.name, value);
    assert.equal(match && pick(match), { detector: c.detector, kind: c.kind, start: value.indexOf(secret), value: secret });
  });
}

function pick(m: SecretMatch): Omit<SecretMatch, 'end'> {
  assert.is(m.end, m.start + m.value.length);
  return { detector: m.detector, kind: m.kind, start: m.start, value: m.value };
}

const cleanNamed: Array<[string, () => string]> = [
  ['PASSWORD', () => ''],
  ['PASSWORD', () => '  '],
  ['PASSWORD', () => '$DB_PASSWORD'],
  ['password', () => '${{ secrets.REGISTRY_PASSWORD }}'],
  ['TOKEN', () => '${{ steps.app-token.outputs.token }}'],
  ['PASSWORD', () => '<your password>'],
  ['POSTGRES_PASSWORD_FILE', () => '/run/secrets/db-password'],
  ['GOOGLE_APPLICATION_CREDENTIALS', () => '/secrets/key.json'],
  ['SECRET_FILE', () => '$BASE_DIR/secret.txt'],
  ['PWD', () => '/app'],
  ['OLDPWD', () => '/'],
  ['NODE_SHA256', () => hex(64)],
  ['GPG_KEY', () => hex(40).toUpperCase()],
  ['GPG_KEYS', () => `${hex(40)} ${hex(40)}`],
  ['TINI_SIGNING_KEY', () => hex(40).toUpperCase()],
  ['RELEASE_KEY_ID', () => hex(16)],
  ['TOKEN_SHA512', () => hex(128)],
  ['IMAGE_DIGEST', () => `sha256:${hex(64)}`],
  ['REQUEST_ID', tokens.uuid],
  ['TOKEN_URL', () => 'https://auth.docker.io/token'],
  ['DATABASE_URL', () => 'postgres://db:5432/app'],
  ['PASSWORD_MIN_LENGTH', () => '12'],
  ['MAX_TOKENS', () => '4096'],
  ['DB_USER', () => 'admin'],
  ['REGISTRY_USERNAME', () => 'acme'],
  ['REGISTRY_AUTH', () => 'htpasswd'],
  ['POSTGRES_HOST_AUTH_METHOD', () => 'trust'],
  ['AWS_SECRET_ACCESS_KEY', awsDocSecret],
  ['AWS_ACCESS_KEY_ID', awsDocKeyId],
  ['AWS_SECRET_ACCESS_KEY', () => 'FAKE_TO_GENERATE_WARNING_OUTPUT'],
  ['AWS_SECRET_ACCESS_KEY', () => 'loggingsecretaccesskey'],
  ['MINIO_ROOT_PASSWORD', () => 'password'],
  ['SECRET_KEY', () => '**NULL**'],
  ['MTP_SECRET', () => '0'.repeat(32)],
  ['HUBOT_SLACK_TOKEN', () => 'xxxxxxxxxxxxxxxxxxxx'],
  ['PPFL_PASSWORD', () => 'yourpassword'],
  ['MSSQL_SA_PASSWORD', () => 'yourStrong(!)Password'],
  ['VULTR_API_KEY', () => 'fake'],
  ['id-token', () => 'write'],
  ['persist-credentials', () => 'false'],
  ['quayio_token', () => 'QUAY_IMAGE_BUILDER_TOKEN'],
  ['KAFKA_SSL_KEYSTORE_CREDENTIALS', () => 'broker_keystore_creds'],
  ['image-pull-secret', () => 'ghcr-auth'],
  ['GH_AW_SECRET_NAMES', () => 'COPILOT_GITHUB_TOKEN,GITHUB_TOKEN'],
  ['SSH_PUBLIC_KEY', () => `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA${random(43, BASE64)}`],
  ['STRIPE_PUBLISHABLE_KEY', () => 'pk' + '_live_' + random(24)],
  ['CACHE_KEY', () => 'linux-go-build-v1'],
  ['COMPOSE_PASSWORD_HASH', () => `$2y$10$${random(53, BASE62)}`],
];

for (const [name, make] of cleanNamed) {
  test(`judgeAssignment(${name}) is clean`, () => {
    const value = make();
    assert.is(judgeAssignment(name, value), null, `${name}=${value}`);
  });
}

// ---- names, values, files ---------------------------------------------------------

const names: Array<[string, boolean]> = [
  ['PASSWORD', true],
  ['db_password', true],
  ['PGPASSWORD', true],
  ['PASSWD', true],
  ['GPG_PASSPHRASE', true],
  ['MYSQL_PWD', true],
  ['SMTP_PASS', true],
  ['SECRET', true],
  ['clientSecret', true],
  ['GITHUB_TOKEN', true],
  ['_authToken', true],
  ['API_KEY', true],
  ['apiKey', true],
  ['APIKEY', true],
  ['x-api-key', true],
  ['ACCESS_KEY', true],
  ['SecretAccessKey', true],
  ['PRIVATE_KEY', true],
  ['GOOGLE_CREDENTIALS', true],
  ['DOCKER_CREDS', true],
  ['NPM_AUTH', true],
  ['auth', true],
  ['sftp.password', true],
  ['--admin-password', true],
  ['PWD', false],
  ['OLDPWD', false],
  ['AUTHOR', false],
  ['AUTH_TYPE', false],
  ['PASSWORD_FILE', false],
  ['PASSWORD_PATH', false],
  ['PASSWORD_MIN_LENGTH', false],
  ['MAX_TOKENS', false],
  ['TOKEN_TTL', false],
  ['PASSWORD_POLICY', false],
  ['TOKEN_URL', false],
  ['DB_PASSWORD_USER', false],
  ['REGISTRY_USERNAME', false],
  ['SECRET_NAME', false],
  ['AWS_ACCESS_KEY_ID', false],
  ['GPG_KEY', false],
  ['CACHE_KEY', false],
  ['PUBLIC_KEY', false],
  ['restore-keys', false],
  ['password-stdin', false],
  ['NOPASSWD', false],
  ['BYPASS', false],
  ['TOKENIZERS_PARALLELISM', false],
  ['GH_AW_MAX_AI_CREDITS', false],
  ['imagePullSecrets', false],
  ['SECRETS_MANAGER_ARN', false],
];

test('isSecretName', () => {
  assert.equal(
    names.map(([name]) => [name, isSecretName(name)]),
    names,
  );
});

const values: Array<[string, boolean]> = [
  ['', true],
  ['$X', true],
  ['${X}', true],
  ['${{ secrets.X }}', true],
  ['$(cat /run/secrets/x)', true],
  ['%X%', true],
  ['<token>', true],
  ['***', true],
  ['xxxx', true],
  ['changeme', true],
  ['changeit', true],
  ['example', true],
  ['password', true],
  ['secret', true],
  ['your-token', true],
  ['YOUR_TOKEN', true],
  ['dummy', true],
  ['redacted', true],
  ['"quoted-changeme"', true],
  ['1234', false],
  ['hunter2', false],
  ['admin', false],
  ['P@ssw0rd', false],
];

test('isCleanValue', () => {
  assert.equal(
    values.map(([value]) => [value, isCleanValue(value)]),
    values,
  );
});

const files: Array<[string, string | null]> = [
  ['.npmrc', 'npm credentials file (.npmrc)'],
  ['app/.pypirc', 'PyPI credentials file (.pypirc)'],
  ['id_rsa', 'SSH private key'],
  ['/home/ci/.ssh/id_ed25519', 'SSH private key'],
  ['id_ecdsa', 'SSH private key'],
  ['id_dsa', 'SSH private key'],
  ['id_rsa.pub', null],
  ['.ssh/', 'SSH directory (.ssh)'],
  ['certs/server.key', 'private key file'],
  ['key.pem', 'private key file'],
  ['*.pem', 'private key file'],
  ['certs/ca.pem', null],
  ['fullchain.pem', null],
  ['ffdhe2048.pem', null], // Diffie-Hellman parameters are public (corpus false positive)
  ['ssl/dhparam.pem', null],
  ['cert.pem', null],
  ['nodesource-repo.gpg.key', null],
  ['keystore.p12', 'PKCS#12 key store'],
  ['.env', 'environment file (.env)'],
  ['.env.production', 'environment file (.env)'],
  ['.env.example', null],
  ['.env.sample', null],
  ['.env.template', null],
  ['.docker/config.json', 'Docker credentials file (.docker/config.json)'],
  ['/root/.docker/config.json', 'Docker credentials file (.docker/config.json)'],
  ['config.json', null],
  ['.netrc', 'netrc credentials file'],
  ['.git-credentials', 'Git credentials file (.git-credentials)'],
  ['credentials.json', 'cloud credentials file'],
  ['service-account-prod.json', 'cloud credentials file'],
  ['.aws/credentials', 'AWS credentials file'],
  ['~/.aws/credentials', 'AWS credentials file'],
  ['kubeconfig', 'kubeconfig'],
  ['.kube/config', 'kubeconfig'],
  ['package.json', null],
  ['src/', null],
  ['.', null],
  ['C:\\Users\\ci\\.ssh\\id_rsa', 'SSH private key'],
];

test('credentialFileKind', () => {
  assert.equal(
    files.map(([path]) => [path, credentialFileKind(path)]),
    files,
  );
});

// ---- linear time: hostile 1 MB lines complete (no timing assertion) -----------------

const MB = 1 << 20;
const fill = (unit: string): string => unit.repeat(Math.ceil(MB / unit.length)).slice(0, MB);
const hostile: Array<[string, () => string]> = [
  ['a', () => fill('a')],
  ['AKIA repeats', () => fill('AKIA')],
  ['AKIA-shaped keys', () => fill(tokens.awsKeyId() + ' ')],
  ['AKIA glued keys', () => fill(tokens.awsKeyId())],
  ['= signs', () => fill('a=')],
  ['password= repeats', () => fill('password=')],
  ['spaces after password=', () => 'password =' + fill(' ') + 'x'],
  ['scheme separators', () => fill('a://')],
  ['userinfo without host', () => 'https://' + fill('a:') + '@'],
  ['PEM BEGIN lines', () => fill('-----BEGIN RSA PRIVATE KEY-----')],
  ['PEM without END', () => '-----BEGIN RSA PRIVATE KEY-----\n' + fill('A')],
  ['JSON keys', () => fill('"password":')],
  ['docker auth keys', () => fill('"auth":"')],
  ['service-account keys', () => '"type":"service_account"' + fill('"private_key":"')],
  ['JWT prefixes', () => fill('eyJ')],
  ['curl -u', () => fill('curl -u ')],
  ['echo | chpasswd', () => 'echo ' + fill(' ') + '| chpasswd'],
  ['long flags', () => fill('--password ')],
  ['GitLab prefixes', () => fill('glpat-')],
  ['GitLab dotted', () => 'glpat-' + fill('aaaaaaaaaaaaaaaaaaaaa.')],
  ['base64', () => fill(random(64, BASE64))],
  ['non-alphanumerics after a name', () => 'PASSWORD=' + fill('!') + 'a'],
  ['escaped JSON keys', () => fill('\\"password\\": \\"a')],
  ['unclosed quote glued to a value', () => 'PASSWORD=a"' + fill('b')],
  ['quoted flag values', () => fill('--password "a ')],
  ['netrc-like words', () => fill('machine a login b password ')],
  ['htpasswd flags', () => fill('htpasswd -b ')],
  ['upper-case name', () => fill('A') + '=x'],
];

for (const [name, make] of hostile) {
  test(`linear on a 1 MB line: ${name}`, () => {
    const text = make();
    assert.ok(Array.isArray(findSecretsInText(text)));
    assert.ok(Array.isArray(findTokens(text)));
    judgeAssignment('PASSWORD', text);
    judgeAssignment('NOTES', text);
    judgeAssignment(text.slice(0, 4096), 'x');
  });
}

test('judgeAssignment: multi-line and JSON values under a secret name are judged entry by entry', () => {
  // build-push-action `secret-envs` maps secret ids to environment variable names.
  assert.is(judgeAssignment('secret-envs', 'MYSECRET=ENV_SECRET\nINVALID_SECRET=\n'), null);
  // codeql-action start-proxy `registry_secrets` without credentials (corpus false positive).
  assert.is(judgeAssignment('registry_secrets', '[\n  {\n    "type": "maven_repository",\n    "url": "https://repo.maven.apache.org/maven2/"\n  }\n]\n'), null);
  assert.is(judgeAssignment('registry_secrets', '[{"type": "docker_registry", "url": "https://ghcr.io", "password": "realpass123"}]')?.value, 'realpass123');
  assert.is(judgeAssignment('secrets', 'GIT_AUTH_TOKEN=Q3x9vLk2mP8rT5wZ1nB7\nnpm_token=${{ secrets.NPM }}\n')?.value, 'Q3x9vLk2mP8rT5wZ1nB7');
  assert.is(judgeAssignment('secrets', 'GIT_AUTH_TOKEN=${{ secrets.GITHUB_TOKEN }}\n'), null);
  assert.is(judgeAssignment('DB_PASSWORD', 'hunter2')?.value, 'hunter2', 'a single value is still one secret');
});

test.run();
