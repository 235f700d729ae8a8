// Top-level statements of a shell script, found by a light lexer, so that the real
// shell parser only reads the statements that run a program someone asked about.
//
// Why: mvdan-sh (GopherJS) costs ~1–15 ms per kilobyte of script while cold, and CI
// scripts are long (a 5 KB `printf` of a JSON config, a page of `apt-get` lines) while
// the commands pushgate reads — docker, podman, cosign, trivy, cd… — are a few lines.
//
// How: the lexer follows quotes, `$(…)`/`${…}`/`$((…))`/backticks, comments, heredocs,
// line continuations and compound commands (if/fi, case/esac, loops, `{ }`, `( )`),
// and cuts the text at line ends where a new top-level statement starts. A statement
// is relevant when one of its unquoted words (not inside a string or a heredoc body)
// names a wanted program. The other statements are blanked — every character but the
// line break becomes a space — so offsets and lines stay exactly those of the script.
//
// Safety: the lexer never decides what a command is; mvdan-sh still parses every kept
// statement in full. When the lexer is unsure (unbalanced or unterminated constructs)
// it gives up and the whole script is parsed. A wrong cut can only make the reduced
// text fail to parse (the caller then parses the whole script) or keep a statement
// whole, because quoting and heredocs, which decide what is code, are followed exactly.

/** Programs that run their arguments as a command: every word of theirs is looked at. */
const WRAPPERS = new Set(['sudo', 'doas', 'env', 'command', 'exec', 'nohup', 'time', 'nice', 'xargs', 'timeout', 'retry', 'eval']);
const OPENERS: Record<string, string> = { if: 'fi', while: 'done', until: 'done', for: 'done', select: 'done', case: 'esac' };
const CLOSERS = new Set(['fi', 'done', 'esac']);
/** Words after which a command may start. */
const LEADING_KEYWORDS = new Set(['then', 'do', 'else', 'elif', '!', 'time', 'coproc']);

type Frame =
  | { kind: 'keyword'; closer: string; inCaseHead?: boolean; casePattern?: boolean }
  | { kind: 'group' }
  | { kind: 'paren' }
  | { kind: 'subst' }
  | { kind: 'backtick' }
  | { kind: 'param'; depth: number }
  | { kind: 'arith'; depth: number }
  | { kind: 'dquote' };

class GiveUp extends Error {}

const MAX_NESTING = 64;

/**
 * The script with every top-level statement that names none of `wanted` blanked out.
 * Returns `''` when no statement is relevant, `text` itself when every statement is,
 * and null when the lexer could not follow the script (parse the whole text then).
 */
export function reduceScript(text: string, wanted: ReadonlySet<string>): string | null {
  let segments: Array<{ start: number; end: number; relevant: boolean }>;
  try {
    segments = new Lexer(text, wanted).segments();
  } catch (error) {
    if (error instanceof GiveUp) return null;
    throw error;
  }
  if (segments.every((s) => s.relevant)) return text;
  if (!segments.some((s) => s.relevant)) return '';
  let out = '';
  for (const segment of segments) {
    const piece = text.slice(segment.start, segment.end);
    out += segment.relevant ? piece : piece.replace(/[^\n]/g, ' ');
  }
  return out;
}

class Lexer {
  private i = 0;
  private readonly frames: Frame[] = [];
  /** The next word starts a command (its program, or a keyword). */
  private commandStart = true;
  /** After `|`, `&&`, `||`: the statement goes on on the next line. */
  private pendingOperator = false;
  /** Every word of the current simple command is looked at (a wrapper such as sudo ran). */
  private wrapped = false;
  /** After `function`: the next word is a name, not a command. */
  private skipNameWord = false;
  /** Right after a compound command's closer, where another closer may follow (`{ a; } }`). */
  private afterCloser = false;
  /** After a redirection operator: the next word is its target, not a command word. */
  private redirectTarget = false;
  private heredocs: Array<{ delimiter: string; stripTabs: boolean }> = [];
  private relevant = false;

  constructor(private readonly text: string, private readonly wanted: ReadonlySet<string>) {}

  segments(): Array<{ start: number; end: number; relevant: boolean }> {
    const out: Array<{ start: number; end: number; relevant: boolean }> = [];
    let start = 0;
    const text = this.text;
    while (this.i < text.length) {
      const lineBreak = this.step();
      if (lineBreak && this.frames.length === 0 && !this.pendingOperator) {
        out.push({ start, end: this.i, relevant: this.relevant });
        start = this.i;
        this.relevant = false;
      }
    }
    if (this.frames.length > 0 || this.heredocs.length > 0) throw new GiveUp();
    if (start < text.length) out.push({ start, end: text.length, relevant: this.relevant });
    return out;
  }

  private get top(): Frame | undefined {
    return this.frames[this.frames.length - 1];
  }

  /** Reads one token or character in command context; true after a line break (and its heredoc bodies). */
  private step(): boolean {
    const text = this.text;
    const frame = this.top;
    if (frame?.kind === 'dquote') return this.inDoubleQuotes();
    if (frame?.kind === 'param') return this.inParam(frame);
    if (frame?.kind === 'arith') return this.inArith(frame);
    const char = text[this.i] as string;
    if (char === '\n') {
      this.i++;
      this.readHeredocBodies();
      if (!this.pendingOperator) this.endCommand();
      return true;
    }
    if (char === ' ' || char === '\t' || char === '\r') {
      this.i++;
      return false;
    }
    if (char === '#') {
      // A comment ends at the line break, or at the backtick that closes its substitution.
      const inBackticks = this.frames.some((f) => f.kind === 'backtick');
      while (this.i < text.length && text[this.i] !== '\n' && !(inBackticks && text[this.i] === '`')) this.i++;
      return false;
    }
    if (char === '\\' && text[this.i + 1] === '\n') {
      this.i += 2;
      return false;
    }
    if (char === ';') {
      const caseFrame = frame?.kind === 'keyword' && frame.closer === 'esac' ? frame : null;
      if (text[this.i + 1] === ';' || (text[this.i + 1] === '&' && caseFrame)) {
        this.i += text[this.i + 2] === '&' ? 3 : 2;
        if (caseFrame) caseFrame.casePattern = true;
      } else {
        this.i++;
      }
      this.endCommand();
      return false;
    }
    if (char === '&' && text[this.i + 1] === '>') {
      // `&>file`, `&>>file`: a redirection, not a background operator.
      this.i += text[this.i + 2] === '>' ? 3 : 2;
      this.redirectTarget = true;
      return false;
    }
    if (char === '&' || char === '|') {
      const double = text[this.i + 1] === char;
      this.i += double ? 2 : 1;
      if (char === '|' && text[this.i] === '&') this.i++;
      // `cmd &` ends a statement; `|`, `&&`, `||` carry it on to the next line.
      this.pendingOperator = char === '|' || double;
      this.endCommand();
      return false;
    }
    if (char === '(') {
      if (frame?.kind === 'keyword' && frame.casePattern) {
        // `(a|b) …` in a case: the optional opening parenthesis of a pattern.
        this.i++;
        return false;
      }
      if (text[this.i + 1] === '(' && this.commandStart) {
        this.i += 2;
        this.frames.push({ kind: 'arith', depth: 0 });
        return false;
      }
      this.i++;
      this.frames.push({ kind: 'paren' });
      this.endCommand();
      return false;
    }
    if (char === ')') {
      this.i++;
      if (frame?.kind === 'keyword' && frame.closer === 'esac' && frame.casePattern) {
        frame.casePattern = false;
        this.endCommand();
        return false;
      }
      if (frame?.kind !== 'paren' && frame?.kind !== 'subst') throw new GiveUp();
      this.frames.pop();
      this.commandStart = false;
      return false;
    }
    if (char === '`') {
      this.i++;
      if (frame?.kind === 'backtick') {
        this.frames.pop();
        this.commandStart = false;
      } else {
        this.frames.push({ kind: 'backtick' });
        this.endCommand();
      }
      return false;
    }
    if (char === '<' || char === '>') {
      if (char === '<' && text[this.i + 1] === '<' && text[this.i + 2] !== '<') {
        this.i += 2;
        this.readHeredocOpener();
        return false;
      }
      // `<(cmd)` / `>(cmd)`: process substitution runs commands.
      if (text[this.i + 1] === '(') {
        this.i += 2;
        this.frames.push({ kind: 'subst' });
        this.endCommand();
        return false;
      }
      const start = this.i;
      while (this.i < text.length && /[<>&|0-9-]/.test(text[this.i] as string)) this.i++;
      // `>&2`, `<&-`: the descriptor is the target; otherwise a file name follows.
      this.redirectTarget = !/&[0-9-]+$/.test(text.slice(start, this.i));
      return false;
    }
    this.readWord();
    return false;
  }

  /** A simple command ended: the next word starts a new one. */
  private endCommand(): void {
    this.commandStart = true;
    this.afterCloser = false;
    this.redirectTarget = false;
    this.wrapped = false;
    this.skipNameWord = false;
  }

  private readWord(): void {
    const text = this.text;
    let value = '';
    let quoted = false;
    while (this.i < text.length) {
      const char = text[this.i] as string;
      if (' \t\r\n;&|<>)`'.includes(char)) break;
      if (char === '(') {
        // `name()` (a function), `@(a|b)` (extglob), `a=(1 2)` (an array): part of the word.
        this.skipBalanced('(', ')');
        value += '()';
        continue;
      }
      if (char === '\\') {
        if (text[this.i + 1] === '\n') {
          this.i += 2;
          continue;
        }
        value += text[this.i + 1] ?? '';
        this.i += 2;
        continue;
      }
      if (char === "'") {
        const close = text.indexOf("'", this.i + 1);
        if (close === -1) throw new GiveUp();
        value += text.slice(this.i + 1, close);
        this.i = close + 1;
        quoted = true;
        continue;
      }
      if (char === '"') {
        this.i++;
        this.frames.push({ kind: 'dquote' });
        this.runUntilPopped();
        quoted = true;
        continue;
      }
      if (char === '$') {
        const next = text[this.i + 1];
        if (next === "'") {
          this.skipAnsiQuoted();
          quoted = true;
          continue;
        }
        if (next === '(' || next === '{') {
          this.openDollar();
          this.runUntilPopped();
          value += '$';
          continue;
        }
      }
      value += char;
      this.i++;
    }
    // `2>file`: a descriptor number, part of the redirection that follows.
    if (!quoted && /^[0-9]+$/.test(value) && (text[this.i] === '>' || text[this.i] === '<')) return;
    this.word(value, quoted);
  }

  /** Steps through a frame just pushed (quotes, `$(…)`, `${…}`) until it closes. */
  private runUntilPopped(): void {
    const depth = this.frames.length;
    // Nesting this deep is no CI script: let the real parser (and its limits) have it.
    if (depth > MAX_NESTING) throw new GiveUp();
    const saved = { commandStart: this.commandStart, wrapped: this.wrapped, skipNameWord: this.skipNameWord, pending: this.pendingOperator };
    while (this.frames.length >= depth) {
      if (this.i >= this.text.length) throw new GiveUp();
      this.step();
    }
    // The word the construct sits in goes on: the surrounding command's state is unchanged.
    this.commandStart = saved.commandStart;
    this.wrapped = saved.wrapped;
    this.skipNameWord = saved.skipNameWord;
    this.pendingOperator = saved.pending;
  }

  /** At `$(`, `$((`, `${`: pushes the frame. */
  private openDollar(): void {
    const text = this.text;
    if (text[this.i + 1] === '{') {
      this.i += 2;
      this.frames.push({ kind: 'param', depth: 0 });
    } else if (text[this.i + 2] === '(') {
      this.i += 3;
      this.frames.push({ kind: 'arith', depth: 0 });
    } else {
      this.i += 2;
      this.frames.push({ kind: 'subst' });
      this.endCommand();
    }
  }

  private inDoubleQuotes(): boolean {
    const text = this.text;
    const char = text[this.i] as string;
    if (char === '"') {
      this.i++;
      this.frames.pop();
      return false;
    }
    if (char === '\\') {
      this.i += 2;
      return false;
    }
    if (char === '$' && (text[this.i + 1] === '(' || text[this.i + 1] === '{')) {
      this.openDollar();
      return false;
    }
    if (char === '`') {
      this.i++;
      this.frames.push({ kind: 'backtick' });
      this.endCommand();
      return false;
    }
    this.i++;
    return false;
  }

  private inParam(frame: { depth: number }): boolean {
    const text = this.text;
    const char = text[this.i] as string;
    if (char === '}') {
      this.i++;
      if (frame.depth === 0) this.frames.pop();
      else frame.depth--;
    } else if (char === '\\') {
      this.i += 2;
    } else if (char === "'") {
      const close = text.indexOf("'", this.i + 1);
      if (close === -1) throw new GiveUp();
      this.i = close + 1;
    } else if (char === '"') {
      this.i++;
      this.frames.push({ kind: 'dquote' });
    } else if (char === '$' && (text[this.i + 1] === '(' || text[this.i + 1] === '{')) {
      this.openDollar();
    } else if (char === '`') {
      this.i++;
      this.frames.push({ kind: 'backtick' });
      this.endCommand();
    } else {
      if (char === '{') frame.depth++;
      this.i++;
    }
    return false;
  }

  private inArith(frame: { depth: number }): boolean {
    const text = this.text;
    const char = text[this.i] as string;
    if (char === '(') {
      frame.depth++;
      this.i++;
    } else if (char === ')') {
      if (frame.depth > 0) {
        frame.depth--;
        this.i++;
      } else {
        if (text[this.i + 1] !== ')') throw new GiveUp();
        this.i += 2;
        this.frames.pop();
      }
    } else if (char === '$' && (text[this.i + 1] === '(' || text[this.i + 1] === '{')) {
      this.openDollar();
    } else {
      this.i++;
    }
    return false;
  }

  private skipAnsiQuoted(): void {
    const text = this.text;
    let i = this.i + 2;
    while (i < text.length && text[i] !== "'") i += text[i] === '\\' ? 2 : 1;
    if (i >= text.length) throw new GiveUp();
    this.i = i + 1;
  }

  /** Skips `(…)` inside a word, nested parentheses and quotes included. */
  private skipBalanced(open: string, close: string): void {
    const text = this.text;
    let depth = 0;
    for (; this.i < text.length; this.i++) {
      const char = text[this.i];
      if (char === '\\') this.i++;
      else if (char === "'" || char === '"') {
        const end = text.indexOf(char, this.i + 1);
        if (end === -1) throw new GiveUp();
        this.i = end;
      } else if (char === open) depth++;
      else if (char === close && --depth === 0) {
        this.i++;
        return;
      }
    }
    throw new GiveUp();
  }

  /** A complete word: keywords move the compound-command stack; program names mark the statement. */
  private word(value: string, quoted: boolean): void {
    this.pendingOperator = false;
    if (value === '') return;
    if (this.redirectTarget) {
      this.redirectTarget = false;
      return;
    }
    const afterCloser = this.afterCloser;
    this.afterCloser = false;
    const frame = this.top;
    if (frame?.kind === 'keyword' && frame.closer === 'esac') {
      if (frame.inCaseHead) {
        if (value === 'in' && !quoted) {
          frame.inCaseHead = false;
          frame.casePattern = true;
        }
        return;
      }
      if (frame.casePattern) {
        if (value === 'esac' && !quoted) {
          this.frames.pop();
          this.commandStart = false;
        }
        // A pattern: its `)` ends it (see step).
        return;
      }
    }
    if (this.skipNameWord) {
      // `function NAME` (its body follows); `for NAME`, `select NAME` are handled by their frame.
      this.skipNameWord = false;
      this.commandStart = true;
      return;
    }
    if (afterCloser && !quoted && (CLOSERS.has(value) || value === '}')) this.commandStart = true;
    if (this.commandStart && !quoted) {
      const closer = OPENERS[value];
      if (closer) {
        this.frames.push(value === 'case' ? { kind: 'keyword', closer, inCaseHead: true } : { kind: 'keyword', closer });
        // `for NAME in …` / `select NAME …`: a name and a list, then `do` starts commands.
        if (value === 'for' || value === 'select' || value === 'case') this.commandStart = false;
        return;
      }
      if (CLOSERS.has(value)) {
        const top = this.top;
        if (top?.kind !== 'keyword' || top.closer !== value) throw new GiveUp();
        this.frames.pop();
        this.commandStart = false;
        this.afterCloser = true;
        return;
      }
      if (value === '{') {
        this.frames.push({ kind: 'group' });
        return;
      }
      if (value === '}') {
        if (this.top?.kind !== 'group') throw new GiveUp();
        this.frames.pop();
        this.commandStart = false;
        this.afterCloser = true;
        return;
      }
      if (LEADING_KEYWORDS.has(value) || value === 'in') return;
      if (value === 'function') {
        this.skipNameWord = true;
        this.commandStart = false;
        return;
      }
    }
    const program = basename(value);
    if (this.wanted.has(program) && (this.commandStart || this.wrapped)) this.relevant = true;
    if (this.commandStart) {
      // `X=1 cmd`: an assignment keeps the command position; `name()` is a function header.
      if (/^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=/.test(value)) return;
      if (value.endsWith('()')) return;
      if (WRAPPERS.has(program)) this.wrapped = true;
      this.commandStart = false;
    }
  }

  /** After `<<`: the delimiter word (quotes removed); the body starts at the next line. */
  private readHeredocOpener(): void {
    const text = this.text;
    let stripTabs = false;
    if (text[this.i] === '-') {
      stripTabs = true;
      this.i++;
    }
    while (text[this.i] === ' ' || text[this.i] === '\t') this.i++;
    let delimiter = '';
    while (this.i < text.length) {
      const char = text[this.i] as string;
      if (' \t\n;&|<>()'.includes(char)) break;
      if (char === "'" || char === '"') {
        const close = text.indexOf(char, this.i + 1);
        if (close === -1) throw new GiveUp();
        delimiter += text.slice(this.i + 1, close);
        this.i = close + 1;
        continue;
      }
      if (char === '\\') {
        delimiter += text[this.i + 1] ?? '';
        this.i += 2;
        continue;
      }
      delimiter += char;
      this.i++;
    }
    if (delimiter === '') throw new GiveUp();
    this.heredocs.push({ delimiter, stripTabs });
  }

  /** At the start of a line after heredoc openers: skips their bodies, delimiter lines included. */
  private readHeredocBodies(): void {
    const text = this.text;
    for (const { delimiter, stripTabs } of this.heredocs) {
      for (;;) {
        if (this.i >= text.length) throw new GiveUp();
        const end = text.indexOf('\n', this.i);
        const lineEnd = end === -1 ? text.length : end;
        let line = text.slice(this.i, lineEnd);
        if (stripTabs) line = line.replace(/^\t+/, '');
        this.i = end === -1 ? text.length : end + 1;
        if (line === delimiter || line.replace(/\r$/, '') === delimiter) break;
      }
    }
    this.heredocs = [];
  }
}

function basename(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? path : path.slice(slash + 1);
}
