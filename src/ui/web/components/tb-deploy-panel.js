import { LitElement, css, html } from 'lit';
import { describePlanStep, plural } from '../format.js';
import { shared } from '../styles.js';

// The deploy button, beside the plan it will apply, so nobody deploys blind. Raises `deploy`.
export class TbDeployPanel extends LitElement {
  static properties = {
    plan: { attribute: false },
    activeCount: { type: Number },
    busy: { type: Boolean },
    inProgress: { type: Boolean },
    disabled: { type: Boolean },
  };

  static styles = [
    shared,
    css`
      :host {
        display: block;
      }
      ol {
        margin: 0.3rem 0 0.6rem;
        padding-left: 1.4rem;
      }
      .title {
        overflow-wrap: anywhere;
      }
    `,
  ];

  render() {
    const plan = this.plan ?? [];
    const reason = this.inProgress ? 'A deploy is running; wait for it to finish.' : '';
    // aria-disabled rather than disabled: a disabled button drops the keyboard focus.
    const unavailable = this.disabled || this.busy || this.inProgress;
    return html`<section aria-labelledby="deploy-title">
      <h2 id="deploy-title">Next deploy</h2>
      ${plan.length
        ? html`<p>The next deploy builds ${plural(this.activeCount, 'enabled PR')} and changes:</p>
            <ol id="plan">
              ${plan.map(
                (step) => html`<li data-action=${step.action} data-pr=${step.pr}>
                  ${describePlanStep(step)}: <span class="title">${step.title}</span>
                </li>`,
              )}
            </ol>`
        : html`<p id="plan">
            Nothing has changed since the last deploy; deploying again rebuilds
            ${plural(this.activeCount, 'enabled PR')}.
          </p>`}
      <button
        class="primary"
        id="deploy-button"
        aria-disabled=${unavailable ? 'true' : 'false'}
        aria-busy=${this.busy ? 'true' : 'false'}
        aria-describedby="deploy-reason"
        @click=${() => unavailable || this.dispatchEvent(new CustomEvent('deploy'))}
      >
        ${this.busy ? 'Deploying…' : 'Deploy to testing'}
      </button>
      <span id="deploy-reason" class="muted">${reason}</span>
    </section>`;
  }
}
customElements.define('tb-deploy-panel', TbDeployPanel);
