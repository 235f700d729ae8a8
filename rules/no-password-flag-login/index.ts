// A password on the command line is visible to every process on the machine,
// lands in shell history and is echoed by CI logs. Registry tools all read it
// from standard input instead.

import { defineRule } from '../../src/engine/rule.js';
import type { CommandNode, Range } from '../../src/models/nodes.js';
import type { Fix } from '../../src/models/finding.js';
import {
  LOGIN_PROGRAMS,
  credsArguments,
  loginCommand,
  passwordArguments,
  type LoginCommand,
  type PasswordArgument,
} from '../../src/analysis/registry-login.js';

// `$$` is make's escape for `$` in Makefile recipes.
const COMPLETE_REFERENCE = /^(["']?)\$?(?:\$[A-Za-z_][A-Za-z0-9_]*|\$\{[A-Za-z_][A-Za-z0-9_]*(?:[:?+=-][^{}]*)?\}|\$\([^()]*\))\1$/;

export default defineRule({
  meta: {
    id: 'no-password-flag-login',
    kinds: ['dockerfile', 'github-workflow', 'gitlab-ci', 'shell'],
    description: 'Disallow registry logins that take the password on the command line.',
    rationale:
      '`docker login -p "$TOKEN"` puts the token in the process list, in shell history and, with `set -x` or a ' +
      'verbose CI runner, in the build log. `--password-stdin` (and `--authfile` for `--creds`) keep it out of all three.',
    security: true,
    recommended: 'error',
    strict: 'error',
    fixable: true,
    // Only scripts that log in or pass credentials are shell-parsed for this rule.
    commandFilter: /(?<![\w.-])(?:login|--(?:src-|dest-|from-)?creds)(?![\w-])/,
    commandPrograms: new Set(LOGIN_PROGRAMS),
    schema: { type: 'object', properties: {}, additionalProperties: false },
    defaults: {},
    messages: {
      passwordFlag:
        '"{{command}}" takes the password on the command line ("{{flag}}"), where process lists, shell history and CI logs see it; pipe it in with "{{stdinFlag}}".',
      creds:
        '"{{flag}}" passes "user:password" on the command line; log in with "--password-stdin" first or use "--authfile".',
    },
  },
  create(context) {
    /** `printf '%s' VALUE | <command up to the flag> --password-stdin`, when the command stands alone. */
    const fixFor = (command: CommandNode, login: LoginCommand, argument: PasswordArgument, count: number): Fix | undefined => {
      const value = argument.value;
      // Exec form (`RUN ["docker", …]`) has no shell to pipe with. A literal password is
      // not moved into a fix (fixes are printed): it must leave the file altogether.
      if (!value || count !== 1 || command.script.exec || !value.dynamic) return undefined;
      const lineStart: Range = { line: command.fullRange.line, column: 1, endLine: command.fullRange.line, endColumn: command.fullRange.column };
      // Piped or substituted commands already have a stdin (or an output) we must not take over.
      if (/(^|[^|])\|\s*$|\$\(\s*$|`\s*$/.test(context.sourceText(lineStart))) return undefined;
      let valueSource = context.sourceText(value.range);
      if (argument.attached) {
        const prefix = [`${argument.flagName}=`, argument.flagName].find((p) => valueSource.startsWith(p));
        if (!prefix) return undefined;
        valueSource = valueSource.slice(prefix.length);
      }
      // Only a whole reference moves into the fix (`$P`, `"${P}"`, `"$(cat f)"`): anything
      // else may be a literal, and fixes are printed.
      if (!COMPLETE_REFERENCE.test(valueSource)) return undefined;
      const head = context.sourceText({ line: command.fullRange.line, column: command.fullRange.column, endLine: argument.flag.range.line, endColumn: argument.flag.range.column });
      return {
        range: { line: command.fullRange.line, column: command.fullRange.column, endLine: value.range.endLine, endColumn: value.range.endColumn },
        text: `printf '%s' ${valueSource} | ${head}${login.stdinFlag}`,
      };
    };
    return {
      command(command) {
        const login = loginCommand(command);
        if (login) {
          const passwords = passwordArguments(command, login);
          for (const argument of passwords) {
            const fix = fixFor(command, login, argument, passwords.length);
            context.report({
              messageId: 'passwordFlag',
              data: { command: login.name, flag: argument.flagName, stdinFlag: login.stdinFlag },
              range: argument.flag.range,
              ...(fix ? { fix } : {}),
            });
          }
        }
        for (const creds of credsArguments(command)) {
          context.report({ messageId: 'creds', data: { flag: creds.flagName }, range: creds.flag.range });
        }
      },
    };
  },
});
