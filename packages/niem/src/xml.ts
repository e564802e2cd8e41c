import { DOMParser, type Element } from '@xmldom/xmldom';

/**
 * NIEM namespaces by what they are, whatever prefix a message gives them (one system writes `nc:`,
 * another makes niem-core its default namespace). Minor releases share their elements.
 */
const namespaces = {
  nc: /^http:\/\/release\.niem\.gov\/niem\/niem-core\/5\.\d+\/$/,
  j: /^http:\/\/release\.niem\.gov\/niem\/domains\/jxdm\/7\.\d+\/$/,
  structures: /^http:\/\/release\.niem\.gov\/niem\/structures\/5\.\d+\/$/,
} as const;
export type Namespace = keyof typeof namespaces;

/** A step such as `nc:IdentificationID`; `*:Name` matches the local name in any namespace. */
export type Step = `${Namespace | '*'}:${string}`;

export class XmlRefused extends Error {
  override readonly name = 'XmlRefused';
  constructor(
    message: string,
    readonly path = '/',
  ) {
    super(message);
  }
}

/**
 * Parses a message's XML. A DOCTYPE or entity declaration is refused before parsing: NIEM
 * exchanges never need one, and refusing them closes external entities and entity expansion at
 * once. A parse error says where, never what was there (the text may be personal data).
 */
export function parseXml(xml: string): Element {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml))
    throw new XmlRefused('a DOCTYPE or entity declaration is refused (external entities, entity expansion)');
  let document: ReturnType<DOMParser['parseFromString']>;
  try {
    document = new DOMParser({
      onError(level, message) {
        if (level !== 'warning') throw new XmlRefused(whereOnly(message));
      },
    }).parseFromString(xml, 'text/xml');
  } catch (error) {
    if (error instanceof XmlRefused) throw error;
    throw new XmlRefused(whereOnly((error as Error).message));
  }
  const root = document.documentElement;
  if (!root) throw new XmlRefused('the message has no root element');
  return root;
}

function whereOnly(message: string): string {
  const at = /line:(\d+),col:(\d+)/.exec(message);
  return at ? `not well-formed XML at line ${at[1]}, column ${at[2]}` : 'not well-formed XML';
}

function matches(element: Element, step: Step): boolean {
  const [ns, local] = step.split(':') as [Namespace | '*', string];
  if (element.localName !== local) return false;
  return ns === '*' || namespaces[ns].test(element.namespaceURI ?? '');
}

function elementChildren(element: Element): Element[] {
  const found: Element[] = [];
  for (let node = element.firstChild; node; node = node.nextSibling)
    if (node.nodeType === 1) found.push(node as Element);
  return found;
}

/** The first element down this path of direct children, or undefined. */
export function at(element: Element, ...steps: Step[]): Element | undefined {
  let current: Element | undefined = element;
  for (const step of steps) {
    current = current && elementChildren(current).find((child) => matches(child, step));
    if (!current) return undefined;
  }
  return current;
}

/** Every element below, in document order, that is `step`. */
export function below(element: Element, step: Step): Element[] {
  const found: Element[] = [];
  const visit = (parent: Element) => {
    for (const child of elementChildren(parent)) {
      if (matches(child, step)) found.push(child);
      visit(child);
    }
  };
  visit(element);
  return found;
}

/** Trimmed text of the element at the path, or undefined when absent or empty. */
export function textAt(element: Element | undefined, ...steps: Step[]): string | undefined {
  const found = element && at(element, ...steps);
  const text = found?.textContent?.trim();
  return text ? text : undefined;
}

/** An attribute in a namespace, matched by namespace as elements are. */
export function attributeIn(element: Element, ns: Namespace, name: string): string | undefined {
  for (let i = 0; i < element.attributes.length; i++) {
    const attribute = element.attributes.item(i);
    if (attribute?.localName === name && namespaces[ns].test(attribute.namespaceURI ?? ''))
      return attribute.value;
  }
  return undefined;
}

/** An element's name with the usual prefix for its namespace, whatever the message itself used. */
function nameOf(element: Element): string {
  for (const [prefix, uri] of Object.entries(namespaces))
    if (uri.test(element.namespaceURI ?? '')) return `${prefix}:${element.localName}`;
  return element.localName ?? element.nodeName;
}

/** How a place in a message is named in a rejection: from the root down to `element`, then `steps`. */
export function pathTo(element: Element, ...steps: Step[]): string {
  const names: string[] = [];
  for (
    let node: Element | null = element;
    node && node.nodeType === 1;
    node = node.parentNode as Element | null
  )
    names.unshift(nameOf(node));
  return `/${[...names, ...steps.map((step) => step.replace(/^\*:/, ''))].join('/')}`;
}
