// The simple commands of a script written in a plain subset of the shell language,
// read without the real shell parser.
//
// Why: mvdan-sh (GopherJS) takes tens of milliseconds to load and is slow while cold,
// and the statements pushgate reads in CI scripts are nearly always plain ones:
// `docker build -t "$IMAGE:$TAG" .`, `echo "$P" | docker login … --password-stdin`,
// `(cd app && docker push x)`. When every statement of the text is in the subset below,
// this reader gives the same commands as mvdan-sh would (src/parsers/shell.ts) at a
// fraction of the cost; otherwise it answers null and mvdan-sh reads the text.
//
// The subset: simple commands (`NAME=value` prefixes, words, redirections), pipelines,
// `&&`/`||` lists, `;`/`&`/newline separators, comments, subshells `( … )`, groups
// `{ …; }`, `if`/`elif`/`else`, `while`/`until` and `for NAME in …` loops, heredocs whose
// body expands nothing, and (bash) process substitution as a redirection's target. Words
// may hold single quotes, double quotes, backslash escapes, `$NAME`/`${NAME}`/`$1`/`$@`-style
// parameters and `$( … )` substitutions of the same subset. Anything else — `case`, `!`,
// declarations (`export`), `[[`, backticks, `$((…))`, `${X:-…}`, `$'…'`, `&>`,
// here-strings, non-ASCII text, and the spots where mvdan-sh reads differently from a
// shell (noted where they are refused) — ends the reading (null). A text this reader
// accepts is always one the shell parser accepts.
//
// The commands come out as the shell parser's walk in shell.ts lists them: each simple
// command, then the commands in `$( … )` of its assignments, of its words and of its
// redirections, in order; compound commands in source order, but not the word list of a
// `for` (the walk does not read it).

/** A word's offsets in the text: [start, end). */
export type Span = readonly [number, number];

/** One simple command as offsets in the text. */
export interface CommandSpans {
  /** From the first assignment or word to the end of the last word (or assignment). */
  start: number;
  end: number;
  words: Span[];
  assigns: Array<{ name: string; value: Span | null }>;
}

/** First words that make a statement something other than a simple command (or that the subset leaves to the real parser). */
const RESERVED = new Set([
  'if', 'then', 'elif', 'else', 'fi', 'for', 'in', 'while', 'until', 'do', 'done', 'case', 'esac', 'select',
  'function', 'time', 'coproc', '!', '{', '}', '[[', ']]',
  // Declarations are their own node type in the shell parser, not calls.
  'export', 'declare', 'local', 'readonly', 'typeset', 'nameref', 'let',
]);

/** Reserved words the reader follows: compound commands it reads, and the words that continue or close them. */
const KEYWORDS = new Set(['while', 'until', 'do', 'done', 'if', 'then', 'elif', 'else', 'fi', 'for', 'in', '{', '}']);
const COMPOUND = new Set(['while', 'until', 'if', 'for', '{']);
const DO = new Set(['do']);
const DONE = new Set(['done']);
const THEN = new Set(['then']);
const ELSE_OR_FI = new Set(['elif', 'else', 'fi']);
const FI = new Set(['fi']);
const GROUP_END = new Set(['}']);

/** Nesting of `$( … )`, `( … )` and compound commands past this is left to the real parser. */
const MAX_NESTING = 16;

class OutsideSubset extends Error {}

function outside(): never {
  throw new OutsideSubset();
}

/** The simple commands of `text` in walk order, or null when the text leaves the subset. */
export function readSubsetCommands(text: string, dialect: 'bash' | 'posix'): CommandSpans[] | null {
  // The shell parser counts UTF-8 bytes; plain ASCII keeps this reader's offsets its own.
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7e) return null;
  try {
    const reader = new SubsetReader(text, dialect === 'bash');
    reader.list(0);
    return reader.commands;
  } catch (error) {
    if (error instanceof OutsideSubset) return null;
    throw error;
  }
}

const enum C {
  Tab = 9,
  Newline = 10,
  Space = 32,
  Hash = 35,
  Dollar = 36,
  Amp = 38,
  Quote = 39,
  Open = 40,
  Close = 41,
  Semicolon = 59,
  Less = 60,
  Greater = 62,
  Backslash = 92,
  DoubleQuote = 34,
  Pipe = 124,
}

/** Characters a word may hold unquoted and unescaped (besides `$`, quotes and `\`). */
const WORD_CHAR = new Uint8Array(128);
for (const char of 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./:=,+@%^~*?-#') WORD_CHAR[char.charCodeAt(0)] = 1;

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;
const SPECIAL_PARAMETER = /[0-9@*#?$!-]/;
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;
const APPEND = /^[A-Za-z_][A-Za-z0-9_]*\+=/;

class SubsetReader {
  i = 0;
  readonly commands: CommandSpans[] = [];
  /** Heredocs opened on the current line: their bodies follow its line break. */
  private heredocs: Array<{ delimiter: string; stripTabs: boolean; expands: boolean }> = [];

  constructor(private readonly text: string, private readonly bash: boolean) {}

  private code(at = this.i): number {
    return at < this.text.length ? this.text.charCodeAt(at) : -1;
  }

  /**
   * Statements up to the end of the text (depth 0), up to a `)` (left unread), or up to
   * one of `closers` starting a statement (`do`, `done`, `fi`, `}`…; left unread).
   */
  list(depth: number, closers?: ReadonlySet<string>): void {
    if (depth > MAX_NESTING) outside();
    let statements = 0;
    for (;;) {
      this.skipBlankLines();
      const code = this.code();
      if (code === -1) {
        // Inside `$(`, `(` or a compound command, or a heredoc whose body never came.
        if (depth > 0 || this.heredocs.length > 0) outside();
        return;
      }
      if (code === C.Close) {
        // `()` and `$()` hold no statement: left to the real parser.
        if (depth === 0 || statements === 0) outside();
        return;
      }
      if (closers) {
        const keyword = this.keywordAt();
        if (keyword !== null && closers.has(keyword)) {
          if (statements === 0) outside();
          return;
        }
      }
      this.andOr(depth);
      statements++;
      this.skipBlanks();
      const after = this.code();
      if (after === C.Semicolon || after === C.Amp) {
        if (this.code(this.i + 1) === after || (after === C.Amp && this.code(this.i + 1) === C.Greater)) outside();
        this.i++;
      } else if (after !== C.Newline && after !== -1 && after !== C.Close && after !== C.Hash) {
        outside();
      }
    }
  }

  /** Pipelines joined by `&&` / `||`. */
  private andOr(depth: number): void {
    this.pipeline(depth);
    for (;;) {
      this.skipBlanks();
      const code = this.code();
      if ((code !== C.Amp && code !== C.Pipe) || this.code(this.i + 1) !== code) return;
      this.i += 2;
      this.skipOperatorLines();
      this.pipeline(depth);
    }
  }

  private pipeline(depth: number): void {
    this.command(depth);
    for (;;) {
      this.skipBlanks();
      if (this.code() !== C.Pipe || this.code(this.i + 1) === C.Pipe) return;
      if (this.code(this.i + 1) === C.Amp) outside();
      this.i++;
      this.skipOperatorLines();
      this.command(depth);
    }
  }

  /**
   * One command with its redirections: a subshell, a compound command (`while`/`until`,
   * `if`, `for … in`, `{ … }`) or a simple command. Commands in the redirections'
   * substitutions (`done < <(find …)`) come after the command's own, as in the walk.
   */
  private command(depth: number): void {
    this.skipBlanks();
    if (this.code() === C.Open) {
      if (this.code(this.i + 1) === C.Open) outside(); // `((…))`: arithmetic
      this.i++;
      this.list(depth + 1);
      this.i++; // the `)`
      this.redirections(depth);
      return;
    }
    const keyword = this.keywordAt();
    if (keyword !== null && COMPOUND.has(keyword)) {
      this.compound(keyword, depth + 1);
      this.redirections(depth);
      return;
    }
    const words: Span[] = [];
    const assigns: Array<{ name: string; value: Span | null }> = [];
    const nested: CommandSpans[] = [];
    const assignNested: CommandSpans[] = [];
    const redirectNested: CommandSpans[] = [];
    let start = -1;
    let end = -1;
    for (;;) {
      this.skipBlanks();
      const code = this.code();
      if (code === -1 || code === C.Newline || code === C.Semicolon || code === C.Amp || code === C.Pipe || code === C.Close || code === C.Hash) break;
      if (this.redirection(depth, redirectNested)) continue;
      const wordStart = this.i;
      const before = nested.length;
      this.word(depth, nested);
      const source = this.text.slice(wordStart, this.i);
      // A continuation inside an assignment or the command name (`i\⏎f`): left to the real parser.
      if (words.length === 0 && source.includes('\\\n')) outside();
      if (words.length === 0 && APPEND.test(source)) outside(); // `X+=1` (bash)
      if (words.length === 0 && ASSIGNMENT.test(source)) {
        const eq = source.indexOf('=');
        assigns.push({ name: source.slice(0, eq), value: eq + 1 < source.length ? [wordStart + eq + 1, this.i] : null });
        for (const command of nested.splice(before)) assignNested.push(command);
      } else {
        if (words.length === 0 && RESERVED.has(unquoted(source))) outside();
        words.push([wordStart, this.i]);
      }
      if (start === -1) start = wordStart;
      end = this.i;
    }
    // A statement of redirections only, or no statement where one must be: left to the real parser.
    if (start === -1) outside();
    this.commands.push({ start, end, words, assigns });
    for (const list of [assignNested, nested, redirectNested]) for (const command of list) this.commands.push(command);
  }

  /** After `while`, `until`, `if`, `for`, `{` (at the cursor): the whole compound command. */
  private compound(keyword: string, depth: number): void {
    this.i += keyword.length;
    if (keyword === 'while' || keyword === 'until') {
      this.list(depth, DO);
      this.expectKeyword('do');
      this.list(depth, DONE);
      this.expectKeyword('done');
    } else if (keyword === 'if') {
      for (;;) {
        this.list(depth, THEN);
        this.expectKeyword('then');
        this.list(depth, ELSE_OR_FI);
        const next = this.keywordAt();
        if (next === 'elif') {
          this.i += 4;
          continue;
        }
        if (next === 'else') {
          this.i += 4;
          this.list(depth, FI);
        }
        this.expectKeyword('fi');
        return;
      }
    } else if (keyword === 'for') {
      // `for NAME in WORDS; do …; done`. The walk reads the body only: commands in the words are not listed.
      this.skipBlanks();
      const name = /^[A-Za-z_][A-Za-z0-9_]*(?=[ \t])/.exec(this.text.slice(this.i, this.i + 256));
      if (!name) outside();
      this.i += name[0].length;
      this.skipBlanks();
      if (this.keywordAt() !== 'in') outside();
      this.i += 2;
      const discarded: CommandSpans[] = [];
      for (;;) {
        this.skipBlanks();
        const code = this.code();
        if (code === C.Semicolon || code === C.Newline) break;
        if (code === -1 || !startsWord(code)) outside();
        this.word(depth, discarded);
      }
      if (this.code() === C.Semicolon) this.i++;
      this.skipBlankLines();
      this.expectKeyword('do');
      this.list(depth, DONE);
      this.expectKeyword('done');
    } else {
      this.list(depth, GROUP_END); // `{ … }`
      this.expectKeyword('}');
    }
  }

  /** A reserved word at the cursor: one of KEYWORDS, unquoted, ending where a word ends; null otherwise. */
  private keywordAt(): string | null {
    const text = this.text;
    let at = this.i;
    while (at < text.length && at - this.i < 8 && /[a-z{}]/.test(text[at]!)) at++;
    const word = text.slice(this.i, at);
    if (!KEYWORDS.has(word)) return null;
    const next = this.code(at);
    return next === -1 || next === C.Space || next === C.Tab || next === C.Newline || next === C.Semicolon || next === C.Amp
      || next === C.Pipe || next === C.Close || next === C.Less || next === C.Greater ? word : null;
  }

  private expectKeyword(keyword: string): void {
    if (this.keywordAt() !== keyword) outside();
    this.i += keyword.length;
  }

  /** Redirections after a subshell or a compound command. */
  private redirections(depth: number): void {
    const nested: CommandSpans[] = [];
    for (;;) {
      this.skipBlanks();
      if (!this.redirection(depth, nested)) break;
    }
    for (const command of nested) this.commands.push(command);
  }

  /**
   * A redirection at the cursor (`>f`, `2>>f`, `<f`, `>&2`, `<<EOF`, `< <(cmd)` in bash),
   * read whole; false when there is none. Commands of its target's substitutions go to `nested`.
   */
  private redirection(depth: number, nested: CommandSpans[]): boolean {
    let at = this.i;
    const digit = this.code(at);
    if (digit >= 48 && digit <= 57) at++;
    const op = this.code(at);
    if (op !== C.Less && op !== C.Greater) return false;
    at++;
    const next = this.code(at);
    if (op === C.Less && next === C.Less) return this.heredoc(at + 1, depth);
    if (next === C.Open) outside(); // process substitution as a word
    const duplicates = next === C.Amp;
    if (next === C.Greater && op === C.Greater) at++;
    else if (duplicates) at++;
    else if (next === C.Pipe || next === C.Less || next === C.Greater) outside(); // `>|`, `<>`, `<<`…
    this.i = at;
    this.skipBlanks();
    const code = this.code();
    if ((code === C.Less || code === C.Greater) && this.code(this.i + 1) === C.Open) {
      if (!this.bash || duplicates) outside();
      // `< <(cmd)`: the target is a process substitution, a word of its own.
      this.i += 2;
      for (const command of this.nestedCommands(depth + 1)) nested.push(command);
      if (this.code() !== C.Close) outside();
      this.i++;
      const after = this.code();
      if (!(after === -1 || after === C.Space || after === C.Tab || after === C.Newline || after === C.Semicolon || after === C.Amp || after === C.Pipe || after === C.Close)) outside();
      return true;
    }
    if (code === -1 || !startsWord(code)) outside();
    this.word(depth, nested);
    return true;
  }

  /** `<<DELIM` / `<<-DELIM` / `<<'DELIM'` at the top level; the body is skipped at the line break. */
  private heredoc(at: number, depth: number): boolean {
    if (depth > 0 || this.code(at) === C.Less) outside(); // nested, or a here-string
    let stripTabs = false;
    if (this.code(at) === 45 /* - */) {
      stripTabs = true;
      at++;
    }
    while (this.code(at) === C.Space || this.code(at) === C.Tab) at++;
    const match = /^(?:'([A-Za-z0-9_]+)'|"([A-Za-z0-9_]+)"|([A-Za-z0-9_]+))(?=[ \t\n;&|)]|$)/.exec(this.text.slice(at, at + 64));
    if (!match) outside();
    const quoted = match[3] === undefined;
    const delimiter = match[1] ?? match[2] ?? match[3] ?? '';
    this.i = at + match[0].length;
    // An unquoted delimiter's body is expanded: one with `$`, a backtick or a backslash is left to the real parser.
    this.heredocs.push({ delimiter, stripTabs, expands: !quoted });
    return true;
  }

  /** After a line break: the bodies of the heredocs opened on that line. */
  private heredocBodies(): void {
    const text = this.text;
    for (const heredoc of this.heredocs) {
      for (;;) {
        if (this.i >= text.length) outside();
        const end = text.indexOf('\n', this.i);
        const lineEnd = end === -1 ? text.length : end;
        let line = text.slice(this.i, lineEnd);
        if (heredoc.stripTabs) line = line.replace(/^\t+/, '');
        this.i = end === -1 ? text.length : end + 1;
        if (line === heredoc.delimiter) break;
        // A delimiter with blanks around it: whether it ends the body is left to the real parser.
        if (line.trim() === heredoc.delimiter) outside();
        if (heredoc.expands && /[$`\\]/.test(line)) outside();
      }
    }
    this.heredocs = [];
  }

  /** One word from the cursor; commands of its `$( … )` (outside or inside double quotes) go to `inner`. */
  private word(depth: number, inner: CommandSpans[]): void {
    const text = this.text;
    const start = this.i;
    // mvdan-sh reads `#` as a literal only right after a literal character (`a#b`); after
    // quotes or an expansion (`"a"#b`, `$X#b`) it starts a comment there.
    let afterLiteral = false;
    for (;;) {
      const code = this.code();
      if (code === -1 || code === C.Space || code === C.Tab || code === C.Newline || code === C.Semicolon || code === C.Amp
        || code === C.Pipe || code === C.Less || code === C.Greater || code === C.Close) break;
      if (code === C.Quote) {
        const close = text.indexOf("'", this.i + 1);
        if (close === -1) outside();
        this.i = close + 1;
        afterLiteral = false;
      } else if (code === C.DoubleQuote) {
        this.doubleQuoted(depth, inner);
        afterLiteral = false;
      } else if (code === C.Backslash) {
        // An escaped character, or a line continuation: the word goes on after it. Whether
        // mvdan-sh counts a continuation into the word depends on what precedes it; only
        // one after a literal character is read here.
        const next = this.code(this.i + 1);
        if (next === -1 || (next < C.Space && next !== C.Newline) || (next === C.Newline && !afterLiteral)) outside();
        this.i += 2;
        if (next !== C.Newline) afterLiteral = true;
      } else if (code === C.Dollar) {
        this.dollar(depth, inner);
        afterLiteral = false;
      } else if (code < 128 && WORD_CHAR[code] === 1 && (code !== C.Hash || afterLiteral)) {
        this.i++;
        afterLiteral = true;
      } else {
        outside();
      }
    }
    if (this.i === start) outside();
    // `12>f`, `"a"2>f`: digits before a redirection may be its descriptor number to the
    // shell parser, cut off the word: left to it.
    const after = this.code();
    if ((after === C.Less || after === C.Greater) && /[0-9]$/.test(text.slice(start, this.i).replace(/\\\n/g, ''))) outside();
  }

  private doubleQuoted(depth: number, inner: CommandSpans[]): void {
    this.i++;
    for (;;) {
      const code = this.code();
      if (code === -1) outside();
      if (code === C.DoubleQuote) {
        this.i++;
        return;
      }
      if (code === C.Backslash) {
        if (this.code(this.i + 1) === -1) outside();
        this.i += 2;
      } else if (code === C.Dollar) {
        this.dollar(depth, inner);
      } else if (code === 96 /* ` */ || (code < C.Space && code !== C.Tab && code !== C.Newline)) {
        outside();
      } else {
        if (code === C.Newline && this.heredocs.length > 0) outside();
        this.i++;
      }
    }
  }

  /** `$NAME`, `${NAME}`, `$1`, `$@`…, or `$( … )` (its commands go to `inner`). */
  private dollar(depth: number, inner: CommandSpans[]): void {
    const text = this.text;
    const next = text[this.i + 1] ?? '';
    if (next === '(') {
      if (text[this.i + 2] === '(') outside(); // `$((…))`
      if (this.heredocs.length > 0) outside();
      this.i += 2;
      const reader = this.nestedCommands(depth + 1);
      for (const command of reader) inner.push(command);
      if (this.code() !== C.Close) outside();
      this.i++;
      return;
    }
    if (next === '{') {
      let at = this.i + 2;
      if (NAME_START.test(text[at] ?? '')) {
        while (NAME_CHAR.test(text[at] ?? '')) at++;
      } else if (/[0-9]/.test(text[at] ?? '')) {
        at++;
      } else {
        outside();
      }
      if (text[at] !== '}') outside();
      this.i = at + 1;
      return;
    }
    if (NAME_START.test(next)) {
      let at = this.i + 1;
      while (NAME_CHAR.test(text[at] ?? '')) at++;
      this.i = at;
      return;
    }
    if (next !== '' && SPECIAL_PARAMETER.test(next)) {
      this.i += 2;
      return;
    }
    outside();
  }

  /** The commands of a `$( … )` body, in their own walk order, read at the cursor up to its `)`. */
  private nestedCommands(depth: number): CommandSpans[] {
    const before = this.commands.length;
    this.list(depth);
    return this.commands.splice(before);
  }

  /** Spaces, tabs and line continuations. */
  private skipBlanks(): void {
    for (;;) {
      const code = this.code();
      if (code === C.Space || code === C.Tab) this.i++;
      // A heredoc's body starts after the logical line: continuations do not start it.
      else if (code === C.Backslash && this.code(this.i + 1) === C.Newline) this.i += 2;
      else return;
    }
  }

  /** Blanks, comments and line breaks (with the heredoc bodies they start), where a statement may start. */
  private skipBlankLines(): void {
    for (;;) {
      this.skipBlanks();
      const code = this.code();
      if (code === C.Newline) {
        this.i++;
        if (this.heredocs.length > 0) this.heredocBodies();
      } else if (code === C.Hash) {
        while (this.i < this.text.length && this.code() !== C.Newline) this.i++;
        // mvdan-sh joins a comment ending in `\` with the next line.
        if (this.text[this.i - 1] === '\\') outside();
      } else return;
    }
  }

  /** Blanks and line breaks after `|`, `&&`, `||` (comments and heredoc bodies there are left to the real parser). */
  private skipOperatorLines(): void {
    for (;;) {
      this.skipBlanks();
      const code = this.code();
      if (code === C.Newline) {
        if (this.heredocs.length > 0) outside();
        this.i++;
      } else if (code === C.Hash) {
        outside();
      } else return;
    }
  }
}

function startsWord(code: number): boolean {
  return code === C.Quote || code === C.DoubleQuote || code === C.Backslash || code === C.Dollar || (code < 128 && WORD_CHAR[code] === 1 && code !== C.Hash);
}

/** A word's text without quotes and backslashes, to compare with keywords. */
function unquoted(source: string): string {
  return source.replace(/["'\\]/g, '');
}
