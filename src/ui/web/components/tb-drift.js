import { LitElement, html } from 'lit';
import { describeDrift } from '../format.js';
import { shared } from '../styles.js';

// How far a PR's branch has moved from its pin, in words and colour. Facts GitHub could not
// refresh keep their last value but look stale, with the reason on hover.
export class TbDrift extends LitElement {
  static properties = { drift: { attribute: false }, stale: {} };

  static styles = shared;

  render() {
    const { text, tone } = describeDrift(this.drift);
    const stale = this.stale ? ' stale' : '';
    const title = this.stale ? `May be out of date: ${this.stale}` : '';
    return html`<span class="tag ${tone}${stale}" title=${title}
      >${text}${this.stale ? html`<span class="visually-hidden"> (stale)</span>` : ''}</span
    >`;
  }
}
customElements.define('tb-drift', TbDrift);
