// A still picture of each explorer's starting state, drawn by the explorer's own JavaScript at
// build time (node), for the page to show until the widget JavaScript has arrived and drawn the
// live explorer in its place (book/_ext/first_paint.py; book/_static/book.css hides the picture
// once the explorer is drawn).
//
// Reads from stdin a JSON list of {id, esm, css, state}: a widget's model id, its ES module (the
// `_esm` anywidget keeps in the widget state), its stylesheet (`_css`) and its traits; writes to
// stdout a JSON list of {id, html, css}. The module's render({model, el}) runs once on a small
// stand-in for the DOM with a model that holds the stored traits and never changes them for the
// page; the elements it made are written out as HTML. It is the explorer's own drawing, not a second one.
//
// The picture must not pass for the explorer: every class `bp-X` becomes `bp-still-X`, every
// data-X attribute data-still-X (the stylesheet is rewritten alike), so that no selector of the
// explorer's (or of a test) finds it; its controls are disabled and it announces nothing
// (no aria-live). Math.random is seeded by the model id, so a build writes the same bytes each time.

import {pathToFileURL} from 'node:url';

const SVG_NS = 'http://www.w3.org/2000/svg';
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
const PREFIX = 'bp-still-';

class Node {}

class Text extends Node {
  constructor(text) { super(); this.data = String(text); this.parentNode = null; }
  get textContent() { return this.data; }
}

const kebab = (name) => name.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());

class Element extends Node {
  constructor(tag, namespace) {
    super();
    this.tagName = namespace === SVG_NS ? tag : tag.toLowerCase();
    this.namespace = namespace;
    this.attributes = new Map();
    this.childNodes = [];
    this.parentNode = null;
    const element = this;
    this.dataset = new Proxy({}, {
      get: (_, key) => element.getAttribute('data-' + kebab(String(key))) ?? undefined,
      set: (_, key, value) => { element.setAttribute('data-' + kebab(String(key)), value); return true; },
    });
  }
  setAttribute(name, value) { this.attributes.set(name, String(value)); }
  getAttribute(name) { return this.attributes.has(name) ? this.attributes.get(name) : null; }
  hasAttribute(name) { return this.attributes.has(name); }
  removeAttribute(name) { this.attributes.delete(name); }
  toggleAttribute(name, force) {
    const on = force === undefined ? !this.hasAttribute(name) : force;
    if (on) this.setAttribute(name, ''); else this.removeAttribute(name);
    return on;
  }
  append(...nodes) {
    for (let node of nodes) {
      if (!(node instanceof Node)) node = new Text(node);
      if (node.parentNode) node.remove();
      node.parentNode = this;
      this.childNodes.push(node);
    }
  }
  appendChild(node) { this.append(node); return node; }
  prepend(...nodes) { const rest = this.childNodes.splice(0); this.append(...nodes); this.childNodes.push(...rest); }
  replaceChildren(...nodes) {
    for (const child of this.childNodes) child.parentNode = null;
    this.childNodes = [];
    this.append(...nodes);
  }
  remove() {
    if (!this.parentNode) return;
    const siblings = this.parentNode.childNodes;
    siblings.splice(siblings.indexOf(this), 1);
    this.parentNode = null;
  }
  get children() { return this.childNodes.filter((n) => n instanceof Element); }
  get firstChild() { return this.childNodes[0] ?? null; }
  get textContent() { return this.childNodes.map((n) => n.textContent).join(''); }
  set textContent(text) { this.replaceChildren(...(text === '' || text == null ? [] : [String(text)])); }
  get hidden() { return this.hasAttribute('hidden'); }
  set hidden(on) { this.toggleAttribute('hidden', Boolean(on)); }
  get disabled() { return this.hasAttribute('disabled'); }
  set disabled(on) { this.toggleAttribute('disabled', Boolean(on)); }
  get value() { return this.getAttribute('value') ?? ''; }
  set value(v) { this.setAttribute('value', v); }
  get id() { return this.getAttribute('id') ?? ''; }
  set id(v) { this.setAttribute('id', v); }
  get className() { return this.getAttribute('class') ?? ''; }
  set className(v) { this.setAttribute('class', v); }
  get classList() {
    const names = () => this.className.split(/\s+/).filter(Boolean);
    const store = (list) => this.setAttribute('class', list.join(' '));
    return {
      contains: (name) => names().includes(name),
      add: (...add) => store([...new Set([...names(), ...add])]),
      remove: (...gone) => store(names().filter((n) => !gone.includes(n))),
      toggle: (name, force) => {
        const on = force === undefined ? !names().includes(name) : Boolean(force);
        store(on ? [...new Set([...names(), name])] : names().filter((n) => n !== name));
        return on;
      },
    };
  }
  // Layout is unknown at build time: nothing has a size.
  get scrollWidth() { return 0; }
  get clientWidth() { return 0; }
  get scrollHeight() { return 0; }
  get clientHeight() { return 0; }
  getBoundingClientRect() { return {x: 0, y: 0, width: 0, height: 0, top: 0, left: 0, right: 0, bottom: 0}; }
  addEventListener() {}
  removeEventListener() {}
  focus() {}
  blur() {}
  // Selectors of one simple part: tag, .class, [attr] or [attr=value], and their combinations.
  matches(selector) {
    const match = /^([a-zA-Z][\w-]*)?((?:\.[\w-]+)*)((?:\[[\w-]+(?:=["']?[^\]"']*["']?)?\])*)$/.exec(selector.trim());
    if (!match) throw new Error(`explorer_preview.mjs: selector not understood: ${selector}`);
    const [, tag, classes, attributes] = match;
    if (tag && tag.toLowerCase() !== this.tagName.toLowerCase()) return false;
    for (const name of classes.split('.').filter(Boolean)) if (!this.classList.contains(name)) return false;
    for (const [, name, value] of attributes.matchAll(/\[([\w-]+)(?:=["']?([^\]"']*)["']?)?\]/g)) {
      if (!this.hasAttribute(name) || (value !== undefined && this.getAttribute(name) !== value)) return false;
    }
    return true;
  }
  querySelectorAll(selector) {
    const found = [];
    const walk = (node) => {
      for (const child of node.children) {
        if (selector.split(',').some((s) => child.matches(s))) found.push(child);
        walk(child);
      }
    };
    walk(this);
    return found;
  }
  querySelector(selector) { return this.querySelectorAll(selector)[0] ?? null; }
}

const escapeText = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttribute = (text) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

// A group of plain rectangles (XOR's 1,600 cells of colour) written as one path per colour, the
// cells of a column that touch joined: the same picture in a tenth of the bytes.
function cellsAsPaths(group) {
  const plain = group.childNodes.length > 1 && group.childNodes.every((n) => n instanceof Element &&
    n.tagName === 'rect' && [...n.attributes.keys()].every((k) => ['x', 'y', 'width', 'height', 'fill'].includes(k)));
  if (!plain) return null;
  const byFill = new Map();
  for (const rect of group.childNodes) {
    const [x, y, w, h] = ['x', 'y', 'width', 'height'].map((k) => Number(rect.getAttribute(k)));
    const fill = rect.getAttribute('fill');
    const runs = byFill.get(fill) || [];
    const last = runs[runs.length - 1];
    if (last && last.x === x && last.w === w && y <= last.y + last.h + 1e-9 && y >= last.y) {
      last.h = Math.max(last.h, y + h - last.y);
    } else {
      runs.push({x, y, w, h});
    }
    byFill.set(fill, runs);
  }
  const round = (v) => String(Number(v.toFixed(2)));
  return [...byFill].map(([fill, runs]) => `<path fill="${escapeAttribute(fill)}" d="` +
    runs.map((r) => `M${round(r.x)} ${round(r.y)}h${round(r.w)}v${round(r.h)}h-${round(r.w)}z`).join('') + '"></path>').join('');
}

function serialize(node) {
  if (node instanceof Text) return escapeText(node.data);
  const attributes = [...node.attributes].map(([k, v]) => (v === '' ? ` ${k}` : ` ${k}="${escapeAttribute(v)}"`)).join('');
  const inner = (node.tagName === 'g' && cellsAsPaths(node)) || node.childNodes.map(serialize).join('');
  if (node.namespace !== SVG_NS && VOID.has(node.tagName)) return `<${node.tagName}${attributes}>`;
  return `<${node.tagName}${attributes}>${inner}</${node.tagName}>`;
}

// The picture is not the explorer: renamed classes and data attributes, inert controls, silent.
function still(node) {
  if (!(node instanceof Element)) return;
  const renamed = new Map();
  for (const [name, value] of node.attributes) {
    if (name === 'class') {
      renamed.set(name, value.split(/\s+/).filter(Boolean).map((c) => c.replace(/^bp-/, PREFIX)).join(' '));
    } else if (name.startsWith('data-')) {
      renamed.set('data-still-' + name.slice(5), value);
    } else if (name === 'aria-live' || (name === 'role' && value === 'status') || name.startsWith('on')) {
      continue;
    } else {
      renamed.set(name, value);
    }
  }
  if (['input', 'button', 'select', 'textarea'].includes(node.tagName)) renamed.set('disabled', '');
  node.attributes = renamed;
  node.childNodes.forEach(still);
}

// The stylesheet for the picture: the same rules, for the renamed classes and attributes (the
// page's own data-theme and JupyterLab's data-jp-* are left alone).
function stillCss(css) {
  return css.replace(/\.bp-(?=[a-zA-Z])/g, '.' + PREFIX)
    .replace(/\[data-(?!theme\b|jp-)/g, '[data-still-');
}

function seeded(text) {
  let seed = 0;
  for (const c of text) seed = (Math.imul(seed, 31) + c.charCodeAt(0)) | 0;
  return () => {  // mulberry32
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

globalThis.Node = Node;
globalThis.Element = Element;
globalThis.document = {
  createElement: (tag) => new Element(tag, null),
  createElementNS: (namespace, tag) => new Element(tag, namespace),
  createTextNode: (text) => new Text(text),
};
globalThis.window = globalThis;
globalThis.requestAnimationFrame = () => 0;  // nothing is scheduled after the first drawing
// An explorer whose first numbers take long to compute (the XOR explorer trains in slices,
// core.js's trainInSlices) marks what it has not yet filled in with aria-busy="true" and fills it
// in later tasks; the picture waits for them. Without a MessageChannel core.js schedules its
// slices with setTimeout, which, unlike a channel's open port, lets node exit when they are done.
delete globalThis.MessageChannel;

const busy = (element) => element instanceof Element
  && (element.getAttribute('aria-busy') === 'true' || element.childNodes.some(busy));

// Lets the explorer's scheduled tasks run until nothing in el is busy (at most `tasks` of them).
async function settled(el, id, tasks = 100000) {
  for (let n = 0; busy(el); n++) {
    if (n === tasks) throw new Error(`explorer_preview: widget ${id} is still busy after ${tasks} tasks`);
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

async function picture({id, esm, css, state}) {
  Math.random = seeded(id);
  const traits = structuredClone(state);
  const model = {
    get: (name) => traits[name],
    set: (name, value) => { traits[name] = value; },
    save_changes() {}, on() {}, off() {}, send() {},
  };
  const url = 'data:text/javascript;base64,' + Buffer.from(esm).toString('base64');
  let widget = (await import(url)).default;
  if (typeof widget === 'function') widget = await widget();
  const el = new Element('div', null);
  if (widget.initialize) await widget.initialize({model});
  await widget.render({model, el});
  await settled(el, id);
  el.childNodes.forEach(still);
  return {id, html: el.childNodes.map(serialize).join(''), css: stillCss(css || '')};
}

// The stand-in for the DOM, for a test to drive an explorer on (importing this sets it up); run as a
// script, it draws the pictures of the widgets on stdin.
export {Element, Text};

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  const widgets = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  const pictures = [];
  for (const widget of widgets) pictures.push(await picture(widget));
  process.stdout.write(JSON.stringify(pictures));
}
