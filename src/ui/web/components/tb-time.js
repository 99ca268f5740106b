import { LitElement } from 'lit';
import { moment } from '../cells.js';
import { ClockController } from '../clock.js';

// A moment shown as "5 minutes ago", kept current, with the exact time on hover and for
// screen readers through <time datetime>. The table draws the same `moment` without an element
// per cell; this element is for the few times elsewhere on the page.
export class TbTime extends LitElement {
  static properties = { at: {} };

  constructor() {
    super();
    new ClockController(this);
  }

  render() {
    return moment(this.at);
  }
}
customElements.define('tb-time', TbTime);
