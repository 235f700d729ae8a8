// A strict well-formedness reader for the XML a JUnit report is made of, shared by the
// formatter tests and the fuzz harness (test/helpers/fuzz.ts).

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

/**
 * A strict reader for the XML subset a JUnit report uses: a declaration, elements,
 * attributes, text and the predefined/character references. Throws on anything not
 * well-formed: bad names, lone surrogates, unquoted or duplicate attributes, `<` or a bare `&` in
 * text or values, mismatched or unclosed tags, characters XML 1.0 forbids, content
 * after the root.
 */
export function parseXml(source: string): XmlElement {
  let at = 0;
  const fail = (what: string): never => {
    throw new Error(`not well-formed XML at offset ${at}: ${what} (${JSON.stringify(source.slice(at, at + 30))})`);
  };
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/.test(source)) fail('character not allowed in XML 1.0');
  // A lone surrogate is no character at all: it cannot be written as UTF-8.
  if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(source)) fail('lone surrogate');
  const NAME = /[A-Za-z_:][A-Za-z0-9_.:-]*/y;
  const name = (): string => {
    NAME.lastIndex = at;
    const match = NAME.exec(source);
    if (!match) return fail('expected a name');
    at += match[0].length;
    return match[0];
  };
  const spaces = () => {
    while (/[ \t\r\n]/.test(source[at] ?? '')) at++;
  };
  const decode = (raw: string): string => {
    if (raw.includes('<')) fail('"<" in text or attribute value');
    return raw.replace(/&([^;]*);?/g, (whole, ref: string) => {
      if (!whole.endsWith(';')) fail(`bare "&"`);
      const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
      if (ref in named) return named[ref]!;
      const numeric = /^#(?:x([0-9A-Fa-f]+)|([0-9]+))$/.exec(ref);
      if (!numeric) return fail(`unknown reference &${ref};`);
      const code = numeric[1] ? parseInt(numeric[1], 16) : Number(numeric[2]);
      if (!(code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || code >= 0x10000)) {
        fail(`reference to a forbidden character &${ref};`);
      }
      return String.fromCodePoint(code);
    });
  };
  const element = (): XmlElement => {
    if (source[at] !== '<') fail('expected "<"');
    at++;
    const node: XmlElement = { name: name(), attributes: {}, children: [], text: '' };
    for (;;) {
      const before = at;
      spaces();
      if (source.startsWith('/>', at)) {
        at += 2;
        return node;
      }
      if (source[at] === '>') {
        at++;
        break;
      }
      if (at === before) fail('expected white space before an attribute');
      const attribute = name();
      spaces();
      if (source[at] !== '=') fail('expected "="');
      at++;
      spaces();
      const quote = source[at];
      if (quote !== '"' && quote !== "'") fail('attribute value not quoted');
      const end = source.indexOf(quote!, at + 1);
      if (end === -1) fail('unterminated attribute value');
      if (attribute in node.attributes) fail(`duplicate attribute ${attribute}`);
      node.attributes[attribute] = decode(source.slice(at + 1, end));
      at = end + 1;
    }
    for (;;) {
      const next = source.indexOf('<', at);
      if (next === -1) fail(`unclosed <${node.name}>`);
      const raw = source.slice(at, next);
      if (raw.includes(']]>')) fail('"]]>" in text');
      node.text += decode(raw);
      at = next;
      if (source.startsWith('</', at)) {
        at += 2;
        const closing = name();
        if (closing !== node.name) fail(`</${closing}> closes <${node.name}>`);
        spaces();
        if (source[at] !== '>') fail('expected ">"');
        at++;
        return node;
      }
      node.children.push(element());
    }
  };
  const declaration = /^<\?xml version="1\.0" encoding="UTF-8"\?>\n/.exec(source);
  if (declaration) at = declaration[0].length;
  spaces();
  const rootElement = element();
  spaces();
  if (at !== source.length) fail('content after the root element');
  return rootElement;
}
