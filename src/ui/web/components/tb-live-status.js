import { LitElement, css, html } from 'lit';
import { shared } from '../styles.js';

// Whether the page is following the server's changes. When it is not, the page says so and
// how old its data is, so nobody acts on a picture that stopped moving.
export class TbLiveStatus extends LitElement {
  static properties = { state: {}, since: {} };

  static styles = [
    shared,
    css`
      .dot {
        display: inline-block;
        width: 0.6rem;
        height: 0.6rem;
        border-radius: 50%;
        margin-right: 0.3rem;
        background: currentColor;
      }
    `,
  ];

  render() {
    if (this.state === 'live') {
      return html`<span class="tag good" id="live"><span class="dot"></span>Live</span>`;
    }
    const words = this.state === 'connecting' ? 'Not live, reconnecting' : 'Not live';
    return html`<span class="tag bad" id="live" role="status"
      ><span class="dot"></span>${words}: the data is from
      <tb-time .at=${this.since}></tb-time></span
    >`;
  }
}
customElements.define('tb-live-status', TbLiveStatus);
