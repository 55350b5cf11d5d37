// A small XML element reader for robot description files (URDF, MJCF). It keeps element names,
// attributes and nesting, and drops text, comments, processing instructions and DOCTYPEs: robot
// descriptions carry everything in attributes. No XML library ships in the stack, and a full one
// is not needed for files we author ourselves.

import { ErrorCodes, PraxisError } from '../api';

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, body: string) => {
    if (body.startsWith('#x')) return String.fromCodePoint(Number.parseInt(body.slice(2), 16));
    if (body.startsWith('#')) return String.fromCodePoint(Number.parseInt(body.slice(1), 10));
    return ENTITIES[body] ?? whole;
  });
}

function xmlError(message: string, offset: number, text: string): PraxisError {
  const line = text.slice(0, offset).split('\n').length;
  return new PraxisError(
    ErrorCodes.INVALID_ARGUMENT,
    `Robot description is not well-formed XML: ${message} (line ${line}).`,
    'Fix the robot file at the given line, or restore it from the repository.',
    { line },
  );
}

const ATTRIBUTE = /([A-Za-z_:][\w:.-]*)\s*=\s*("([^"]*)"|'([^']*)')/g;

function parseAttributes(source: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const match of source.matchAll(ATTRIBUTE)) {
    attributes[match[1]] = decodeEntities(match[3] ?? match[4] ?? '');
  }
  return attributes;
}

/** Parses an XML document into its root element. Throws a PraxisError (INVALID_ARGUMENT) when malformed. */
export function xmlParse(text: string): XmlElement {
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('<', i);
    if (open < 0) break;
    if (text.startsWith('<!--', open)) {
      const end = text.indexOf('-->', open + 4);
      if (end < 0) throw xmlError('unterminated comment', open, text);
      i = end + 3;
      continue;
    }
    if (text.startsWith('<?', open) || text.startsWith('<!', open)) {
      const end = text.indexOf('>', open);
      if (end < 0) throw xmlError('unterminated declaration', open, text);
      i = end + 1;
      continue;
    }
    const close = text.indexOf('>', open);
    if (close < 0) throw xmlError('unterminated tag', open, text);
    const tag = text.slice(open + 1, close);
    i = close + 1;
    if (tag.startsWith('/')) {
      const name = tag.slice(1).trim();
      const top = stack.pop();
      if (!top || top.name !== name) throw xmlError(`unexpected </${name}>`, open, text);
      continue;
    }
    const selfClosing = tag.endsWith('/');
    const body = selfClosing ? tag.slice(0, -1) : tag;
    const nameMatch = /^([A-Za-z_][\w:.-]*)/.exec(body);
    if (!nameMatch) throw xmlError('missing element name', open, text);
    const element: XmlElement = {
      name: nameMatch[1],
      attributes: parseAttributes(body.slice(nameMatch[1].length)),
      children: [],
    };
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(element);
    else if (root) throw xmlError('more than one root element', open, text);
    else root = element;
    if (!selfClosing) stack.push(element);
  }
  if (stack.length > 0) throw xmlError(`<${stack[stack.length - 1].name}> is never closed`, text.length, text);
  if (!root) throw xmlError('no root element', 0, text);
  return root;
}

/** The direct children of `element` named `name`. */
export function xmlChildren(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((child) => child.name === name);
}

/** The first direct child named `name`, if any. */
export function xmlChild(element: XmlElement, name: string): XmlElement | undefined {
  return element.children.find((child) => child.name === name);
}
