// Pieces of the PR table's cells, as templates rather than elements: a hundred rows of nested
// elements, each with its own shadow root, cost more to draw than the page's budget allows.
import { html } from 'lit';
import { absoluteTime, describeDrift, relativeTime } from './format.js';

// A GitHub user: the initial sits under the avatar, so when the picture cannot load (no
// network, blocked) hiding it shows the initial.
export function person(login, src) {
  if (!login) return html`<span class="muted">nobody</span>`;
  const picture = src
    ? html`<img src=${src} alt="" loading="lazy" @error=${hide} />`
    : '';
  return html`<span class="person"
    ><span class="avatar" aria-hidden="true" data-initial=${login[0].toUpperCase()}
      >${picture}</span
    >${login}</span
  >`;
}

function hide(event) {
  event.target.hidden = true;
}

// Drift in words and colour. Facts GitHub could not refresh keep their last value but look
// stale, with the reason on hover and in words for screen readers.
export function drift(value, stale) {
  const { text, tone } = describeDrift(value);
  return html`<span
    class="tag ${tone} ${stale ? 'stale' : ''}"
    title=${stale ? `May be out of date: ${stale}` : ''}
    >${text}${stale ? html`<span class="visually-hidden"> (may be out of date)</span>` : ''}</span
  >`;
}

export function moment(at) {
  if (!at) return html`<span>never</span>`;
  return html`<time datetime=${at} title=${absoluteTime(at)}>${relativeTime(at)}</time>`;
}
