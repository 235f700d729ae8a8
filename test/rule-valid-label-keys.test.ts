import rule from '../rules/valid-label-keys/index.js';
import { ruleTester } from './helpers/rule-tester.js';

const OCI_ALL =
  'FROM alpine:3.20\n' +
  'LABEL org.opencontainers.image.created=2024-01-01T00:00:00Z \\\n' +
  '      org.opencontainers.image.authors=a@example.com org.opencontainers.image.url=https://example.com \\\n' +
  '      org.opencontainers.image.documentation=https://example.com/docs org.opencontainers.image.source=https://example.com/src \\\n' +
  '      org.opencontainers.image.version=1.0.0 org.opencontainers.image.revision=abc org.opencontainers.image.vendor=ACME \\\n' +
  '      org.opencontainers.image.licenses=MIT org.opencontainers.image.ref.name=1.0.0 org.opencontainers.image.title=App \\\n' +
  '      org.opencontainers.image.description=Text org.opencontainers.image.base.digest=sha256:00 org.opencontainers.image.base.name=alpine\n';

ruleTester(rule, {
  valid: [
    { code: 'FROM alpine:3.20\nLABEL com.example.vendor=ACME\n' },
    { code: 'FROM alpine:3.20\nLABEL maintainer="Jane Doe <jane@example.com>"\n', name: 'keys without a namespace' },
    { code: 'FROM alpine:3.20\nLABEL maintainer Jane Doe\n', name: 'legacy LABEL key value' },
    { code: 'FROM alpine:3.20\nLABEL "org.opencontainers.image.source"="https://example.com"\n', name: 'quoted key' },
    { code: OCI_ALL, name: 'every OCI annotation key' },
    { code: 'FROM alpine:3.20\nLABEL com.example.ipv4=yes io.k8s.display-name=App org.label-schema.schema-version=1.0\n', name: 'digits and hyphens' },
    { code: 'FROM alpine:3.20\nLABEL org.opencontainers.artifact.created=2024-01-01\n', name: 'other OCI namespaces are not the image namespace' },
    { code: 'FROM alpine:3.20\nLABEL ${PREFIX}.version=1\n', name: 'key with an unresolved variable is skipped' },
    { code: 'FROM alpine:3.20\nLABEL vendor="ACME Corp"\n', name: 'value case is free' },
    { code: '# escape=`\nFROM alpine:3.20\nLABEL com.example.a=1 `\n      com.example.b=2\n', name: 'escape directive' },
    { code: '\uFEFFFROM alpine:3.20\r\nLABEL com.example.a=1 \\\r\n      com.example.b=2\r\n', name: 'BOM and CRLF' },
  ],
  invalid: [
    {
      code: 'FROM alpine:3.20\nLABEL Com.Example=1\n',
      errors: [{ messageId: 'uppercase', line: 2, column: 7, endColumn: 18, message: 'Label key "Com.Example" has uppercase letters; label keys are lowercase ("com.example").' }],
    },
    { code: 'FROM alpine:3.20\nLABEL "Com.Example"="1"\n', errors: [{ messageId: 'uppercase', line: 2, column: 7 }], name: 'quoted key' },
    { code: 'FROM alpine:3.20\nLABEL Maintainer Jane Doe\n', errors: [{ messageId: 'uppercase', line: 2, column: 7, endColumn: 17 }], name: 'legacy form' },
    {
      code: 'FROM alpine:3.20\nLABEL org.opencontainers.image.sorce=https://example.com\n',
      errors: [{ messageId: 'ociTypo', line: 2, column: 7, endColumn: 37, message: 'did you mean "org.opencontainers.image.source"?' }],
    },
    { code: 'FROM alpine:3.20\nLABEL org.opencontainers.image.licence=MIT\n', errors: [{ messageId: 'ociTypo', line: 2, column: 7, message: '"org.opencontainers.image.licenses"' }] },
    { code: 'FROM alpine:3.20\nLABEL org.opencontainer.image.source=x\n', errors: [{ messageId: 'ociTypo', line: 2, column: 7, message: '"org.opencontainers.image.source"' }], name: 'misspelt namespace' },
    { code: 'FROM alpine:3.20\nLABEL org.opencontainers.image.name=app\n', errors: [{ messageId: 'unknownOciKey', line: 2, column: 7, message: 'created, authors, url' }], name: 'unknown key, nothing close' },
    { code: 'FROM alpine:3.20\nLABEL Org.OpenContainers.Image.Sorce=x\n', errors: [{ messageId: 'uppercase', line: 2, column: 7, message: '("org.opencontainers.image.source")' }], name: 'uppercase suggestion is the OCI key' },
    { code: 'FROM alpine:3.20\nLABEL com.example..name=x\n', errors: [{ messageId: 'consecutiveSeparators', line: 2, column: 7, message: '".."' }] },
    { code: 'FROM alpine:3.20\nLABEL com.example.-name=x\n', errors: [{ messageId: 'consecutiveSeparators', line: 2, column: 7, message: '".-"' }] },
    { code: 'FROM alpine:3.20\nLABEL .com.example=x\n', errors: [{ messageId: 'edgeSeparator', line: 2, column: 7 }] },
    { code: 'FROM alpine:3.20\nLABEL com.example-=x\n', errors: [{ messageId: 'edgeSeparator', line: 2, column: 7 }] },
    { code: 'FROM alpine:3.20\nLABEL com_example=x\n', errors: [{ messageId: 'invalidCharacter', line: 2, column: 7, message: 'contains "_"' }] },
    { code: 'FROM alpine:3.20\nLABEL com.example/name=x\n', errors: [{ messageId: 'invalidCharacter', line: 2, column: 7, message: 'contains "/"' }] },
    { code: 'FROM alpine:3.20\nLABEL "my key"=x\n', errors: [{ messageId: 'invalidCharacter', line: 2, column: 7, message: 'contains " "' }], name: 'space in a quoted key' },
    {
      code: 'FROM alpine:3.20\nLABEL a=1 B=2 c..d=3\n',
      errors: [{ messageId: 'uppercase', line: 2, column: 11 }, { messageId: 'consecutiveSeparators', line: 2, column: 15 }],
      name: 'several keys on one line',
    },
    {
      code: 'FROM alpine:3.20\nLABEL com.example.a=1 \\\n      Com.Example=2 \\\n  org.opencontainers.image.sorce=x\n',
      errors: [{ messageId: 'uppercase', line: 3, column: 7 }, { messageId: 'ociTypo', line: 4, column: 3 }],
      name: 'multi-line with continuations',
    },
    {
      code: 'FROM alpine:3.20 AS build\nLABEL Com.Build=1\nFROM build\nLABEL com.example.ok=1 Com.Final=2\n',
      errors: [{ messageId: 'uppercase', line: 2, column: 7 }, { messageId: 'uppercase', line: 4, column: 24 }],
      name: 'every stage',
    },
    { code: '# escape=`\nFROM alpine:3.20\nLABEL com.example.a=1 `\n      Com.X=2\n', errors: [{ messageId: 'uppercase', line: 4, column: 7 }], name: 'escape directive' },
    {
      code: '\uFEFFFROM alpine:3.20\r\nLABEL com.example.a=1 \\\r\n      Com.Example=2\r\n',
      errors: [{ messageId: 'uppercase', line: 3, column: 7, endColumn: 18 }],
      name: 'BOM + CRLF positions',
    },
  ],
});
