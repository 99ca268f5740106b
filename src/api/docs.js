// Renders the service's OpenAPI document as a readable page. All document text goes into text
// nodes, never through HTML parsing: descriptions come from people and doc comments.
(() => {
  'use strict';
  const METHODS = ['get', 'put', 'post', 'patch', 'delete', 'head', 'options', 'trace'];
  const root = document.getElementById('docs');
  const specUrl = root.dataset.spec || '/openapi.json';
  let spec = {};

  const el = (tag, cls, ...children) => {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    for (const c of children) {
      if (c === null || c === undefined || c === '' || c === false) continue;
      node.append(typeof c === 'object' ? c : String(c));
    }
    return node;
  };
  const text = (value, cls = 'text') => (value ? el('p', cls, value) : null);
  const desc = (value) => text(value, 'desc text');
  const json = (v) => el('code', '', JSON.stringify(v));

  // Follows a local JSON pointer such as "#/components/schemas/PrBuild".
  const resolve = (ref) => {
    if (typeof ref !== 'string' || !ref.startsWith('#/')) return null;
    let node = spec;
    for (const raw of ref.slice(2).split('/')) {
      const part = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
      node = node && typeof node === 'object' ? node[part] : undefined;
    }
    return node || null;
  };
  const deref = (o) => (o && o.$ref ? resolve(o.$ref) || {} : o || {});
  const refName = (ref) => ref.split('/').pop();

  // OpenAPI 3.1 writes an optional value as a "null" type or a null alternative.
  const isNull = (s) => s && (s.type === 'null' ||
    (Array.isArray(s.enum) && s.enum.length === 1 && s.enum[0] === null));
  const alts = (s) => s.oneOf || s.anyOf;
  const variants = (s) => (alts(s) ? alts(s).filter((v) => !isNull(v)) : null);
  const nullable = (s) => !!(s.nullable || (Array.isArray(s.type) && s.type.includes('null')) ||
    (alts(s) || []).some(isNull));
  const mapOf = (s) => typeof s.additionalProperties === 'object' && !s.properties &&
    s.additionalProperties;

  const typeLabel = (s) => {
    if (!s || typeof s !== 'object') return 'any';
    if (s.$ref) return refName(s.$ref);
    const options = variants(s);
    if (options && options.length) return options.map(typeLabel).join(' | ');
    if (s.allOf) return s.allOf.map(typeLabel).join(' & ');
    let type = Array.isArray(s.type) ? s.type.filter((t) => t !== 'null').join(' | ') : s.type;
    if (type === 'array') return 'array of ' + typeLabel(s.items);
    if (mapOf(s) && (!type || type === 'object')) return 'map of string to ' + typeLabel(mapOf(s));
    type = type || (s.properties ? 'object' : s.enum ? 'enum' : 'any');
    return s.format ? `${type} (${s.format})` : type;
  };
  const typeLine = (s) => el('span', 'type', typeLabel(s) + (nullable(s) ? ', nullable' : ''));

  // Enum values, default and bounds; an array's or a map's values are told on it.
  const facts = (s) => {
    const out = el('span', 'enum');
    const of = s.items || mapOf(s) || {};
    const values = s.enum || (s.const !== undefined && [s.const]) || (!of.$ref && of.enum);
    if (values) out.append(values.length > 1 ? ' one of: ' : ' always: ', ...values.map(json));
    if (s.default !== undefined) out.append(' default: ', json(s.default));
    for (const k of ['minimum', 'maximum', 'minLength', 'maxLength', 'pattern']) {
      if (s[k] !== undefined) out.append(` ${k} ${s[k]}`);
    }
    return out.childNodes.length ? out : null;
  };

  // The schemas whose properties deserve a nested list under `s`.
  const inner = (s) => {
    if (!s || typeof s !== 'object') return [];
    if (s.$ref) return [s];
    return variants(s) || s.allOf || (s.items && inner(s.items)) ||
      (mapOf(s) && inner(mapOf(s))) || (s.properties ? [s] : []);
  };

  // `seen` holds the references above this schema, so a recursive one stops.
  const schemaBody = (s, seen, depth) => {
    const out = document.createDocumentFragment();
    const parts = inner(s);
    const choice = parts.length > 1 && !s.allOf;
    parts.forEach((part, i) => {
      const ref = part.$ref;
      if (choice) out.append(el('p', 'tag', (i ? 'or ' : 'either ') + typeLabel(part)));
      if (choice && !ref) out.append(desc(part.description) || '');
      if (ref && seen.includes(ref)) {
        return out.append(el('p', 'muted', refName(ref) + ' (as above)'));
      }
      const target = ref ? deref(part) : part;
      const next = ref ? [...seen, ref] : seen;
      if (depth > 11) return;
      if (ref && depth > 0) out.append(desc(target.description) || '');
      if (target.properties) out.append(propertyList(target, next, depth + 1));
      else if (target !== part) out.append(schemaBody(target, next, depth + 1));
      const f = ref && facts(target);
      if (f) out.append(el('p', '', refName(ref) + ':', f));
    });
    return out;
  };

  const propertyList = (s, seen, depth) => {
    const required = s.required || [];
    return el('ul', 'props', ...Object.entries(s.properties).map(([name, p]) => el('li', '',
      el('code', 'name', name), ' ', typeLine(p || {}), ' ',
      required.includes(name) && el('span', 'req', 'required'),
      facts(p || {}), desc((p || {}).description), schemaBody(p || {}, seen, depth))));
  };

  const schemaBlock = (s = {}) => el('div', 'schema', el('p', '', typeLine(s), facts(s)),
    desc(s.description || deref(s).description), schemaBody(s, [], 0));

  const content = (body) => {
    const out = document.createDocumentFragment();
    for (const [type, media] of Object.entries((body && body.content) || {})) {
      out.append(el('p', 'muted', el('code', '', type)), schemaBlock(media.schema));
    }
    return out;
  };

  const parameters = (list) => el('ul', 'props', ...list.map(deref).map((p) => el('li', '',
    el('code', 'name', p.name || '?'), ' ', el('span', 'tag', 'in ' + (p.in || '?')), ' ',
    typeLine(p.schema || {}), ' ', p.required && el('span', 'req', 'required'),
    facts(p.schema || {}), desc(p.description))));

  const responses = (all) => el('div', '', ...Object.entries(all || {}).map(([code, raw]) => {
    const r = deref(raw);
    return el('div', 'response', el('p', '', el('span', 'status', code), ' ', r.description),
      content(r));
  }));

  const anchor = (method, path) =>
    'op-' + method + '-' + path.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

  const operation = ([method, path, op, shared]) => {
    const params = [...(shared || []), ...(op.parameters || [])];
    const body = op.requestBody && deref(op.requestBody);
    const node = el('details', 'op' + (op.deprecated ? ' deprecated' : ''),
      el('summary', '', el('span', 'method m-' + method, method), el('span', 'path', path),
        el('span', 'muted', op.summary), op.deprecated && el('span', 'req', 'deprecated')),
      el('div', 'op-body', text(op.description),
        op.operationId && el('p', 'tag', 'operation ', el('code', '', op.operationId)),
        params.length > 0 && el('h3', '', 'Parameters'), params.length > 0 && parameters(params),
        body && el('h3', '', 'Request body' + (body.required ? ' (required)' : '')),
        body && desc(body.description), body && content(body),
        el('h3', '', 'Responses'), responses(op.responses)));
    node.id = anchor(method, path);
    return node;
  };

  const operations = () => Object.entries(spec.paths || {}).flatMap(([path, item]) =>
    METHODS.filter((m) => item && item[m]).map((m) => [m, path, item[m], item.parameters]));

  const openTarget = () => {
    const target = location.hash && document.getElementById(location.hash.slice(1));
    if (!target || target.tagName !== 'DETAILS') return;
    target.open = true;
    target.scrollIntoView();
  };

  const render = () => {
    const info = spec.info || {};
    const toc = el('ul', 'toc');
    const ops = operations().map((o) => {
      const link = el('a', '', el('span', 'method m-' + o[0], o[0]), ' ', el('code', '', o[1]));
      link.href = '#' + anchor(o[0], o[1]);
      toc.append(el('li', '', link, ' ', o[2].summary));
      return operation(o);
    });
    const raw = el('a', '', 'OpenAPI document');
    raw.href = specUrl;
    document.title = (info.title || 'API') + ' documentation';
    root.replaceChildren(el('h1', '', info.title || 'API'),
      el('p', 'version', `version ${info.version || '?'}, OpenAPI ${spec.openapi || '?'}: `, raw),
      text(info.description) || '', toc, el('h2', '', 'Endpoints'), ...ops);
    openTarget();
  };

  fetch(specUrl, { headers: { Accept: 'application/json' } })
    .then((r) => {
      if (!r.ok) throw new Error('the server answered ' + r.status);
      return r.json();
    })
    .then((doc) => { spec = doc || {}; render(); })
    .catch((e) => {
      const status = document.getElementById('docs-status');
      if (!status) return;
      status.className = 'error';
      status.textContent = 'Could not load the API description: ' + e.message;
    });
  window.addEventListener('hashchange', openTarget);
})();
