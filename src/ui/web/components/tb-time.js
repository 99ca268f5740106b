import { LitElement, html } from 'lit';
import { ClockController } from '../clock.js';
import { absoluteTime, relativeTime } from '../format.js';

// A moment shown as "5 minutes ago", kept current, with the exact time on hover and for
// screen readers through <time datetime>.
export class TbTime extends LitElement {
  static properties = { at: {} };

  constructor() {
    super();
    new ClockController(this);
  }

  render() {
    if (!this.at) return html`<span>never</span>`;
    return html`<time datetime=${this.at} title=${absoluteTime(this.at)}>${relativeTime(
      this.at,
    )}</time>`;
  }
}
customElements.define('tb-time', TbTime);
