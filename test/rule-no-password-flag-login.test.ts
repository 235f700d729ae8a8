import rule from '../rules/no-password-flag-login/index.js';
import { ruleTester } from './helpers/rule-tester.js';

const sh = (code: string) => ({ code, kind: 'shell' as const, filename: 'deploy.sh' });

ruleTester(rule, {
  valid: [
    sh('printf %s "$TOKEN" | docker login -u ci --password-stdin registry.example.com\n'),
    sh('mysql -u root -p db < dump.sql\n'),
    sh('ssh -p 22 deploy@host true\n'),
    sh('docker run -p 8080:80 nginx:1.27\n'),
    sh('psql -p 5432 -U app\n'),
    sh('docker login registry.example.com\n'),
    sh('podman login --authfile /run/secrets/auth.json quay.io\n'),
    sh('skopeo copy --authfile auth.json docker://a/b:1 docker://c/d:1\n'),
    sh('skopeo copy --src-creds "$SRC_CREDS" docker://a/b:1 docker://c/d:1\n'),
    sh('echo "docker login -p is bad"\n'),
    sh('regctl registry login --pass-stdin -u ci ghcr.io < token\n'),
    sh('helm registry login ghcr.io -u ci --password-stdin\n'),
    { code: 'FROM alpine:3.20\nRUN echo hi && apk add docker-cli\n', name: 'a Dockerfile without logins' },
    { code: 'FROM alpine:3.20\nRUN ["docker", "login", "--password-stdin"]\n' },
  ],
  invalid: [
    {
      ...sh('docker login -u ci -p "$TOKEN" registry.example.com\n'),
      errors: [{ messageId: 'passwordFlag', line: 1, column: 20 }],
      output: 'printf \'%s\' "$TOKEN" | docker login -u ci --password-stdin registry.example.com\n',
    },
    {
      ...sh('sudo -E docker login -u ci --password=$TOKEN reg.io && docker push reg.io/a/b:1\n'),
      errors: [{ messageId: 'passwordFlag', line: 1, column: 28 }],
      output: 'printf \'%s\' $TOKEN | sudo -E docker login -u ci --password-stdin reg.io && docker push reg.io/a/b:1\n',
    },
    {
      ...sh('env DOCKER_CONFIG=/tmp/d docker login -p"$P" -u ci reg.io\n'),
      errors: [{ messageId: 'passwordFlag', line: 1, column: 39 }],
      output: 'printf \'%s\' "$P" | env DOCKER_CONFIG=/tmp/d docker login --password-stdin -u ci reg.io\n',
    },
    {
      ...sh('docker --config /tmp/cfg login -p=hunter2 reg.io\n'),
      errors: [{ messageId: 'passwordFlag', line: 1, column: 32 }],
      output: null,
      name: 'a literal password gets no fix (a fix would print it)',
    },
    {
      ...sh('docker login -u ci -p $((x reg.io\n'),
      errors: [{ messageId: 'passwordFlag', line: 1, column: 20 }],
      output: null,
      name: 'a broken expansion is not a reference: no fix',
    },
    {
      ...sh('echo "$TOKEN" | docker login -p "$TOKEN" reg.io\n'),
      errors: [{ messageId: 'passwordFlag', line: 1, column: 30 }],
      output: null,
      name: 'piped: no fix',
    },
    {
      ...sh('out=$(podman login -u u -p "$P" quay.io)\n'),
      errors: [{ messageId: 'passwordFlag', line: 1, column: 25 }],
      output: null,
      name: 'inside $(…): no fix',
    },
    {
      ...sh('( cd /tmp; nerdctl login -u u --password "$P" reg.io )\n'),
      errors: [{ messageId: 'passwordFlag', line: 1, column: 31 }],
      output: '( cd /tmp; printf \'%s\' "$P" | nerdctl login -u u --password-stdin reg.io )\n',
    },
    {
      ...sh('docker login \\\n  -u ci \\\n  -p "$TOKEN" \\\n  reg.io\n'),
      errors: [{ messageId: 'passwordFlag', line: 3, column: 3 }],
      output: 'printf \'%s\' "$TOKEN" | docker login \\\n  -u ci \\\n  --password-stdin \\\n  reg.io\n',
      name: 'line continuations',
    },
    {
      ...sh('helm registry login ghcr.io -u ci -p "$T"\noras login -u ci --password "$T" ghcr.io\ncrane auth login ghcr.io -u ci -p "$T"\nregctl registry login -u ci --pass "$T" ghcr.io\n'),
      errors: [
        { messageId: 'passwordFlag', line: 1, column: 35 },
        { messageId: 'passwordFlag', line: 2, column: 18 },
        { messageId: 'passwordFlag', line: 3, column: 32 },
        { messageId: 'passwordFlag', line: 4, column: 29 },
      ],
      output: 'printf \'%s\' "$T" | helm registry login ghcr.io -u ci --password-stdin\nprintf \'%s\' "$T" | oras login -u ci --password-stdin ghcr.io\nprintf \'%s\' "$T" | crane auth login ghcr.io -u ci --password-stdin\nprintf \'%s\' "$T" | regctl registry login -u ci --pass-stdin ghcr.io\n',
    },
    {
      ...sh('skopeo copy --src-creds ci:hunter2 --dest-creds="$U:$P" docker://a/b:1 docker://c/d:1\n'),
      errors: [{ messageId: 'creds', line: 1, column: 13 }, { messageId: 'creds', line: 1, column: 36 }],
    },
    {
      code: 'FROM docker:27-cli\nRUN --mount=type=secret,id=t docker login -u ci -p "$(cat /run/secrets/t)" reg.io && \\\n    docker push reg.io/a/b:1\n',
      errors: [{ messageId: 'passwordFlag', line: 2, column: 49 }],
      output: 'FROM docker:27-cli\nRUN --mount=type=secret,id=t printf \'%s\' "$(cat /run/secrets/t)" | docker login -u ci --password-stdin reg.io && \\\n    docker push reg.io/a/b:1\n',
      name: 'Dockerfile RUN with flags',
    },
    {
      code: 'FROM docker:27-cli\nRUN <<EOF\nset -e\ndocker login -u ci -p "$TOKEN" reg.io\nEOF\n',
      errors: [{ messageId: 'passwordFlag', line: 4, column: 20 }],
      output: 'FROM docker:27-cli\nRUN <<EOF\nset -e\nprintf \'%s\' "$TOKEN" | docker login -u ci --password-stdin reg.io\nEOF\n',
      name: 'heredoc RUN',
    },
    {
      code: 'FROM docker:27-cli\nRUN ["docker", "login", "-p", "x", "reg.io"]\n',
      errors: [{ messageId: 'passwordFlag', line: 2, column: 25 }],
      output: null,
      name: 'exec form: reported, not fixable',
    },
    {
      code: 'deploy:\n\tdocker login -u ci -p "$$TOKEN" reg.io\n',
      kind: 'shell',
      filename: 'Makefile',
      errors: [{ messageId: 'passwordFlag', line: 2, column: 21 }],
      output: 'deploy:\n\tprintf \'%s\' "$$TOKEN" | docker login -u ci --password-stdin reg.io\n',
      name: 'Makefile recipe',
    },
  ],
});
